package delivery

import (
	"context"
	"strings"
	"testing"

	"onset/internal/service/outreach"
)

type collect struct{ got []outreach.Message }

func (c *collect) Send(_ context.Context, m outreach.Message) error {
	c.got = append(c.got, m)
	return nil
}

func TestRouterSendsByChannel(t *testing.T) {
	t.Parallel()
	email, sms := &collect{}, &collect{}
	r := Router{Email: email, SMS: sms}
	for _, ch := range []string{outreach.ChannelEmail, outreach.ChannelSMS, outreach.ChannelEmail} {
		if err := r.Send(t.Context(), outreach.Message{Channel: ch}); err != nil {
			t.Fatal(err)
		}
	}
	if len(email.got) != 2 || len(sms.got) != 1 {
		t.Errorf("email %d, sms %d; want 2 and 1", len(email.got), len(sms.got))
	}
	if err := r.Send(t.Context(), outreach.Message{Channel: "fax"}); !outreach.IsPermanent(err) {
		t.Errorf("unknown channel: %v, want permanent", err)
	}
	// Not configured: retried (nothing lost), and says which flag to set.
	err := Router{}.Send(t.Context(), outreach.Message{Channel: outreach.ChannelEmail})
	if err == nil || outreach.IsPermanent(err) || !strings.Contains(err.Error(), "--smtp-url") {
		t.Errorf("no email sender: %v", err)
	}
}
