package patients

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// AssignTherapist puts a patient on a therapist's caseload (admins), so
// the therapist may open their record; audited.
func (s *Service) AssignTherapist(ctx context.Context, a service.Actor, patientID, therapistID int64) error {
	return s.caseload(ctx, a, patientID, therapistID, true)
}

// EndTherapist takes a patient off a therapist's caseload (admins); the
// assignment is kept, ended; audited.
func (s *Service) EndTherapist(ctx context.Context, a service.Actor, patientID, therapistID int64) error {
	return s.caseload(ctx, a, patientID, therapistID, false)
}

func (s *Service) caseload(ctx context.Context, a service.Actor, patientID, therapistID int64, on bool) error {
	if err := service.Authorize(a, service.ActCaseloadManage); err != nil {
		return err
	}
	err := s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := tx.Patient(ctx, a.ClinicID, patientID); err != nil {
			return err
		}
		u, err := tx.User(ctx, therapistID)
		if err != nil || u.ClinicID != a.ClinicID || u.Role != clinic.RoleTherapist || u.Disabled {
			return clinic.Errorf(clinic.Invalid, "Choose one of the clinic's therapists.")
		}
		var changed bool
		action := "caseload.assign"
		if on {
			changed, err = tx.AssignCaseload(ctx, record.CaseloadEntry{ClinicID: a.ClinicID, TherapistID: therapistID,
				PatientID: patientID, AssignedBy: a.UserID, AssignedAt: s.Now()})
		} else {
			action = "caseload.end"
			changed, err = tx.EndCaseload(ctx, a.ClinicID, therapistID, patientID, s.Now())
		}
		if err != nil {
			return err
		}
		if !changed {
			if on {
				return clinic.Errorf(clinic.Conflict, "%s already has this patient on their caseload.", u.Name)
			}
			return clinic.Errorf(clinic.Conflict, "This patient is not on %s's caseload.", u.Name)
		}
		e := s.Entry(a, service.ActCaseloadManage, patientID)
		e.Action, e.RecordType, e.RecordID = action, "user", therapistID
		return tx.AppendAudit(ctx, e)
	})
	return clinic.Wrap(err, "Could not change the caseload.")
}

// PatientTherapists lists the therapists a patient is with (staff who
// may read the record).
func (s *Service) PatientTherapists(ctx context.Context, a service.Actor, patientID int64) ([]record.CaseloadEntry, error) {
	if err := service.AuthorizePatient(a, service.ActPatientRead, patientID); err != nil {
		return nil, err
	}
	out, err := s.store.Read().PatientTherapists(ctx, a.ClinicID, patientID)
	return out, clinic.Wrap(err, "Could not read the patient's therapists.")
}
