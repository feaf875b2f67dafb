package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/store"
)

// TestCrisisTextIsTheClinics: the clinic's own crisis resources, set on its
// settings page, replace the default on the patient's confirmation page.
func TestCrisisTextIsTheClinics(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	pat := f.signIn(clinic.RolePatient)
	answer := func() string {
		form := url.Values{"instrument": {"phq9"}}
		for i := 1; i <= 9; i++ {
			form.Set("item"+strconv.Itoa(i), "1")
		}
		res := pat.post(fmt.Sprintf("/patients/%d/assessments", f.patient), form)
		b := body(res)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("confirmation page: %d", res.StatusCode)
		}
		return b
	}
	if b := answer(); !strings.Contains(b, "988") {
		t.Error("the default crisis text is not shown")
	}
	admin := f.signIn(clinic.RoleAdmin)
	res := admin.post("/admin/clinic", url.Values{"name": {"Test clinic"}, "timezone": {"Europe/London"},
		"crisis_text": {"Call the Example Crisis Line on 0800 000 000.\r\n\r\nOr 999 in an emergency."}})
	if res.StatusCode != 303 {
		t.Fatalf("save settings: %d %s", res.StatusCode, body(res))
	}
	b := answer()
	// The numbers are tap-to-call links on a phone.
	if !strings.Contains(b, `Example Crisis Line on <a href="tel:0800000000" class="tel">0800 000 000</a>`) ||
		!strings.Contains(b, `Or <a href="tel:999" class="tel">999</a> in an emergency`) || strings.Contains(b, "988") {
		t.Errorf("confirmation page: custom text shown %v, default shown %v", strings.Contains(b, "Example Crisis Line"), strings.Contains(b, "988"))
	}
}
