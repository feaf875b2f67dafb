package outreach

import (
	"context"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// deliverMessageNotices tells patients that a secure message from the
// clinic waits in the portal (service/messaging queues them), counting
// them in rep. Like appointment notices they keep the clinic's quiet
// hours and a STOP; a notice whose messages the patient has read in the
// meantime is closed unsent.
func (s *Service) deliverMessageNotices(ctx context.Context, opts OutboxOptions, rep *OutboxReport) error {
	return sendBatch(ctx, s, opts, rep, "message notices", func(tx Tx, now time.Time) ([]record.MessageNotice, error) {
		return tx.ClaimDueMessageNotices(ctx, now, now.Add(claimHold), opts.Limit)
	}, func(n record.MessageNotice) (outcome, error) { return s.deliverMessageNotice(ctx, opts, n) })
}

func (s *Service) deliverMessageNotice(ctx context.Context, opts OutboxOptions, n record.MessageNotice) (outcome, error) {
	q := s.store.Read()
	now := s.Now()
	unread, err := q.PatientUnreadMessages(ctx, n.ClinicID, n.PatientID)
	if err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not read whether the patient has read their messages.")
	}
	if unread == 0 { // read in the portal before the notice went: nothing waits
		return closed, clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
			if err := tx.CloseMessageNotice(ctx, n.ID, record.OutboxCancelled); err != nil {
				return err
			}
			e := s.Entry(service.System(n.ClinicID), "message-notice.close", n.PatientID)
			e.RecordType, e.RecordID = "message_notice", n.ID
			return tx.AppendAudit(ctx, e)
		}), "Could not close a message notice.")
	}
	p, err := q.Patient(ctx, n.ClinicID, n.PatientID)
	if err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not read a notice's patient.")
	}
	st, loc, err := opts.clinicSettings(ctx, q, n.ClinicID)
	if err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not read the clinic's settings.")
	}
	if until, quiet := st.QuietEnd(now, loc); quiet {
		return deferred, clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
			return tx.MarkMessageNotice(ctx, n.ID, now, "", until)
		}), "Could not hold a notice until the quiet hours end.")
	}
	url := strings.TrimRight(opts.BaseURL, "/") + "/messages/" + strconv.FormatInt(n.ThreadID, 10)
	msg := signed(st, WaitingMessage(st.Name, p.GivenName, url, n.Channel, n.Recipient))
	sendErr := s.optedOut(ctx, msg)
	if sendErr == nil {
		sendErr = opts.Sender.Send(ctx, msg)
	}
	return s.recordSend(ctx, sent{clinicID: n.ClinicID, patientID: n.PatientID, action: "message-notice", recordType: "message_notice",
		id: n.ID, attempts: n.Attempts, now: now, err: sendErr}, func(tx Tx, reason string, again time.Time) error {
		return tx.MarkMessageNotice(ctx, n.ID, now, reason, again)
	})
}
