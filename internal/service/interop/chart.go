package interop

import (
	"context"
	"strings"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Parts are the parts of a patient's record a read asks for. Each is read
// under its own action of the policy table:
//
//	Assessments   questionnaires and their totals   patient.read
//	Sessions      treatment sessions, doses, vitals  session.read
//	Intakes       intakes (weight, height)          intake.read
//	Plans         treatment plan versions            plan.read
//	Appointments  appointments                       appointment.read
//	Consents      contact choices (Consent)          patient.read
//
// The patient and the versions of their details come with every read
// (patient.read).
type Parts uint

const (
	Assessments Parts = 1 << iota
	Sessions
	Intakes
	Plans
	Appointments
	Consents // how the patient chose to be reached, every choice (patient.read)

	// Everything is every part.
	Everything = Assessments | Sessions | Intakes | Plans | Appointments | Consents
)

var partAction = []struct {
	part   Parts
	action service.Action
}{
	{Assessments, service.ActPatientRead}, {Sessions, service.ActSessionRead}, {Intakes, service.ActIntakeRead},
	{Plans, service.ActPlanRead}, {Appointments, service.ActAppointmentRead}, {Consents, service.ActPatientRead},
}

// Readable is the parts of ps that role may read.
func Readable(role clinic.Role, ps Parts) Parts {
	var out Parts
	for _, pa := range partAction {
		if ps&pa.part != 0 && service.Allowed(role, pa.action) {
			out |= pa.part
		}
	}
	return out
}

// Chart is one patient's record, as much of it as was asked for.
type Chart struct {
	Patient clinic.Patient
	// Versions are the edits of the patient's details, newest first; the
	// registration is version 1, each edit one more (Version).
	Versions     []record.PatientVersion
	Assessments  []clinic.Assessment
	Sessions     []record.SessionRecord
	Intakes      []record.Intake
	Plans        []record.Plan
	Appointments []record.Appointment
	// Contacts are the patient's choices of how to be reached, newest
	// (in force) first.
	Contacts []record.ContactPreference
	// ProviderUsers maps the calendar's bookable providers to their user
	// accounts, for the appointments' practitioners (0: none).
	ProviderUsers map[int64]int64
	// Parts are the parts read; a lenient read leaves out those the
	// actor may not read.
	Parts Parts
}

// Version is the version of the patient's details in force: 1 at
// registration, one more for each edit.
func (c Chart) Version() int { return len(c.Versions) + 1 }

// ChartRequest asks for parts of one patient's record.
type ChartRequest struct {
	PatientID int64
	Parts     Parts
	// Lenient leaves out the parts the actor may not read ($everything:
	// all the caller may see); otherwise asking for one is Forbidden.
	Lenient bool
	// Audit is the audit entry's record type, e.g. "fhir.read",
	// "fhir.search", "fhir.everything".
	Audit string
	// MayLag lets the read come from a read replica, up to a few seconds
	// behind the primary (service.Analytical): for searches. Leave it
	// false where a write just made must show (a read after a create or
	// an update, the read an update starts from).
	MayLag bool
}

// errNoPatient is what a caller hears of a patient it may not see: the
// same as of one that does not exist, so a patient's token learns nothing
// of other records (another clinic's patient is not found by the query).
var errNoPatient = clinic.Errorf(clinic.NotFound, "There is no such patient.")

// PatientChart reads parts of a patient's record for whoever
// service.AuthorizePatient lets read it: staff of the patient's clinic,
// the patient themself. A patient the object-level rule keeps from the
// caller is not found, like one that does not exist. The read is audited
// as a read of the patient's record before it is returned.
func (s *Service) PatientChart(ctx context.Context, a service.Actor, req ChartRequest) (Chart, error) {
	if err := visible(a, req.PatientID); err != nil {
		return Chart{}, err
	}
	parts := Readable(a.Role, req.Parts)
	if parts != req.Parts && !req.Lenient {
		return Chart{}, clinic.Errorf(clinic.Forbidden, "You do not have permission to read that part of the record.")
	}
	ch, err := s.load(ctx, s.reads(req.MayLag), a.ClinicID, req.PatientID, parts)
	if err != nil {
		return Chart{}, err
	}
	e := s.Entry(a, service.ActPatientRead, req.PatientID)
	e.RecordType, e.RecordID = auditType(req.Audit), req.PatientID
	return ch, s.AuditRead(ctx, e)
}

// visible applies the policy table (a role that may not read patients is
// Forbidden) and then the object-level rule, whose refusal is not found.
func visible(a service.Actor, patientID int64) error {
	if err := service.Authorize(a, service.ActPatientRead); err != nil {
		return err
	}
	if err := service.AuthorizePatient(a, service.ActPatientRead, patientID); err != nil {
		return errNoPatient
	}
	return nil
}

func auditType(t string) string {
	if t == "" {
		return "fhir.read"
	}
	return t
}

// load reads the patient, their versions and the parts asked for.
func (s *Service) load(ctx context.Context, r Queries, clinicID, patientID int64, parts Parts) (Chart, error) {
	ch := Chart{Parts: parts}
	var err error
	if ch.Patient, err = r.Patient(ctx, clinicID, patientID); err != nil {
		if clinic.ErrorCode(err) == clinic.NotFound {
			return ch, errNoPatient
		}
		return ch, clinic.Wrap(err, "Could not load the patient.")
	}
	if ch.Versions, err = r.PatientVersions(ctx, clinicID, patientID); err != nil {
		return ch, clinic.Wrap(err, "Could not load the patient's history.")
	}
	if parts&Assessments != 0 {
		if ch.Assessments, err = r.Assessments(ctx, clinicID, patientID); err != nil {
			return ch, clinic.Wrap(err, "Could not load the patient's questionnaires.")
		}
	}
	if parts&Sessions != 0 {
		ss, err := r.PatientTreatmentSessions(ctx, clinicID, patientID)
		if err != nil {
			return ch, clinic.Wrap(err, "Could not load the patient's sessions.")
		}
		for _, ts := range ss {
			rec, err := r.SessionRecord(ctx, clinicID, ts.ID)
			if err != nil {
				return ch, clinic.Wrap(err, "Could not load a treatment session.")
			}
			ch.Sessions = append(ch.Sessions, rec)
		}
	}
	if parts&Intakes != 0 {
		if ch.Intakes, err = r.Intakes(ctx, clinicID, patientID); err != nil {
			return ch, clinic.Wrap(err, "Could not load the patient's intakes.")
		}
	}
	if parts&Plans != 0 {
		if ch.Plans, err = r.Plans(ctx, clinicID, patientID); err != nil {
			return ch, clinic.Wrap(err, "Could not load the patient's plans.")
		}
	}
	if parts&Consents != 0 {
		if ch.Contacts, err = r.ContactPreferences(ctx, clinicID, patientID); err != nil {
			return ch, clinic.Wrap(err, "Could not load the patient's contact choices.")
		}
	}
	if parts&Appointments != 0 {
		if ch.Appointments, err = r.PatientAppointments(ctx, clinicID, patientID); err != nil {
			return ch, clinic.Wrap(err, "Could not load the patient's appointments.")
		}
		ps, err := r.BookingProviders(ctx, clinicID)
		if err != nil {
			return ch, clinic.Wrap(err, "Could not load the clinic's providers.")
		}
		ch.ProviderUsers = map[int64]int64{}
		for _, p := range ps {
			ch.ProviderUsers[p.ID] = p.UserID
		}
	}
	return ch, nil
}

// Record kinds a resource id can name (LocateRecord).
const (
	KindAssessment  = "assessment"
	KindSession     = "treatment_session"
	KindDose        = "session_dose"
	KindVitals      = "session_vitals"
	KindIntake      = "intake"
	KindPlan        = "plan"
	KindAppointment = "appointment"
	KindContact     = "contact_preference"
)

// LocateRecord finds the patient a record of the actor's clinic belongs
// to, so that a read by resource id can then read that patient's chart
// (which checks who may see it). A record the clinic does not have is not
// found. It returns no patient data and is not audited itself: the chart
// read that follows is.
func (s *Service) LocateRecord(ctx context.Context, a service.Actor, kind string, id int64) (int64, error) {
	if err := service.Authorize(a, service.ActPatientRead); err != nil {
		return 0, err
	}
	pid, err := s.store.Read().RecordPatient(ctx, a.ClinicID, kind, id)
	switch {
	case clinic.ErrorCode(err) == clinic.NotFound:
		return 0, clinic.Errorf(clinic.NotFound, "There is no such record.")
	case err != nil:
		return 0, clinic.Wrap(err, "Could not find the record.")
	case visible(a, pid) != nil:
		return 0, clinic.Errorf(clinic.NotFound, "There is no such record.")
	}
	return pid, nil
}

// PatientQuery narrows a search of the clinic's patients. The caller
// (FHIR search) still decides which of the patients found match.
type PatientQuery struct {
	IDs  []int64 // these patients (_id)
	MRN  string  // the patient with this medical record number (identifier)
	Name string  // patients whose name, MRN, email or phone holds this text
	// MayLag lets the search read a read replica, as ChartRequest.MayLag;
	// false for the look-up a conditional create makes.
	MayLag bool
}

// MaxPatientCandidates bounds the patients one search loads; a search that
// would load more is refused so the client narrows it.
const MaxPatientCandidates = 1000

// FindPatients lists the patients a search may match, each with the
// versions of their details: staff search their clinic (patient.list); a
// patient finds only themself; the object-level rule (AuthorizePatient)
// leaves out anyone it keeps from the caller. Audited as a search.
func (s *Service) FindPatients(ctx context.Context, a service.Actor, q PatientQuery) ([]Chart, error) {
	action, ids := service.ActPatientList, q.IDs
	if a.Role == clinic.RolePatient {
		action, ids = service.ActPatientRead, []int64{a.PatientID}
	}
	if err := service.Authorize(a, action); err != nil {
		return nil, err
	}
	r := s.reads(q.MayLag)
	var ps []clinic.Patient
	if len(ids) > 0 {
		for _, id := range ids {
			p, err := r.Patient(ctx, a.ClinicID, id)
			switch {
			case clinic.ErrorCode(err) == clinic.NotFound:
				continue
			case err != nil:
				return nil, clinic.Wrap(err, "Could not load the patient.")
			}
			ps = append(ps, p)
		}
	} else {
		var err error
		if ps, err = s.candidates(ctx, r, a.ClinicID, q); err != nil {
			return nil, err
		}
	}
	var out []Chart
	for _, p := range ps {
		if service.AuthorizePatient(a, service.ActPatientRead, p.ID) != nil {
			continue // the object-level rule keeps this patient from the caller
		}
		vs, err := r.PatientVersions(ctx, a.ClinicID, p.ID)
		if err != nil {
			return nil, clinic.Wrap(err, "Could not load the patient's history.")
		}
		out = append(out, Chart{Patient: p, Versions: vs})
	}
	e := s.Entry(a, action, 0)
	if len(out) == 1 {
		e.PatientID = out[0].Patient.ID
	}
	e.RecordType = "fhir.search"
	return out, s.AuditRead(ctx, e)
}

func (s *Service) candidates(ctx context.Context, r Queries, clinicID int64, q PatientQuery) ([]clinic.Patient, error) {
	if q.MRN != "" {
		mrn, err := clinic.MRNText.Clean(q.MRN)
		if err != nil {
			return nil, err
		}
		dups, err := r.PossibleDuplicates(ctx, clinicID, clinic.Patient{MRN: mrn})
		if err != nil {
			return nil, clinic.Wrap(err, "Could not search the patients.")
		}
		for _, p := range dups {
			if strings.EqualFold(p.MRN, mrn) {
				return []clinic.Patient{p}, nil
			}
		}
		return nil, nil
	}
	name, err := (clinic.Text{Name: "the name", Max: 200}).Clean(q.Name)
	if err != nil {
		return nil, err
	}
	page, err := r.SearchPatients(ctx, clinicID, name, MaxPatientCandidates+1, 0)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not search the patients.")
	}
	if page.Total > MaxPatientCandidates {
		return nil, clinic.Errorf(clinic.Invalid, "This search would read %d patients; narrow it (by identifier, name or _id) "+
			"to at most %d.", page.Total, MaxPatientCandidates)
	}
	return page.Patients, nil
}
