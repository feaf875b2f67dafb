package web

import (
	"net/http"
	"strconv"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/service/accounts"
	"onset/internal/service/cohort"
	weboutcomes "onset/internal/web/outcomes"
	"onset/internal/web/page"
)

// A clinic group (issue 17): staff who work at several of the
// organization's clinics choose one for their session (the menu's clinic
// switcher); organization admins manage the clinics and who works where,
// and compare the locations' outcomes on one page.

// clinicSwitch makes the chosen clinic the session's and opens its home
// page: every later page of the session is that clinic's.
func (s *Server) clinicSwitch(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.OptionalID(r.PostForm.Get("clinic"), "clinic")
	if err != nil {
		return err
	}
	c, err := s.Svc.SwitchClinic(r.Context(), *p, id)
	if err != nil {
		return s.RedirectRefused(w, r, p, "/", err)
	}
	s.RedirectDone(w, r, p, "/", "You are working in "+c.Name+".")
	return nil
}

// organizationPage lists the clinics with their sizes, who works where,
// and the locations' time to response side by side.
func (s *Server) organizationPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	org, err := s.Svc.Organization(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	pooled, err := s.Svc.OrganizationOutcomes(r.Context(), p.Actor, cohort.OutcomeQuery{Instrument: "phq9",
		Event: string(outcomes.EventResponse), Times: cohort.DashboardTimes})
	if err != nil {
		return err
	}
	works := map[int64]map[int64]bool{}
	for _, m := range org.Staff {
		works[m.ID] = map[int64]bool{}
		for _, c := range m.Clinics {
			works[m.ID][c] = true
		}
	}
	s.Render(w, r, http.StatusOK, "organization", page.Page{Title: "Organization", Principal: p, Data: map[string]any{
		"Clinics": org.Clinics, "Staff": org.Staff, "Works": works, "Times": weboutcomes.TimeNames,
		"Outcomes": weboutcomes.SectionOf("response", "PHQ-9: responded (≤ 50% of baseline), by location", pooled),
	}})
	return nil
}

func (s *Server) organizationAddClinic(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	c, err := s.Svc.AddClinic(r.Context(), p.Actor, r.PostForm.Get("name"), r.PostForm.Get("timezone"))
	if err != nil {
		return s.RedirectRefused(w, r, p, "/org", err)
	}
	s.RedirectDone(w, r, p, "/org", "Added "+c.Name+". Choose who works there below.")
	return nil
}

func (s *Server) organizationRenameClinic(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Svc.RenameClinic(r.Context(), p.Actor, id, r.PostForm.Get("name")); err != nil {
		return s.RedirectRefused(w, r, p, "/org", err)
	}
	s.RedirectDone(w, r, p, "/org", "Clinic renamed.")
	return nil
}

// organizationStaff saves the clinics one staff member works at: the
// form's checked boxes, one per clinic.
func (s *Server) organizationStaff(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	var clinics []int64
	for _, v := range r.PostForm["clinic"] {
		c, err := strconv.ParseInt(v, 10, 64)
		if err != nil || c <= 0 {
			return clinic.Errorf(clinic.Invalid, "Choose clinics from the list.")
		}
		clinics = append(clinics, c)
	}
	if err := s.Svc.SetStaffClinics(r.Context(), p.Actor, id, clinics); err != nil {
		return s.RedirectRefused(w, r, p, "/org#staff", err)
	}
	s.RedirectDone(w, r, p, "/org#staff", "Saved where they work.")
	return nil
}

// otherClinics are the clinics of the organization other than the one p
// works in now.
func otherClinics(p *accounts.Principal) []clinic.Clinic {
	var out []clinic.Clinic
	for _, c := range p.Locations {
		if c.ID != p.ClinicID {
			out = append(out, c)
		}
	}
	return out
}

// patientTransfer moves a patient to another clinic of the organization
// and opens their new record there... which is another clinic's: the
// admin lands back on the record here, with the banner saying where.
func (s *Server) patientTransfer(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	to, err := page.OptionalID(r.PostForm.Get("clinic"), "clinic")
	if err != nil {
		return err
	}
	back := "/patients/" + strconv.FormatInt(id, 10)
	t, err := s.Svc.TransferPatient(r.Context(), p.Actor, id, to, r.PostForm.Get("reason"))
	if err != nil {
		return s.RedirectRefused(w, r, p, back, err)
	}
	s.RedirectDone(w, r, p, back, "Transferred to "+t.ClinicName+"; switch to it from the menu to see the new record.")
	return nil
}
