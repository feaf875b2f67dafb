package outreach

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Outbox lists the clinic's recent messages, newest first, for the outbox
// page: what went, what waits and why, what failed. Tokens are never
// returned. The read is audited.
func (s *Service) Outbox(ctx context.Context, a service.Actor, limit int) ([]record.OutboxMessage, error) {
	if err := service.Authorize(a, service.ActOutboxRead); err != nil {
		return nil, err
	}
	ms, err := s.store.Read().OutboxMessages(ctx, a.ClinicID, limit)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not read the outbox.")
	}
	for i := range ms {
		ms[i].Token = ""
	}
	e := s.Entry(a, service.ActOutboxRead, 0)
	e.RecordType = "outbox"
	return ms, s.AuditRead(ctx, e)
}

// SendNow makes a waiting message due at once, for when its delivery kept
// failing and the cause is fixed (the mail server is back, its password
// corrected). A message already sent, given up or closed is refused.
func (s *Service) SendNow(ctx context.Context, a service.Actor, id int64) error {
	if err := service.Authorize(a, service.ActOutboxRetry); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(tx Tx) error {
		m, err := tx.OutboxMessage(ctx, a.ClinicID, id)
		if err != nil {
			return clinic.Wrap(err, "Could not read the message.")
		}
		if m.Status != record.OutboxPending {
			return clinic.Errorf(clinic.Conflict, "This message is %s: only a waiting message can be sent now.", m.Status)
		}
		if err := tx.MarkOutboxFailed(ctx, m.ID, "", s.Now()); err != nil { // due now
			return err
		}
		e := s.Entry(a, service.ActOutboxRetry, m.PatientID)
		e.RecordType, e.RecordID = "outbox", id
		return tx.AppendAudit(ctx, e)
	})
}
