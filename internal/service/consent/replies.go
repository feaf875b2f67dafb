package consent

import (
	"context"
	"slices"
	"strings"

	"onset/internal/clinic"
	"onset/internal/service"
)

// Keywords a text reply may be, as carriers and the CTIA Messaging
// Principles define them: opt-out words stop every text to the number at
// once, opt-in words allow them again, help words get a description.
var (
	optOutWords = []string{"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}
	optInWords  = []string{"START", "UNSTOP", "YES", "OPTIN"}
	helpWords   = []string{"HELP", "INFO"}
)

// ActSMSConsent is the audit action of a consent change by text reply.
const ActSMSConsent service.Action = "sms.consent"

// SMSReply is an inbound text message, already authenticated as coming
// from the provider (the webhook checks its signature).
type SMSReply struct {
	From, Body         string
	Address, RequestID string
}

// HandleSMSReply honours a reply: STOP (and its synonyms) stops texts to
// the number at once, START allows them again, HELP is answered. Each
// consent change is audited in every clinic with a patient at that
// number. It returns the text to send back ("" for none); anything else
// a patient writes is not read by anyone, so the answer says so.
func (s *Service) HandleSMSReply(ctx context.Context, in SMSReply) (string, error) {
	phone, ok := clinic.E164(in.From)
	if !ok {
		return "", clinic.Errorf(clinic.Invalid, "The reply does not come from a phone number.")
	}
	word := strings.ToUpper(strings.TrimSpace(in.Body))
	word = strings.Trim(word, ".!")
	patients, err := s.store.Read().PatientsByPhone(ctx, phone)
	if err != nil {
		return "", clinic.Wrap(err, "Could not look the number up.")
	}
	name := "Onset"
	if len(patients) > 0 {
		if c, err := s.store.Read().Clinic(ctx, patients[0].ClinicID); err == nil && c.Name != "" {
			name = c.Name
		}
	}
	var out bool
	switch {
	case slices.Contains(optOutWords, word):
		out = true
	case slices.Contains(optInWords, word):
		out = false
	case slices.Contains(helpWords, word):
		return name + ": questionnaire links and appointment reminders. Reply STOP to stop texts, START to allow them again. For anything else, call the clinic.", nil
	default:
		return name + ": replies to this number are not read. Please call the clinic; in an emergency call your local emergency number.", nil
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.SetSMSOptOut(ctx, phone, out, "sms-reply", s.Now()); err != nil {
			return err
		}
		for _, p := range patients {
			e := s.Entry(service.Actor{ClinicID: p.ClinicID, Role: service.RoleSystem, Address: in.Address, RequestID: in.RequestID},
				ActSMSConsent, p.ID)
			e.RecordType = map[bool]string{true: "sms_opt_out", false: "sms_opt_in"}[out]
			if err := tx.AppendAudit(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", clinic.Wrap(err, "Could not record the reply.")
	}
	if out {
		return name + ": you will get no more texts from this number. Reply START to allow them again.", nil
	}
	return name + ": texts are on again. Reply STOP to stop them.", nil
}
