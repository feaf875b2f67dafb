package service

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
)

// TransferReader reads where a patient went (locations.TransferPatient).
type TransferReader interface {
	PatientTransferOut(ctx context.Context, clinicID, patientID int64) (record.PatientTransfer, bool, error)
}

// NotTransferred refuses new care for a patient who moved to another of
// the organization's clinics: their record here stays readable, but
// bookings and treatment happen at the clinic they moved to.
func NotTransferred(ctx context.Context, q TransferReader, clinicID, patientID int64) error {
	t, moved, err := q.PatientTransferOut(ctx, clinicID, patientID)
	if err != nil {
		return err
	}
	if moved {
		return clinic.Errorf(clinic.Conflict, "This patient moved to %s on %s: book and treat them there.",
			t.ClinicName, t.At.Format("2 Jan 2006"))
	}
	return nil
}
