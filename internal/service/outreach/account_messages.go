package outreach

import (
	"context"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// deliverAccountMessages sends the due password-reset links and portal
// invitations, counting them in rep. They are not held for quiet hours:
// someone is waiting for a reset link now.
func (s *Service) deliverAccountMessages(ctx context.Context, opts OutboxOptions, rep *OutboxReport) error {
	return sendBatch(ctx, s, opts, rep, "account messages", func(tx Tx, now time.Time) ([]record.AccountMessage, error) {
		return tx.ClaimDueAccountMessages(ctx, now, now.Add(claimHold), opts.Limit)
	}, func(m record.AccountMessage) (outcome, error) { return s.deliverAccountMessage(ctx, opts, m) })
}

func (s *Service) deliverAccountMessage(ctx context.Context, opts OutboxOptions, m record.AccountMessage) (outcome, error) {
	now := s.Now()
	q := s.store.Read()
	var sendErr error
	if !now.Before(m.ExpiresAt) {
		sendErr = Permanent(errExpiredLink) // its link no longer works: do not send it
	} else {
		u, err := q.User(ctx, m.UserID)
		if err != nil {
			return failedAttempt, clinic.Wrap(err, "Could not read an account message's user.")
		}
		st, _, err := opts.clinicSettings(ctx, q, m.ClinicID)
		if err != nil {
			return failedAttempt, clinic.Wrap(err, "Could not read the clinic's settings.")
		}
		name := u.Name
		if u.PatientID != 0 {
			if p, err := q.Patient(ctx, m.ClinicID, u.PatientID); err == nil {
				name = p.GivenName
			}
		}
		url := strings.TrimRight(opts.BaseURL, "/") + "/password/set?token=" + m.Token
		sendErr = opts.Sender.Send(ctx, signed(st, AccountMessage(st.Name, name, m.Kind, url, m.Recipient)))
	}
	err := s.store.WithTx(ctx, func(tx Tx) error {
		e := s.Entry(service.System(m.ClinicID), "account-message.send", 0)
		e.RecordType, e.RecordID = "account_message", m.ID
		reason := ""
		if sendErr != nil {
			e.Action, reason = "account-message.fail", truncate(sendErr.Error(), 500)
		}
		if err := tx.MarkAccountMessage(ctx, m.ID, now, reason, retryAt(now, m.Attempts, sendErr)); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, e)
	})
	if sendErr != nil {
		return failedAttempt, clinic.Wrap(err, "Could not record a delivery.")
	}
	return delivered, clinic.Wrap(err, "Could not record a delivery.")
}

var errExpiredLink = permanentText("its link expired before it could be sent")
