package web

import (
	"net/http"
	"onset/internal/web/page"
	"strconv"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service/accounts"
	"onset/internal/service/patients"
)

type apiPatient struct {
	ID         int64    `json:"id"`
	MRN        string   `json:"mrn"`
	GivenName  string   `json:"given_name"`
	FamilyName string   `json:"family_name"`
	Sex        string   `json:"sex"`
	BirthDate  string   `json:"birth_date"`
	Email      string   `json:"email,omitempty"`
	Phone      string   `json:"phone,omitempty"`
	Conditions []string `json:"conditions"`
}

func toAPIPatient(p clinic.Patient) apiPatient {
	out := apiPatient{ID: p.ID, MRN: p.MRN, GivenName: p.GivenName, FamilyName: p.FamilyName, Sex: p.Sex,
		BirthDate: p.BirthDate.Format("2006-01-02"), Email: p.Email, Phone: p.Phone, Conditions: []string{}}
	for _, c := range p.Conditions {
		out.Conditions = append(out.Conditions, string(c))
	}
	return out
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	me := map[string]any{"id": p.UserID, "email": p.Email, "name": p.Name, "role": p.Role, "clinic_id": p.ClinicID}
	if p.PatientID != 0 {
		me["patient_id"] = p.PatientID
	}
	return page.WriteJSON(w, http.StatusOK, me)
}

func (s *Server) apiPatients(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	pageNo := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := clinic.ParseInt("page", v)
		if err != nil || n < 1 {
			return clinic.Errorf(clinic.Invalid, "page must be a positive number.")
		}
		pageNo = n
	}
	res, err := s.Svc.ListPatients(r.Context(), p.Actor, r.URL.Query().Get("q"), pageNo)
	if err != nil {
		return err
	}
	out := make([]apiPatient, len(res.Patients))
	for i, pt := range res.Patients {
		out[i] = toAPIPatient(pt)
	}
	return page.WriteJSON(w, http.StatusOK, map[string]any{"total": res.Total, "page": pageNo,
		"per_page": patients.PatientsPerPage, "patients": out})
}

func (s *Server) apiPatientCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	var in struct {
		MRN        string   `json:"mrn"`
		GivenName  string   `json:"given_name"`
		FamilyName string   `json:"family_name"`
		Sex        string   `json:"sex"`
		BirthDate  string   `json:"birth_date"`
		Email      string   `json:"email"`
		Phone      string   `json:"phone"`
		Conditions []string `json:"conditions"`
		// NotADuplicate registers despite possible duplicates (a 409 lists none by design: the client asks staff).
		NotADuplicate bool `json:"not_a_duplicate"`
	}
	if err := page.DecodeJSON(r, &in); err != nil {
		return err
	}
	pt, err := s.Svc.CreatePatient(r.Context(), p.Actor, record.NewPatient{MRN: in.MRN, GivenName: in.GivenName,
		FamilyName: in.FamilyName, Sex: in.Sex, BirthDate: in.BirthDate, Email: in.Email, Phone: in.Phone,
		Conditions: in.Conditions, NotADuplicate: in.NotADuplicate})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/patients/"+strconv.FormatInt(pt.ID, 10))
	return page.WriteJSON(w, http.StatusCreated, toAPIPatient(pt))
}

func (s *Server) apiPatient(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := s.Svc.Patient(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	type course struct {
		ID        int64     `json:"id"`
		Condition string    `json:"condition"`
		Route     string    `json:"route"`
		StartedAt time.Time `json:"started_at"`
		Therapy   bool      `json:"therapy"`
	}
	type assessment struct {
		ID         int64     `json:"id"`
		Instrument string    `json:"instrument"`
		TakenAt    time.Time `json:"taken_at"`
		Total      int       `json:"total"`
		Answers    []int     `json:"answers,omitempty"`
	}
	type administration struct {
		ID       int64     `json:"id"`
		CourseID int64     `json:"course_id"`
		GivenAt  time.Time `json:"given_at"`
		Route    string    `json:"route"`
		DoseMg   float64   `json:"dose_mg"`
		WeightKg float64   `json:"weight_kg"`
	}
	out := struct {
		Patient         apiPatient       `json:"patient"`
		Courses         []course         `json:"courses"`
		Administrations []administration `json:"administrations"`
		Assessments     []assessment     `json:"assessments"`
	}{Patient: toAPIPatient(rec.Patient), Courses: []course{}, Administrations: []administration{}, Assessments: []assessment{}}
	for _, c := range rec.Courses {
		out.Courses = append(out.Courses, course{c.ID, string(c.Condition), string(c.Route), c.StartedAt, c.Therapy})
	}
	for _, a := range rec.Administrations {
		out.Administrations = append(out.Administrations, administration{a.ID, a.CourseID, a.GivenAt, string(a.Route), a.DoseMg, a.WeightKg})
	}
	for _, a := range rec.Assessments {
		out.Assessments = append(out.Assessments, assessment{a.ID, a.Instrument, a.TakenAt, a.Total, a.Answers})
	}
	return page.WriteJSON(w, http.StatusOK, out)
}
