package fhirapi

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/fhir"
	"onset/internal/record"
	"onset/internal/service/accounts"
	"onset/internal/service/interop"
	"onset/internal/service/measurement"
	"onset/internal/service/patients"
)

// What other systems send through the FHIR API is recorded by the use
// case that records it from Onset's own pages and API, so the same checks,
// transaction and audit apply: a QuestionnaireResponse's answers are
// scored by RecordAssessment, an Observation's questionnaire total kept by
// RecordTotal, a Patient registered by CreatePatient with its duplicate
// checks. A resource that cannot be read is 400 with an OperationOutcome
// naming each problem's path; one read but refused by Onset's rules is
// 422; either way nothing is stored.

// readBody reads a posted resource (within the route wrapper's size limit).
func readBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		return nil, clinic.Errorf(clinic.Invalid, "The request body could not be read.")
	}
	return body, nil
}

// refused marks a service's refusal of a resource that was read: a rule
// Onset keeps (422), placed at path when the problem is one element's.
func refused(path string, err error) error {
	code := clinic.ErrorCode(err)
	switch {
	case code == clinic.NotFound && path != "":
		// A reference to a patient the caller cannot see is not a missing page.
		return unprocessable{atPath(path, clinic.Errorf(clinic.Invalid, "is no patient of yours"))}
	case code != clinic.Invalid:
		return err
	case path != "":
		return unprocessable{atPath(path, err)}
	}
	return unprocessable{err}
}

// noConditionalCreate refuses If-None-Exist where Onset cannot honour it,
// rather than create a duplicate the client asked it not to.
func noConditionalCreate(r *http.Request, typ string) error {
	if r.Header.Get("If-None-Exist") != "" {
		return clinic.Errorf(clinic.Invalid, "Onset takes If-None-Exist only for Patient (identifier=%s|<mrn>), not %s.",
			fhir.SystemMRN, typ)
	}
	return nil
}

func (api *API) created(w http.ResponseWriter, r *http.Request, res fhir.Resource, location string) error {
	w.Header().Set("Location", api.base(r)+"/"+location)
	return writeFHIR(w, http.StatusCreated, res)
}

// fhirObservationCreate records a questionnaire total (staff). A vital
// sign is refused: Onset records those in a treatment session, with its
// alerts and discharge rules, not from other systems.
func (api *API) fhirObservationCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	if err := noConditionalCreate(r, "Observation"); err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	m, err := fhir.ParseObservation(body)
	if err != nil {
		return err
	}
	switch {
	case m.Vital != nil:
		return unprocessable{atPath("Observation.code", clinic.Errorf(clinic.Invalid,
			"is a vital sign: Onset records vital signs in a treatment session, not from other systems"))}
	case m.Response != 0:
		return unprocessable{atPath("Observation.derivedFrom", clinic.Errorf(clinic.Invalid,
			"names a QuestionnaireResponse Onset already has; its total is already recorded"))}
	}
	a, err := api.svc.RecordTotal(r.Context(), p.Actor, measurement.NewTotal{PatientID: m.Score.PatientID,
		Instrument: m.Score.Instrument, Total: m.Score.Total, TakenAt: m.Score.TakenAt})
	if err != nil {
		path := ""
		switch {
		case clinic.ErrorCode(err) == clinic.NotFound:
			path = "Observation.subject"
		case strings.Contains(clinic.ErrorMessage(err), "taken"), strings.Contains(clinic.ErrorMessage(err), "future"):
			path = "Observation.effectiveDateTime"
		}
		return refused(path, err)
	}
	o, err := fhir.ScoreObservation(a)
	if err != nil {
		return err
	}
	return api.created(w, r, o, "Observation/"+o.ID)
}

// patientAnswerWindow is how far a patient's own authored time may lie
// from when the answers arrive: a patient's answers are recorded as given
// now (RecordAssessment), so their app's clock is read only to check it
// says the same.
const patientAnswerWindow = 5 * time.Minute

// fhirResponseCreate records a completed questionnaire: its answers are
// scored and checked for safety items exactly as the assessment API does.
func (api *API) fhirResponseCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	if err := noConditionalCreate(r, "QuestionnaireResponse"); err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	a, err := fhir.ParseQuestionnaireResponse(body)
	if err != nil {
		return err
	}
	taken := a.TakenAt
	if p.Role == clinic.RolePatient {
		if d := api.svc.Now().Sub(taken); d > patientAnswerWindow || d < -patientAnswerWindow {
			return unprocessable{atPath("QuestionnaireResponse.authored", clinic.Errorf(clinic.Invalid,
				"must be now: a patient's answers are recorded as given when they arrive"))}
		}
		taken = time.Time{}
	}
	rec, err := api.svc.RecordAssessment(r.Context(), p.Actor, measurement.NewAssessment{PatientID: a.PatientID,
		Instrument: a.Instrument, Answers: a.Answers, TakenAt: taken, Source: measurement.SourceAPI,
		IdempotencyKey: r.Header.Get("Idempotency-Key")})
	if err != nil {
		path := ""
		switch {
		case clinic.ErrorCode(err) == clinic.NotFound:
			path = "QuestionnaireResponse.subject"
		case strings.Contains(clinic.ErrorMessage(err), "taken"), strings.Contains(clinic.ErrorMessage(err), "future"):
			path = "QuestionnaireResponse.authored"
		}
		return refused(path, err)
	}
	qr, err := fhir.NewQuestionnaireResponse(rec.Assessment)
	if err != nil {
		return err
	}
	return api.created(w, r, qr, "QuestionnaireResponse/"+qr.ID)
}

// fhirPatientCreate registers a patient (CreatePatient: the same checks
// and duplicate refusal as the registration form). With
// If-None-Exist: identifier=urn:onset:mrn|<mrn>, a patient with that MRN
// is answered (200) instead of registered again.
func (api *API) fhirPatientCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	mrn, conditional, err := ifNoneExist(r.Header.Get("If-None-Exist"))
	if err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	pt, err := fhir.ParsePatient(body)
	if err != nil {
		return err
	}
	if pt.ClinicID != 0 && pt.ClinicID != p.ClinicID {
		return unprocessable{atPath("Patient.managingOrganization", clinic.Errorf(clinic.Invalid,
			"must be your clinic, Organization/%d", p.ClinicID))}
	}
	existing := func() (bool, error) {
		found, err := api.svc.FindPatients(r.Context(), p.Actor, interop.PatientQuery{MRN: mrn})
		switch {
		case err != nil:
			return false, err
		case len(found) == 0:
			return false, nil
		}
		res := versionedPatient(found[0])
		w.Header().Set("Location", api.base(r)+"/Patient/"+res.ID)
		w.Header().Set("ETag", fhir.ETag(res.Meta.VersionID))
		return true, writeFHIR(w, http.StatusOK, res)
	}
	if conditional {
		if done, err := existing(); done || err != nil {
			return err
		}
	}
	created, err := api.svc.CreatePatient(r.Context(), p.Actor, record.NewPatient{MRN: pt.MRN, GivenName: pt.GivenName,
		FamilyName: pt.FamilyName, Sex: pt.Sex, BirthDate: fhir.Date(pt.BirthDate), Email: pt.Email, Phone: pt.Phone,
		EmergencyName: pt.EmergencyName, EmergencyPhone: pt.EmergencyPhone})
	if err != nil {
		if conditional && clinic.ErrorCode(err) == clinic.Conflict {
			// Registered meanwhile by another request with the same MRN.
			if done, ferr := existing(); done || ferr != nil {
				return ferr
			}
		}
		path := ""
		if strings.Contains(clinic.ErrorMessage(err), "birth") {
			path = "Patient.birthDate"
		}
		return refused(path, err)
	}
	res := fhir.VersionedPatient(created, 1, created.CreatedAt)
	w.Header().Set("ETag", fhir.ETag("1"))
	return api.created(w, r, res, "Patient/"+strconv.FormatInt(created.ID, 10)+"/_history/1")
}

// preconditionFailed is an update of a version that is no longer the
// resource's (If-Match): 412.
type preconditionFailed struct{ error }

func (p preconditionFailed) Unwrap() error { return p.error }

// fhirPatientUpdate saves an edit of a patient's details (UpdatePatient:
// the same checks, a version and an audit row). It needs If-Match with the
// version the client read (its ETag), checked in the edit's transaction:
// an edit of an older version is 412 and saves nothing, so no edit is
// lost. What Onset keeps that the Patient resource does not carry — the
// conditions, allergies, the gender a patient describes — stays as it is.
func (api *API) fhirPatientUpdate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return errNoResource
	}
	ifMatch := r.Header.Get("If-Match")
	if ifMatch == "" {
		return clinic.Errorf(clinic.Invalid, `Send If-Match: W/"<versionId>", the ETag of the version you edit, so that no edit is lost.`)
	}
	vid, ok := fhir.VersionOfETag(ifMatch)
	if !ok {
		return clinic.Errorf(clinic.Invalid, `If-Match must be W/"<versionId>", the ETag of the version you edit.`)
	}
	version, _ := strconv.Atoi(vid)
	body, err := readBody(r)
	if err != nil {
		return err
	}
	pt, err := fhir.ParsePatient(body)
	if err != nil {
		return err
	}
	if pt.ID != pid {
		return atPath("Patient.id", clinic.Errorf(clinic.Invalid, "must be the id in the address, %d", pid))
	}
	if pt.ClinicID != 0 && pt.ClinicID != p.ClinicID {
		return unprocessable{atPath("Patient.managingOrganization", clinic.Errorf(clinic.Invalid,
			"must be your clinic, Organization/%d", p.ClinicID))}
	}
	ch, err := api.svc.PatientChart(r.Context(), p.Actor, interop.ChartRequest{PatientID: pid, Audit: "fhir.read"})
	if err != nil {
		return err
	}
	cur := ch.Patient
	conditions := make([]string, len(cur.Conditions))
	for i, c := range cur.Conditions {
		conditions[i] = string(c)
	}
	_, err = api.svc.UpdatePatientVersion(r.Context(), p.Actor, pid, record.NewPatient{MRN: pt.MRN, GivenName: pt.GivenName,
		FamilyName: pt.FamilyName, Sex: pt.Sex, BirthDate: fhir.Date(pt.BirthDate), Email: pt.Email, Phone: pt.Phone,
		EmergencyName: pt.EmergencyName, EmergencyPhone: pt.EmergencyPhone, Gender: cur.Gender, Allergies: cur.Allergies,
		Conditions: conditions}, version)
	switch {
	case errors.Is(err, patients.ErrVersionChanged):
		return preconditionFailed{err}
	case err != nil:
		path := ""
		if strings.Contains(clinic.ErrorMessage(err), "birth") {
			path = "Patient.birthDate"
		}
		return refused(path, err)
	}
	if ch, err = api.svc.PatientChart(r.Context(), p.Actor, interop.ChartRequest{PatientID: pid, Audit: "fhir.read"}); err != nil {
		return err
	}
	res := versionedPatient(ch)
	w.Header().Set("ETag", fhir.ETag(res.Meta.VersionID))
	return writeFHIR(w, http.StatusOK, res)
}

// ifNoneExist reads the one conditional create Onset takes:
// identifier=urn:onset:mrn|<mrn> (or identifier=<mrn>).
func ifNoneExist(h string) (mrn string, ok bool, err error) {
	if h == "" {
		return "", false, nil
	}
	v, found := strings.CutPrefix(strings.TrimPrefix(h, "Patient?"), "identifier=")
	if found {
		if u, err := url.QueryUnescape(v); err == nil {
			v = u
		}
		system, value, hasSystem := strings.Cut(v, "|")
		if !hasSystem {
			system, value = fhir.SystemMRN, system
		}
		if system == fhir.SystemMRN && value != "" && !strings.ContainsAny(value, "&,") {
			return value, true, nil
		}
	}
	return "", false, clinic.Errorf(clinic.Invalid, "If-None-Exist: Onset takes identifier=%s|<mrn> only.", fhir.SystemMRN)
}
