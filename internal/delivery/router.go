package delivery

import (
	"context"
	"fmt"

	"onset/internal/service/outreach"
)

// Router sends each message by its channel. A channel with no sender
// configured fails the message in a way that is retried, so nothing is
// lost while a clinic sets its mail server up; the outbox page shows why.
type Router struct {
	Email outreach.Sender // nil: no --smtp-url
	SMS   outreach.Sender // nil: no --sms-url
}

// Send sends m through its channel's sender.
func (r Router) Send(ctx context.Context, m outreach.Message) error {
	var s outreach.Sender
	var flag string
	switch m.Channel {
	case outreach.ChannelEmail:
		s, flag = r.Email, "--smtp-url (ONSET_SMTP_URL)"
	case outreach.ChannelSMS:
		s, flag = r.SMS, "--sms-url (ONSET_SMS_URL)"
	default:
		return outreach.Permanent(fmt.Errorf("no channel %q: messages go by email or sms", m.Channel))
	}
	if s == nil {
		return fmt.Errorf("no %s sender is configured: start onset serve with %s; the message waits in the outbox", m.Channel, flag)
	}
	return s.Send(ctx, m)
}
