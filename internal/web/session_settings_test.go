package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/store"
)

// TestSessionSettingsPage: nurses read the clinic's session rules; a
// clinician saves new ones; a slip (a limit of 1800) comes back explained.
func TestSessionSettingsPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	nurse := f.signIn(clinic.RoleNurse)
	if b := nurse.getBody("/admin/session-settings", http.StatusOK); !strings.Contains(b, "The published defaults") ||
		strings.Contains(b, `id="settings-save"`) || !strings.Contains(b, `value="140"`) {
		t.Errorf("nurse's view:\n%s", b)
	}
	clin := f.signIn(clinic.RoleClinician)
	form := url.Values{}
	for k, v := range map[string]string{"hold_max_systolic": "130", "hold_max_diastolic": "90", "hold_older_age": "65",
		"hold_older_max_systolic": "150", "alert_rise_systolic": "40", "alert_rise_diastolic": "25", "alert_max_systolic": "1800",
		"alert_max_diastolic": "110", "alert_min_spo2": "92", "alert_max_heart_rate": "120", "alert_sustained_min": "5",
		"discharge_min_after_dose_min": "60", "vitals_every_during_min": "10", "vitals_every_after_min": "15"} {
		form.Set(k, v)
	}
	if res := clin.post("/admin/session-settings", form); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body(res), "must be from 120 to 260") {
		t.Errorf("a limit of 1800: %d", res.StatusCode)
	}
	form.Set("alert_max_systolic", "170")
	if res := clin.post("/admin/session-settings", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, body(res))
	}
	if b := nurse.getBody("/admin/session-settings", http.StatusOK); !strings.Contains(b, "This clinic's own rules") ||
		!strings.Contains(b, `value="170"`) {
		t.Errorf("after saving:\n%s", b)
	}
}
