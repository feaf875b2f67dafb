package patients

import (
	"context"
	"errors"
	"fmt"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// UpdatePatient saves staff's edit of a patient's details — names, MRN,
// sex and gender, birth date, email and phone, emergency contact,
// allergies, conditions — checked as at registration, in one transaction
// with a version (who, when, which fields, the details as left) and an
// audit row. An edit that changes nothing saves nothing.
func (s *Service) UpdatePatient(ctx context.Context, a service.Actor, id int64, n record.NewPatient) (clinic.Patient, error) {
	return s.UpdatePatientVersion(ctx, a, id, n, 0)
}

// ErrVersionChanged is why an edit of a version that is no longer the
// patient's is refused (clinic.Conflict wraps it).
var ErrVersionChanged = errors.New("the patient's details changed since that version")

// UpdatePatientVersion is UpdatePatient for an edit of version ifVersion
// of the details (1 is the registration, each edit one more; 0 for any):
// when another edit came first, it is refused (clinic.Conflict wrapping
// ErrVersionChanged) and nothing is saved, so no edit is lost. The
// version is checked in the edit's own transaction.
func (s *Service) UpdatePatientVersion(ctx context.Context, a service.Actor, id int64, n record.NewPatient, ifVersion int) (clinic.Patient, error) {
	if err := service.Authorize(a, service.ActPatientUpdate); err != nil {
		return clinic.Patient{}, err
	}
	var out clinic.Patient
	err := s.store.WithTx(ctx, func(tx Tx) error {
		before, err := tx.Patient(ctx, a.ClinicID, id)
		if err != nil {
			return err
		}
		after, err := n.ToPatient(a.ClinicID, s.Now())
		if err != nil {
			return err
		}
		after.ID, after.CreatedAt = before.ID, before.CreatedAt
		fields := record.ChangedFields(before, after)
		if out = before; len(fields) == 0 {
			return sameVersion(ctx, tx, a.ClinicID, id, ifVersion)
		}
		if err := tx.UpdatePatient(ctx, after); err != nil {
			return err // another patient's MRN: clinic.Conflict
		}
		// After the update, which holds the row (PostgreSQL) or the one
		// writer (SQLite): an edit that committed first is counted.
		if err := sameVersion(ctx, tx, a.ClinicID, id, ifVersion); err != nil {
			return err
		}
		if err := tx.CreatePatientVersion(ctx, record.PatientVersion{ClinicID: a.ClinicID, PatientID: id, Fields: fields,
			Patient: after, ChangedBy: a.UserID, ChangedByName: a.Name, ChangedAt: s.Now()}); err != nil {
			return err
		}
		e := s.Entry(a, service.ActPatientUpdate, id)
		e.RecordType, e.RecordID = "patient", id
		out = after
		return tx.AppendAudit(ctx, e)
	})
	return out, clinic.Wrap(err, "Could not save the patient's details.")
}

// sameVersion refuses an edit of version ifVersion (0: any) when the
// details are at another.
func sameVersion(ctx context.Context, tx Tx, clinicID, id int64, ifVersion int) error {
	if ifVersion == 0 {
		return nil
	}
	vs, err := tx.PatientVersions(ctx, clinicID, id)
	if err != nil {
		return err
	}
	if now := len(vs) + 1; now != ifVersion {
		return &clinic.Error{Code: clinic.Conflict, Err: ErrVersionChanged, Message: fmt.Sprintf(
			"The patient's details changed since version %d (they are at version %d): read them again and edit those.", ifVersion, now)}
	}
	return nil
}

// PatientVersions lists the edits of a patient's details, newest first
// (audited as a read of the record).
func (s *Service) PatientVersions(ctx context.Context, a service.Actor, id int64) ([]record.PatientVersion, error) {
	if err := service.AuthorizePatient(a, service.ActPatientRead, id); err != nil {
		return nil, err
	}
	vs, err := s.store.Read().PatientVersions(ctx, a.ClinicID, id)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not read the patient's history.")
	}
	e := s.Entry(a, service.ActPatientRead, id)
	e.RecordType = "patient_versions"
	return vs, s.AuditRead(ctx, e)
}
