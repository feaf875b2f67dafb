package patients

import (
	"context"
	"fmt"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// PatientsPerPage is the patient list's page size.
const PatientsPerPage = 50

// MaxPatientPage is the last page number asked for: far past any clinic's
// list, and small enough that the row offset cannot overflow.
const MaxPatientPage = 100000

// ListPatients searches the actor's clinic. Names are patient data, so
// the search is audited (the query text is not: it may hold a name).
func (s *Service) ListPatients(ctx context.Context, a service.Actor, query string, page int) (clinic.PatientPage, error) {
	if err := service.Authorize(a, service.ActPatientList); err != nil {
		return clinic.PatientPage{}, err
	}
	if page < 1 || page > MaxPatientPage {
		return clinic.PatientPage{}, clinic.Errorf(clinic.Invalid, "The page number must be from 1 to %d.", MaxPatientPage)
	}
	query, err := searchText.Clean(query)
	if err != nil {
		return clinic.PatientPage{}, err
	}
	var res clinic.PatientPage
	if a.Role == clinic.RoleTherapist { // a therapist's list is their caseload
		res, err = s.store.Read().SearchCaseloadPatients(ctx, a.ClinicID, a.UserID, query, PatientsPerPage, (page-1)*PatientsPerPage)
	} else {
		res, err = s.store.Read().SearchPatients(ctx, a.ClinicID, query, PatientsPerPage, (page-1)*PatientsPerPage)
	}
	if err != nil {
		return clinic.PatientPage{}, clinic.Wrap(err, "Could not search patients.")
	}
	return res, s.AuditRead(ctx, s.Entry(a, service.ActPatientList, 0))
}

// Patient returns one patient's record, audited.
func (s *Service) Patient(ctx context.Context, a service.Actor, patientID int64) (record.PatientRecord, error) {
	if err := service.AuthorizePatient(a, service.ActPatientRead, patientID); err != nil {
		return record.PatientRecord{}, err
	}
	r := s.store.Read()
	var rec record.PatientRecord
	var err error
	if rec.Patient, err = r.Patient(ctx, a.ClinicID, patientID); err != nil {
		return rec, clinic.Wrap(err, "Could not load the patient.")
	}
	if rec.Courses, err = r.Courses(ctx, a.ClinicID, patientID); err != nil {
		return rec, clinic.Wrap(err, "Could not load the patient's courses.")
	}
	if rec.Administrations, err = r.Administrations(ctx, a.ClinicID, patientID); err != nil {
		return rec, clinic.Wrap(err, "Could not load the patient's treatments.")
	}
	if rec.Assessments, err = r.Assessments(ctx, a.ClinicID, patientID); err != nil {
		return rec, clinic.Wrap(err, "Could not load the patient's assessments.")
	}
	if rec.TransferredOut, rec.TransferredIn, err = transfers(ctx, r, a.ClinicID, patientID); err != nil {
		return rec, clinic.Wrap(err, "Could not load the patient's transfers.")
	}
	e := s.Entry(a, service.ActPatientRead, patientID)
	e.RecordType, e.RecordID = "patient", patientID
	return rec, s.AuditRead(ctx, e)
}

var searchText = clinic.Text{Name: "the search", Max: 200}

// CreatePatient registers a patient in the actor's clinic.
func (s *Service) CreatePatient(ctx context.Context, a service.Actor, n record.NewPatient) (clinic.Patient, error) {
	if err := service.Authorize(a, service.ActPatientCreate); err != nil {
		return clinic.Patient{}, err
	}
	p, err := n.ToPatient(a.ClinicID, s.Now())
	if err != nil {
		return p, err
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if !n.NotADuplicate {
			dups, err := tx.PossibleDuplicates(ctx, a.ClinicID, p)
			if err != nil {
				return err
			}
			for _, d := range dups {
				if strings.EqualFold(d.MRN, p.MRN) {
					return &clinic.Error{Code: clinic.Conflict, Err: &Duplicates{Matches: dups},
						Message: fmt.Sprintf("A patient with MRN %s already exists.", p.MRN)}
				}
			}
			if len(dups) > 0 {
				return &clinic.Error{Code: clinic.Conflict, Err: &Duplicates{Matches: dups}, Message: fmt.Sprintf(
					"This may be a patient already registered: %d record(s) have the same name and birth date, email or phone. Open the existing record, or confirm this is a different person.", len(dups))}
			}
		}
		id, err := tx.CreatePatient(ctx, p)
		if err != nil {
			return err
		}
		p.ID = id
		e := s.Entry(a, service.ActPatientCreate, id)
		e.RecordType, e.RecordID = "patient", id
		return tx.AppendAudit(ctx, e)
	})
	return p, clinic.Wrap(err, "Could not register the patient.")
}

// AuditLog lists the clinic's audit trail (administrators only).
func (s *Service) AuditLog(ctx context.Context, a service.Actor, f clinic.AuditFilter) ([]clinic.AuditEntry, error) {
	if err := service.Authorize(a, service.ActAuditRead); err != nil {
		return nil, err
	}
	var err error
	if f.Action, err = (clinic.Text{Name: "the action", Max: 100}).Clean(f.Action); err != nil {
		return nil, err
	}
	for _, d := range []time.Time{f.Since, f.Until} {
		if !d.IsZero() { // zero: no bound
			if err := clinic.ReportDate.Check(d, s.Now()); err != nil {
				return nil, err
			}
		}
	}
	f.ClinicID = a.ClinicID
	es, err := s.store.Read().Audit(ctx, f)
	return es, clinic.Wrap(err, "Could not read the audit trail.")
}

// Duplicates are the records a registration may repeat (CreatePatient's
// refusal carries them, so the page can offer them).
type Duplicates struct{ Matches []clinic.Patient }

func (d *Duplicates) Error() string { return fmt.Sprintf("%d possible duplicate(s)", len(d.Matches)) }

// transfers are the patient's moves away from, and into, this clinic.
func transfers(ctx context.Context, r Queries, clinicID, patientID int64) (out, in *record.PatientTransfer, err error) {
	t, ok, err := r.PatientTransferOut(ctx, clinicID, patientID)
	if err != nil {
		return nil, nil, err
	}
	if ok {
		out = &t
	}
	u, ok, err := r.PatientTransferIn(ctx, clinicID, patientID)
	if ok {
		in = &u
	}
	return out, in, err
}
