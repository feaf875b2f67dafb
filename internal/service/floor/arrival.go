package floor

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// MarkArrived records that a booked patient has arrived (the front desk
// saw them), so the Today board shows them waiting until a nurse checks
// them in. Marking twice, or an appointment that is not booked, is a
// conflict; an appointment of another clinic is not found.
func (s *Service) MarkArrived(ctx context.Context, a service.Actor, appointmentID int64) (record.Appointment, error) {
	if err := service.Authorize(a, service.ActArrival); err != nil {
		return record.Appointment{}, err
	}
	var ap record.Appointment
	err := s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		if ap, err = tx.Appointment(ctx, a.ClinicID, appointmentID); err != nil {
			return err
		}
		ok, err := tx.MarkArrived(ctx, a.ClinicID, appointmentID, s.Now())
		if err != nil {
			return err
		}
		if !ok {
			if !ap.ArrivedAt.IsZero() {
				return clinic.Errorf(clinic.Conflict, "%s is already marked arrived.", ap.PatientName)
			}
			return clinic.Errorf(clinic.Conflict, "This appointment is %s: only a booked patient can arrive.", ap.Status)
		}
		ap.ArrivedAt = s.Now()
		e := s.Entry(a, service.ActArrival, ap.PatientID)
		e.RecordType, e.RecordID = "appointment", ap.ID
		return tx.AppendAudit(ctx, e)
	})
	return ap, clinic.Wrap(err, "Could not mark the patient arrived.")
}
