package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/store"
	"onset/internal/web"
)

// TestCrisisTextIsConfigurable: a clinic's own crisis resources replace the
// default on the patient's confirmation page.
func TestCrisisTextIsConfigurable(t *testing.T) {
	t.Parallel()
	if got := web.SplitCrisisText(" Call 112 now. | |Samaritans: 116 123 "); !reflect.DeepEqual(got, []string{"Call 112 now.", "Samaritans: 116 123"}) {
		t.Errorf("split %q", got)
	}
	if got := web.SplitCrisisText(""); got != nil {
		t.Errorf("empty text gave %q", got)
	}
	f := newFixture(t, store.SQLite)
	h, err := web.New(f.svc, web.Options{CrisisText: []string{"Call the Example Crisis Line on 0800 000 000."}})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(h) // the same service, this clinic's options
	t.Cleanup(f.srv.Close)
	pat := f.signIn(clinic.RolePatient)
	form := url.Values{"instrument": {"phq9"}}
	for i := 1; i <= 9; i++ {
		form.Set("item"+strconv.Itoa(i), "1")
	}
	res := pat.post(fmt.Sprintf("/patients/%d/assessments", f.patient), form)
	b := body(res)
	if res.StatusCode != http.StatusOK || !strings.Contains(b, "Example Crisis Line on 0800 000 000") || strings.Contains(b, "988") {
		t.Errorf("confirmation page: %d, custom text shown %v, default shown %v", res.StatusCode,
			strings.Contains(b, "Example Crisis Line"), strings.Contains(b, "988"))
	}
}
