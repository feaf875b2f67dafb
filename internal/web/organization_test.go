package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/store/storetest"
)

// TestClinicGroup: an organization of two clinics. A nurse of one is
// refused the other's patients and cannot switch to it; the organization
// admin switches and then sees only the chosen clinic's records, not a
// clinic of another organization; staff given a second clinic switch to
// it; a clinic's own admin cannot manage the organization.
func TestClinicGroup(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, engine)
			ctx := t.Context()
			east, err := f.svc.AddClinic(ctx, service.System(f.clinicID), "Eastside", "America/Chicago")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.AddClinic(ctx, service.System(f.clinicID), "eastside", ""); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("a second clinic of the same name: %v, want a conflict", err)
			}
			pEast, err := f.svc.CreatePatient(ctx, service.System(east.ID), record.NewPatient{MRN: "E-1", GivenName: "Eve",
				FamilyName: "East", Sex: "female", BirthDate: "1985-04-05"})
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.svc.CreateUser(ctx, service.System(east.ID), record.NewUser{Email: "east.nurse@example.org",
				Name: "East Nurse", Role: clinic.RoleNurse, Password: testPassword})
			if err != nil {
				t.Fatal(err)
			}
			patientPath := func(id int64) string { return "/patients/" + strconv.FormatInt(id, 10) }

			ne := f.anonymous()
			if res := ne.post("/login", url.Values{"email": {"east.nurse@example.org"}, "password": {testPassword}}); res.Header.Get("Location") != "/" {
				t.Fatalf("east nurse sign-in: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			ne.getBody("/account", http.StatusOK)
			ne.getBody(patientPath(pEast.ID), http.StatusOK)
			ne.getBody(patientPath(f.patient), http.StatusNotFound)
			if res := ne.post("/clinic", url.Values{"clinic": {strconv.FormatInt(f.clinicID, 10)}}); res.StatusCode != http.StatusNotFound {
				t.Errorf("east nurse switching to the other clinic: %d, want 404", res.StatusCode)
			}
			ne.getBody(patientPath(f.patient), http.StatusNotFound)

			admin := f.signIn(clinic.RoleAdmin)
			admin.getBody(patientPath(pEast.ID), http.StatusNotFound) // working in the first clinic
			home := admin.getBody("/", http.StatusOK)
			if !strings.Contains(home, `id="clinic-switch"`) || !strings.Contains(home, ">Eastside</option>") {
				t.Errorf("the organization admin's menu offers no switch to Eastside")
			}
			page := admin.follow(admin.post("/clinic", url.Values{"clinic": {strconv.FormatInt(east.ID, 10)}}))
			if !strings.Contains(page, "You are working in Eastside.") {
				t.Errorf("switch: no notice\n%s", page)
			}
			admin.getBody(patientPath(pEast.ID), http.StatusOK)
			admin.getBody(patientPath(f.patient), http.StatusNotFound)
			if list := admin.getBody("/patients", http.StatusOK); !strings.Contains(list, "East") || strings.Contains(list, "P-1") {
				t.Errorf("Eastside's patient list shows another clinic's patients")
			}
			if res := admin.post("/clinic", url.Values{"clinic": {strconv.FormatInt(f.foreignClinic, 10)}}); res.StatusCode != http.StatusNotFound {
				t.Errorf("switching to another organization's clinic: %d, want 404", res.StatusCode)
			}
			admin.getBody(patientPath(f.foreign), http.StatusNotFound)
			es, err := f.svc.AuditLog(ctx, service.System(east.ID), clinic.AuditFilter{Action: "clinic.switch"})
			if err != nil || len(es) != 1 || es[0].UserID != f.users[clinic.RoleAdmin].ID {
				t.Errorf("the switch's audit in Eastside: %+v %v", es, err)
			}

			org := admin.getBody("/org", http.StatusOK)
			if !strings.Contains(org, "Eastside") || !strings.Contains(org, "Test clinic") || !strings.Contains(org, "by location") {
				t.Errorf("organization page:\n%s", org)
			}
			nurse := f.users[clinic.RoleNurse]
			admin.follow(admin.post("/org/staff/"+strconv.FormatInt(nurse.ID, 10), url.Values{"clinic": {strconv.FormatInt(east.ID, 10)}}))
			nc := f.signIn(clinic.RoleNurse)
			nc.getBody(patientPath(pEast.ID), http.StatusNotFound)
			nc.follow(nc.post("/clinic", url.Values{"clinic": {strconv.FormatInt(east.ID, 10)}}))
			nc.getBody(patientPath(pEast.ID), http.StatusOK)
			if res := nc.get("/org"); res.StatusCode != http.StatusForbidden {
				t.Errorf("a nurse opens the organization page: %d", res.StatusCode)
			}

			// An admin made by an admin runs their clinic, not the organization.
			localAdmin, err := f.svc.CreateUser(ctx, actorOf(f.users[clinic.RoleAdmin]), record.NewUser{Email: "local.admin@example.org",
				Name: "Local Admin", Role: clinic.RoleAdmin, Password: testPassword})
			if err != nil {
				t.Fatal(err)
			}
			la := service.Actor{UserID: localAdmin.ID, ClinicID: f.clinicID, Role: clinic.RoleAdmin, OrgAdmin: localAdmin.OrgAdmin}
			if _, err := f.svc.Organization(ctx, la); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a clinic's admin reads the organization: %v", err)
			}
			if _, err := f.svc.AddClinic(ctx, la, "Westside", ""); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a clinic's admin adds a clinic: %v", err)
			}
		})
	}
}
