package clinic

import "strings"

// Channels a message to a patient goes by.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
)

// Contact is how Onset reaches a patient: their email address if they
// gave one, else their phone number by text message when it is a number
// that can take texts (E164). ok is false when there is neither.
func (p Patient) Contact() (channel, recipient string, ok bool) {
	if e := strings.TrimSpace(p.Email); e != "" {
		return ChannelEmail, e, true
	}
	if phone, ok := E164(p.Phone); ok {
		return ChannelSMS, phone, true
	}
	return "", "", false
}
