package app_test

import (
	"slices"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store/storetest"
)

// Staff edit a patient's details: each edit that changes something is a
// version (who, when, which fields) and an audit row; an edit that
// changes nothing saves nothing; another patient's MRN, a bad value or a
// patient's own account is refused and nothing is written.
func TestPatientDetailsAreEditedWithVersions(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newPlanEnv(t, engine)
			edit := record.NewPatient{MRN: "P-1", GivenName: "Pat", FamilyName: "P-1", Sex: "female", BirthDate: "1980-07-01",
				Phone: "+49 30 555 0101", Gender: "woman", EmergencyName: "Sam P", EmergencyPhone: "+49 30 555 0199",
				Allergies: "Penicillin (rash)", Conditions: []string{"depression", "anxiety"}}
			p, err := e.svc.UpdatePatient(ctx, e.front, e.patient, edit)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.svc.Patient(ctx, e.clinician, e.patient)
			if err != nil || got.Patient.Allergies != "Penicillin (rash)" || got.Patient.EmergencyPhone != "+49 30 555 0199" ||
				got.Patient.Gender != "woman" || len(got.Patient.Conditions) != 2 || p.Phone != "+49 30 555 0101" {
				t.Fatalf("after the edit: %+v %v", got.Patient, err)
			}
			vs, err := e.svc.PatientVersions(ctx, e.clinician, e.patient)
			want := []string{"gender", "phone", "emergency contact", "allergies", "conditions"}
			if err != nil || len(vs) != 1 || !slices.Equal(vs[0].Fields, want) || vs[0].ChangedBy != e.front.UserID ||
				vs[0].Patient.Allergies != "Penicillin (rash)" {
				t.Fatalf("versions %+v %v, want one changing %v", vs, err, want)
			}
			// The same again (conditions in another order): nothing to save.
			edit.Conditions = []string{"anxiety", "depression"}
			if _, err := e.svc.UpdatePatient(ctx, e.nurse, e.patient, edit); err != nil {
				t.Fatal(err)
			}
			if vs, _ := e.svc.PatientVersions(ctx, e.clinician, e.patient); len(vs) != 1 {
				t.Errorf("an edit changing nothing made a version: %d", len(vs))
			}
			// Refusals write nothing.
			for name, c := range map[string]struct {
				change func(*record.NewPatient)
				code   clinic.Code
			}{
				"another patient's MRN": {func(n *record.NewPatient) { n.MRN = "P-2" }, clinic.Conflict},
				"a future birth date":   {func(n *record.NewPatient) { n.BirthDate = "2099-01-01" }, clinic.Invalid},
				"a NUL in allergies":    {func(n *record.NewPatient) { n.Allergies = "latex\x00" }, clinic.Invalid},
				"allergies too long":    {func(n *record.NewPatient) { n.Allergies = strings.Repeat("a", 1001) }, clinic.Invalid},
				"no sex":                {func(n *record.NewPatient) { n.Sex = "" }, clinic.Invalid},
			} {
				bad := edit
				c.change(&bad)
				if _, err := e.svc.UpdatePatient(ctx, e.front, e.patient, bad); clinic.ErrorCode(err) != c.code {
					t.Errorf("%s: %v, want %s", name, err, c.code)
				}
			}
			if _, err := e.svc.UpdatePatient(ctx, e.patientActor, e.patient, edit); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a patient's own account edited the record: %v", err)
			}
			if _, err := e.svc.UpdatePatient(ctx, e.front, e.stranger, edit); clinic.ErrorCode(err) != clinic.NotFound {
				t.Errorf("another clinic's patient: %v", err)
			}
			if vs, _ := e.svc.PatientVersions(ctx, e.clinician, e.patient); len(vs) != 1 {
				t.Errorf("refused edits made versions: %d", len(vs))
			}
			au, err := e.db.Reader().Audit(ctx, clinic.AuditFilter{ClinicID: e.clinicID, Action: "patient.update", Limit: 100})
			if err != nil || len(au) != 1 || au[0].PatientID != e.patient || au[0].UserID != e.front.UserID {
				t.Errorf("audit: %+v %v", au, err)
			}
			if again, _ := e.svc.Patient(ctx, e.clinician, e.patient); again.Patient.MRN != "P-1" {
				t.Errorf("a refused MRN change was kept: %s", again.Patient.MRN)
			}
		})
	}
}
