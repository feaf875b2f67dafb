package outreach

import (
	"context"

	"onset/internal/clinic"
)

// optedOut is the refusal of a text to a number that replied STOP: given
// up at once, never retried.
func (s *Service) optedOut(ctx context.Context, m Message) error {
	if m.Channel != ChannelSMS {
		return nil
	}
	phone, ok := clinic.E164(m.Recipient)
	if !ok {
		return Permanent(errNotTextable)
	}
	out, err := s.store.Read().SMSOptedOut(ctx, phone)
	if err != nil {
		return err
	}
	if out {
		return Permanent(errOptedOut)
	}
	return nil
}

var (
	errOptedOut    = permanentText("the patient replied STOP: no texts to this number until they reply START")
	errNotTextable = permanentText("the patient's phone number cannot receive texts (it is not a full international number)")
)

type permanentText string

func (p permanentText) Error() string { return string(p) }
