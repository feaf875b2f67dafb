package locations

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

var transferReason = clinic.Text{Name: "the reason for the transfer", Max: 500, Lines: true, Required: true}

// TransferPatient moves a patient of the actor's clinic to another clinic
// of the organization, in one transaction: the receiving clinic gets a new
// record with the patient's details, conditions and outcome history
// (courses, doses and questionnaire totals and answers, so their
// trajectory and the receiving clinic's analytics go on), and the sending
// clinic keeps its record — notes, sessions, plans, ledger entries — read
// only for new care (service.NotTransferred). Both clinics' audit trails
// record the move.
func (s *Service) TransferPatient(ctx context.Context, a service.Actor, patientID, toClinicID int64, reason string) (record.PatientTransfer, error) {
	if err := service.AuthorizeOrg(a); err != nil {
		return record.PatientTransfer{}, err
	}
	reason, err := transferReason.Clean(reason)
	if err != nil {
		return record.PatientTransfer{}, err
	}
	if toClinicID == a.ClinicID {
		return record.PatientTransfer{}, clinic.Errorf(clinic.Invalid, "Choose another clinic: the patient is already at this one.")
	}
	now := s.Now()
	t := record.PatientTransfer{ClinicID: toClinicID, FromClinicID: a.ClinicID, FromPatientID: patientID, ByUser: a.UserID,
		At: now, Reason: reason}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := s.inOrganization(ctx, tx, a, toClinicID); err != nil {
			return err
		}
		for _, end := range []struct {
			id   int64
			name *string
		}{{toClinicID, &t.ClinicName}, {a.ClinicID, &t.FromClinicName}} {
			c, err := tx.Clinic(ctx, end.id)
			if err != nil {
				return err
			}
			*end.name = c.Name
		}
		p, err := tx.Patient(ctx, a.ClinicID, patientID)
		if err != nil {
			return err
		}
		if err := service.NotTransferred(ctx, tx, a.ClinicID, patientID); err != nil {
			return err
		}
		if t.PatientID, err = s.copyRecord(ctx, tx, p, toClinicID); err != nil {
			return err
		}
		if t.ID, err = tx.CreatePatientTransfer(ctx, t); err != nil {
			return err
		}
		out := s.Entry(a, "patient.transfer_out", patientID)
		out.RecordType, out.RecordID = "patient_transfer", t.ID
		in := s.Entry(a, "patient.transfer_in", t.PatientID)
		in.ClinicID, in.RecordType, in.RecordID = toClinicID, "patient_transfer", t.ID
		if err := tx.AppendAudit(ctx, out); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, in)
	})
	return t, clinic.Wrap(err, "Could not transfer the patient.")
}

// copyRecord writes p's details and outcome history as a new record of
// clinic to and returns its ID.
func (s *Service) copyRecord(ctx context.Context, tx Tx, p clinic.Patient, to int64) (int64, error) {
	courses, err := tx.Courses(ctx, p.ClinicID, p.ID)
	if err != nil {
		return 0, err
	}
	doses, err := tx.Administrations(ctx, p.ClinicID, p.ID)
	if err != nil {
		return 0, err
	}
	answers, err := tx.Assessments(ctx, p.ClinicID, p.ID)
	if err != nil {
		return 0, err
	}
	p.ClinicID, p.CreatedAt = to, s.Now()
	id, err := tx.CreatePatient(ctx, p) // a taken MRN there is a conflict, named
	if err != nil {
		return 0, err
	}
	course := map[int64]int64{}
	for _, c := range courses {
		old := c.ID
		c.ClinicID, c.PatientID = to, id
		if course[old], err = tx.CreateCourse(ctx, c); err != nil {
			return 0, err
		}
	}
	for _, d := range doses {
		d.ClinicID, d.PatientID, d.CourseID = to, id, course[d.CourseID]
		if _, err := tx.CreateAdministration(ctx, d); err != nil {
			return 0, err
		}
	}
	for _, q := range answers {
		q.ClinicID, q.PatientID = to, id
		if _, err := tx.CreateAssessment(ctx, q, s.Now()); err != nil {
			return 0, err
		}
	}
	return id, nil
}
