package record

import (
	"reflect"
	"testing"

	"onset/internal/clinic"
)

func TestContacts(t *testing.T) {
	t.Parallel()
	both := clinic.Patient{Email: "a@example.org", Phone: "(555) 010-0123"}
	emailOnly := clinic.Patient{Email: "a@example.org"}
	phoneOnly := clinic.Patient{Phone: "+15550100123"}
	badPhone := clinic.Patient{Phone: "010 0123"}
	e, s := Contact{"email", "a@example.org"}, Contact{"sms", "+15550100123"}
	for _, c := range []struct {
		p    clinic.Patient
		pref string
		want []Contact
	}{
		{both, ContactAuto, []Contact{e}}, {phoneOnly, ContactAuto, []Contact{s}}, {badPhone, ContactAuto, nil},
		{both, ContactEmail, []Contact{e}}, {phoneOnly, ContactEmail, nil},
		{both, ContactSMS, []Contact{s}}, {emailOnly, ContactSMS, nil}, {badPhone, ContactSMS, nil},
		{both, ContactBoth, []Contact{e, s}}, {emailOnly, ContactBoth, []Contact{e}},
		{both, ContactNone, nil}, {both, "fax", nil},
	} {
		if got := Contacts(c.p, c.pref); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Contacts(%+v, %q) = %v, want %v", c.p, c.pref, got, c.want)
		}
	}
}
