package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"onset/internal/clinic"
)

// A refused form answers with a redirect, and its page shows the refusal
// once: reloading the page (a GET) neither sends the form again nor shows
// the old error.
func TestRefusedFormIsShownOnceAfterARedirect(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	nurse := f.signIn(clinic.RoleNurse)
	bad := url.Values{"ndc": {"nonsense"}}
	res := nurse.post("/ledger/receive", bad)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ledger" {
		t.Fatalf("refused receipt: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if b := nurse.getBody("/ledger", http.StatusOK); !strings.Contains(b, `id="ledger-error"`) {
		t.Fatal("the ledger page does not show the refusal")
	}
	if b := nurse.getBody("/ledger", http.StatusOK); strings.Contains(b, `id="ledger-error"`) {
		t.Error("a reload shows the old refusal again")
	}
}

// Notices come from the server: a notice written into a link's URL is
// not shown on the page.
func TestNoticeFromURLIsNotShown(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	nurse := f.signIn(clinic.RoleNurse)
	for _, path := range []string{"/ledger?done=Call+555-0100+to+verify+your+account", "/login?done=Call+555-0100", "/login?notice=Call+555-0100"} {
		c := nurse
		if strings.HasPrefix(path, "/login") {
			c = f.anonymous()
		}
		if b := c.getBody(path, http.StatusOK); strings.Contains(b, "555-0100") {
			t.Errorf("%s shows the URL's text", path)
		}
	}
	if b := f.anonymous().getBody("/login?notice=signed-out", http.StatusOK); !strings.Contains(b, "You are signed out.") {
		t.Error("the signed-out notice is missing")
	}
}

// A page's background refresh (X-Onset-Background) is not activity: the
// sign-in still ends after the idle time, and the refresh is sent to the
// sign-in page.
func TestBackgroundRefreshDoesNotKeepTheSignInAlive(t *testing.T) {
	t.Parallel()
	var skew atomic.Int64
	f := newFixtureWithClock(t, func() time.Time { return time.Now().Add(time.Duration(skew.Load())) })
	nurse := f.signIn(clinic.RoleNurse)
	background := func() *http.Response {
		req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/ledger", nil)
		req.Header.Set("X-Onset-Background", "1")
		return nurse.do(req)
	}
	skew.Store(int64(20 * time.Minute))
	if res := background(); res.StatusCode != http.StatusOK {
		t.Fatalf("background refresh at 20 min: %d", res.StatusCode)
	}
	skew.Store(int64(31 * time.Minute)) // 31 minutes after the last thing the nurse did
	res := background()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?") || !strings.Contains(loc, "notice=expired") {
		t.Fatalf("background refresh after the idle time: %d %q", res.StatusCode, loc)
	}
}
