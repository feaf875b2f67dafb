package delivery

import (
	"testing"

	"onset/internal/service/outreach"
)

// The demo's SMS sink answers the provider API as the SMS sender speaks it.
func TestSMSSinkTakesWhatSMSSends(t *testing.T) {
	t.Parallel()
	sink, err := StartSMSSink()
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	sms, err := ParseSMSURL(sink.URL("+15550100000"))
	if err != nil {
		t.Fatal(err)
	}
	m := outreach.Message{Channel: outreach.ChannelSMS, Recipient: "+15550123456", Body: "Lakeside Clinic: reminder"}
	if err := sms.Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	got := sink.Texts()
	if len(got) != 1 || got[0].To != "+15550123456" || got[0].From != "+15550100000" || got[0].Body != m.Body {
		t.Errorf("sink got %+v", got)
	}
}
