package web_test

import (
	"net/url"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/store"
)

// A refused registration comes back with what was typed and the reason;
// a possible duplicate is offered, and staff may confirm a different
// person.
func TestRegistrationKeepsTypedDataAndOffersDuplicates(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	nurse := f.signIn(clinic.RoleNurse)
	form := url.Values{"mrn": {"R-1"}, "given_name": {"Ruth"}, "family_name": {"Okafor"}, "birth_date": {"1984-07-09"},
		"sex": {"female"}, "email": {"ruth@example.org"}, "phone": {"555 010 0177"}, "condition": {"anxiety"}}
	if res := nurse.post("/patients", form); res.StatusCode != 303 {
		t.Fatalf("register: %d %s", res.StatusCode, body(res))
	}
	first := patientCount(t, f)

	// The same person typed again under a new MRN: refused, offered, kept.
	again := url.Values{}
	for k, v := range form {
		again[k] = v
	}
	again.Set("mrn", "R-2")
	res := nurse.post("/patients", again)
	page := body(res)
	if res.StatusCode != 409 || !strings.Contains(page, `id="possible-duplicates"`) || !strings.Contains(page, "Okafor, Ruth") ||
		!strings.Contains(page, `value="R-2"`) || !strings.Contains(page, `value="555 010 0177"`) ||
		!strings.Contains(page, `value="anxiety" checked`) || !strings.Contains(page, `<option selected>female</option>`) {
		t.Fatalf("duplicate: %d\n%s", res.StatusCode, page)
	}
	if patientCount(t, f) != first {
		t.Fatal("a possible duplicate was registered")
	}
	// Staff confirm it is a different person: registered.
	again.Set("not_a_duplicate", "yes")
	if res := nurse.post("/patients", again); res.StatusCode != 303 {
		t.Fatalf("confirmed different person: %d", res.StatusCode)
	}
	// A future birth date: the reason, and the form as typed.
	bad := url.Values{"mrn": {"R-3"}, "given_name": {"Ann"}, "family_name": {"Lee"}, "birth_date": {"2999-01-01"}, "sex": {"male"}}
	res = nurse.post("/patients", bad)
	page = body(res)
	if res.StatusCode != 400 || !strings.Contains(page, `id="register-error"`) || !strings.Contains(page, `value="Ann"`) ||
		!strings.Contains(page, `value="2999-01-01"`) {
		t.Errorf("future birth date: %d", res.StatusCode)
	}
	// The sex is not chosen for anyone.
	if list := nurse.getBody("/patients", 200); !strings.Contains(list, `<option value="">choose…</option>`) || strings.Contains(list, "<option selected>") {
		t.Error("the registration form chooses a sex by default")
	}
}
