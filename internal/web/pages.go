package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/patients"
	"onset/internal/web/page"
	"onset/internal/web/treatment"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	if p.Role == clinic.RolePatient {
		http.Redirect(w, r, "/patients/"+strconv.FormatInt(p.PatientID, 10), http.StatusSeeOther)
		return nil
	}
	if treatment.BoardFirst(p.Role) {
		return s.treatment.TodayPage(w, r, p)
	}
	c, err := s.Svc.Clinic(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	data := map[string]any{"Clinic": c}
	if service.Allowed(p.Role, service.ActPatientList) {
		pg, err := s.Svc.ListPatients(r.Context(), p.Actor, "", 1)
		if err != nil {
			return err
		}
		data["Patients"] = pg.Total
	}
	if err := s.treatment.AddWatchLists(r, p, data); err != nil {
		return err
	}
	// Their worklist first: what they have to do, most urgent on top.
	if service.Allowed(p.Role, service.ActWorklist) {
		if data["Items"], err = s.Svc.WorkItems(r.Context(), p.Actor); err != nil {
			return err
		}
		data["Worklist"] = true
	}
	s.Render(w, r, http.StatusOK, "home", page.Page{Title: c.Name, Principal: p, Data: data})
	return nil
}

var allConditions = []clinic.Condition{clinic.Depression, clinic.Anxiety, clinic.PTSD, clinic.OCD,
	clinic.ChronicPain, clinic.Migraine, clinic.SubstanceUse}

func (s *Server) patientList(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	q := r.URL.Query().Get("q")
	pageNo := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := clinic.ParseInt("the page number", v)
		if err != nil {
			return err
		}
		pageNo = n
	}
	return s.renderPatients(w, r, p, http.StatusOK, q, pageNo, nil, "", nil)
}

// renderPatients shows the patient list and the registration form; a
// refused registration comes back with what was typed, the reason beside
// the form, and any existing records it may repeat.
func (s *Server) renderPatients(w http.ResponseWriter, r *http.Request, p *accounts.Principal, status int, q string, pageNo int,
	form url.Values, problem string, dups []clinic.Patient) error {
	res, err := s.Svc.ListPatients(r.Context(), p.Actor, q, pageNo)
	if err != nil {
		return err
	}
	if form == nil {
		form = url.Values{}
	}
	pages := max(1, (res.Total+patients.PatientsPerPage-1)/patients.PatientsPerPage)
	s.Render(w, r, status, "patients", page.Page{Title: "Patients", Principal: p, Data: map[string]any{
		"Query": q, "Page": res, "PageNo": pageNo, "Pages": pages, "Prev": pageNo - 1, "Next": pageNo + 1,
		"Conditions": allConditions, "Form": form, "Chosen": chosenConditions(form), "FormError": problem, "Duplicates": dups,
		"Sexes": []string{"female", "male", "other", "unknown"}}})
	return nil
}

func chosenConditions(form url.Values) map[clinic.Condition]bool {
	out := map[clinic.Condition]bool{}
	for _, c := range form["condition"] {
		out[clinic.Condition(c)] = true
	}
	return out
}

func (s *Server) patientCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	f := r.PostForm
	pt, err := s.Svc.CreatePatient(r.Context(), p.Actor, record.NewPatient{
		MRN: f.Get("mrn"), GivenName: f.Get("given_name"), FamilyName: f.Get("family_name"), Sex: f.Get("sex"),
		BirthDate: f.Get("birth_date"), Email: f.Get("email"), Phone: f.Get("phone"), Conditions: f["condition"],
		NotADuplicate: f.Get("not_a_duplicate") == "yes"})
	if code := clinic.ErrorCode(err); code == clinic.Invalid || code == clinic.Conflict {
		var dups *patients.Duplicates
		var matches []clinic.Patient
		if errors.As(err, &dups) {
			matches = dups.Matches
		}
		return s.renderPatients(w, r, p, page.StatusOf(code), "", 1, f, clinic.ErrorMessage(err), matches)
	}
	if err != nil {
		return err
	}
	s.RedirectDone(w, r, p, "/patients/"+strconv.FormatInt(pt.ID, 10), "Patient registered.")
	return nil
}

func (s *Server) patientPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := s.Svc.Patient(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	data := map[string]any{
		"Patient": rec.Patient, "Courses": rec.Courses, "Administrations": rec.Administrations,
		"Assessments": rec.Assessments}
	if err := s.measurement.MeasurementData(r, p, rec, data); err != nil {
		return err
	}
	if p.Role == clinic.RolePatient {
		return s.portalPage(w, r, p, rec, data)
	}
	data["CanEdit"] = service.Allowed(p.Role, service.ActPatientUpdate)
	data["TransferredOut"], data["TransferredIn"] = rec.TransferredOut, rec.TransferredIn
	if service.AuthorizeOrg(p.Actor) == nil && rec.TransferredOut == nil {
		data["TransferTo"] = otherClinics(p)
	}
	if err := s.caseloadData(r, p, id, data); err != nil {
		return err
	}
	if service.Allowed(p.Role, service.ActOutboxRead) {
		if data["Messages"], err = s.Svc.PatientMessages(r.Context(), p.Actor, id); err != nil {
			return err
		}
		data["ContactChoices"] = contactChoices
	}
	if err := s.LikeYouData(r, p, id, "", data); err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "patient", page.Page{Title: rec.Patient.Name(), Principal: p, Data: data})
	return nil
}
