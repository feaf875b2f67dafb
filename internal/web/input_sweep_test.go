package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/store/storetest"
)

var (
	formBlock = regexp.MustCompile(`(?is)<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>(.*?)</form>`)
	formField = regexp.MustCompile(`(?is)<(input|select|textarea)[^>]*name="([^"]+)"[^>]*?(?:value="([^"]*)")?[^>]*>`)
)

// TestNoFormFieldGivesA500: every field of every form on the staff pages,
// sent with each kind of odd value (a NUL, bytes that are not UTF-8, a
// right-to-left override, an absurd number, year 9999, a huge count), is
// answered without a 500 — the other fields keep the values the page gave
// them — on both engines.
func TestNoFormFieldGivesA500(t *testing.T) {
	t.Parallel()
	odd := []string{"a\x00b", "a\xffb", "a\u202eb", "1e308", "NaN", "9999-12-31", "99999999999999", "-0", strings.Repeat("x", 3000)}
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			f.signPlan("iv-ketamine-induction", 70, 10, 100)
			doc, admin := f.signIn(clinic.RoleClinician), f.signIn(clinic.RoleAdmin)
			pid := strconv.FormatInt(f.patient, 10)
			res := doc.post("/patients/"+pid+"/treatment", checkInForm("120", "80"))
			sid := sessionLocation.FindStringSubmatch(res.Header.Get("Location"))
			if sid == nil {
				t.Fatalf("check-in: %d", res.StatusCode)
			}
			pages := []struct {
				c    *client
				path string
			}{
				{doc, "/patients"}, {doc, "/patients/" + pid}, {doc, "/patients/" + pid + "/intake"},
				{doc, "/patients/" + pid + "/plans"}, {doc, "/patients/" + pid + "/treatment"}, {doc, "/treatment/" + sid[1]},
				{doc, "/ledger"}, {doc, "/patients/" + pid + "/appointments"}, {doc, "/account"},
				{doc, "/protocols?copy=iv-ketamine-induction"}, {doc, "/admin/session-settings"},
				{doc, "/patients/" + pid + "/assessments/new?instrument=phq9"},
				{admin, "/admin/booking"}, {admin, "/admin/users"},
			}
			sent := 0
			for _, pg := range pages {
				page := pg.c.getBody(pg.path, http.StatusOK)
				for _, fm := range formBlock.FindAllStringSubmatch(page, -1) {
					action := html.UnescapeString(fm[1])
					if action == "/logout" {
						continue
					}
					base := url.Values{}
					for _, fd := range formField.FindAllStringSubmatch(fm[2], -1) {
						if fd[2] != "csrf" && fd[2] != "form_token" {
							base.Set(fd[2], html.UnescapeString(fd[3]))
						}
					}
					for name := range base {
						for _, v := range odd {
							form := withField(base, name, v)
							sent++
							if res := pg.c.post(action, form); res.StatusCode >= 500 {
								t.Errorf("%s %s=%+q: %d\n%.300s", action, name, v, res.StatusCode, body(res))
							}
						}
					}
				}
			}
			if sent < 300 {
				t.Errorf("only %d odd forms sent: the pages' forms were not found", sent)
			}
		})
	}
}
