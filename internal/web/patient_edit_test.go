package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
)

// The edit form saves the details and lists the edit; a refused edit
// shows the reason beside the form with everything typed kept.
func TestPatientEditPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	fd := f.signIn(clinic.RoleFrontDesk)
	edit := "/patients/" + strconv.FormatInt(f.patient, 10) + "/edit"
	form := fd.getBody(edit, http.StatusOK)
	if !strings.Contains(form, `name="mrn" required maxlength="40" value="`) || !strings.Contains(form, "None since registration.") {
		t.Fatalf("the edit form is not filled from the record:\n%s", form)
	}
	values := func() url.Values {
		v := url.Values{}
		for _, k := range []string{"mrn", "given_name", "family_name", "birth_date", "sex", "email", "phone"} {
			v.Set(k, fieldValue(form, k))
		}
		v.Set("sex", "female")
		v.Set("allergies", "Latex <gloves>")
		v.Set("emergency_name", "Rio Reed")
		v.Set("emergency_phone", "+1 555 010 0199")
		return v
	}
	res := fd.post(edit, values())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, body(res))
	}
	page := fd.follow(res)
	if !strings.Contains(page, `<dd id="patient-allergies" class="allergies">Latex &lt;gloves&gt;</dd>`) || !strings.Contains(page, "Rio Reed") ||
		!strings.Contains(page, "Details saved.") {
		t.Errorf("the record does not show the saved details:\n%s", page)
	}
	if h := fd.getBody(edit, http.StatusOK); !strings.Contains(h, "emergency contact, allergies") || !strings.Contains(h, "Test frontdesk") {
		t.Errorf("the edit is not listed:\n%s", h[strings.Index(h, `id="patient-versions"`):])
	}
	bad := values()
	bad.Set("birth_date", "2099-02-31")
	bad.Set("allergies", "Peanuts")
	res = fd.post(edit, bad)
	b := body(res)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(b, `id="form-error"`) || !strings.Contains(b, ">Peanuts</textarea>") ||
		!strings.Contains(b, `value="2099-02-31"`) {
		t.Errorf("a refused edit: %d\n%s", res.StatusCode, b)
	}
	// A patient's own account cannot edit the record.
	if res := f.signIn(clinic.RolePatient).get(edit); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Errorf("the patient's edit page: %d", res.StatusCode)
	}
}

// fieldValue is the value an input named name is filled with.
func fieldValue(page, name string) string {
	s := page[strings.Index(page, `name="`+name+`"`):]
	s = s[strings.Index(s, `value="`)+len(`value="`):]
	return s[:strings.Index(s, `"`)]
}
