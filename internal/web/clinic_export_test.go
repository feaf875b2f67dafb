package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
)

// An administrator downloads the whole clinic from the clinic settings
// page: a zip of CSV files, streamed, with the clinic's patients and not
// another clinic's; the page then lists the download. Others are refused.
func TestClinicExportDownload(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	admin := f.signIn(clinic.RoleAdmin)
	if page := admin.getBody("/admin/clinic", http.StatusOK); !strings.Contains(page, `href="/admin/export.zip"`) ||
		strings.Contains(page, "Latest downloads") {
		t.Fatalf("the settings page has no export link, or lists a download before any:\n%s", page)
	}
	res := admin.get("/admin/export.zip")
	b := []byte(body(res))
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" ||
		!regexp.MustCompile(`^attachment; filename="onset-export-\d{4}-\d\d-\d\d\.zip"$`).MatchString(res.Header.Get("Content-Disposition")) ||
		res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("GET /admin/export.zip: %d %v", res.StatusCode, res.Header)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var patients [][]string
	for _, zf := range zr.File {
		if zf.Name != "patients.csv" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		patients, err = csv.NewReader(rc).ReadAll()
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]bool{}
	for _, r := range patients[1:] {
		ids[r[0]] = true
	}
	if !ids[strconv.FormatInt(f.patient, 10)] || !ids[strconv.FormatInt(f.other, 10)] || ids[strconv.FormatInt(f.foreign, 10)] {
		t.Errorf("patients.csv has %v: want the clinic's two patients and not the other clinic's %d", ids, f.foreign)
	}
	if page := admin.getBody("/admin/clinic", http.StatusOK); !strings.Contains(page, "Latest downloads") {
		t.Errorf("the settings page does not list the download:\n%s", page)
	}
	for _, role := range []clinic.Role{clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk} {
		res := f.signIn(role).get("/admin/export.zip")
		if b := body(res); res.StatusCode != http.StatusForbidden || strings.HasPrefix(b, "PK") {
			t.Errorf("%s: %d %q, want refused", role, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
}
