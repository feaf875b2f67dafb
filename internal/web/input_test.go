package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Input at the boundary (issue 10 §3): every bad input gets a clear
// answer naming what is wrong — a 400, or a redirect back to its form,
// which then says why — never a 500, and nothing is stored. These tests
// send the attacks of each class through the pages and the API.

// refusal checks that res refused a bad input and that the answer (or the
// page a refused form is sent back to) contains each of want.
func (c *client) refusal(t *testing.T, name string, res *http.Response, want ...string) {
	t.Helper()
	b := body(res)
	switch res.StatusCode {
	case http.StatusBadRequest, http.StatusForbidden, http.StatusConflict, http.StatusNotFound:
	case http.StatusSeeOther:
		b = c.getBody(res.Header.Get("Location"), http.StatusOK)
		if !strings.Contains(b, `role="alert"`) {
			t.Errorf("%s: redirected to a page without an error (%s)", name, res.Header.Get("Location"))
			return
		}
	default:
		t.Errorf("%s: status %d, want a refusal\n%.600s", name, res.StatusCode, b)
		return
	}
	for _, w := range want {
		if !strings.Contains(strings.ToLower(htmlUnescape(b)), strings.ToLower(w)) {
			t.Errorf("%s: the answer does not say %q\n%.800s", name, w, b)
		}
	}
}

// withField returns a copy of form with k set to v.
func withField(form url.Values, k, v string) url.Values {
	out := url.Values{}
	for kk, vv := range form {
		out[kk] = append([]string(nil), vv...)
	}
	out.Set(k, v)
	return out
}

// nextYear is a lot expiry date a year from today: inside the expiry
// window (clinic.LotExpiry), and not expired.
func nextYear() string { return time.Now().AddDate(1, 0, 0).Format(time.DateOnly) }
