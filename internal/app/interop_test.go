package app_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/interop"
	"onset/internal/service/measurement"
	"onset/internal/service/patients"
	"onset/internal/store/storetest"
)

// fhirAudits counts audit rows of a FHIR read (record type fhir.*).
func (e planEnv) fhirAudits(t *testing.T, recordType string) int {
	t.Helper()
	es, err := e.svc.AuditLog(t.Context(), service.System(e.clinicID), clinic.AuditFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range es {
		if x.RecordType == recordType {
			n++
		}
	}
	return n
}

// TestPatientChart: a chart holds the parts asked for, each under its own
// action; a patient reads only their own, and nobody another clinic's;
// every read is audited.
func TestPatientChart(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newPlanEnv(t, engine)
			ctx := t.Context()
			if _, err := e.svc.RecordAssessment(ctx, e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9",
				Answers: []int{1, 1, 1, 1, 1, 1, 1, 1, 0}, Source: measurement.SourceStaff}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.RecordIntake(ctx, e.nurse, e.patient, intakeForm()); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.UpdatePatient(ctx, e.nurse, e.patient, record.NewPatient{MRN: "P-1", GivenName: "Pat",
				FamilyName: "P-1", Sex: "female", BirthDate: "1980-07-01", Conditions: []string{"depression"},
				EmergencyName: "Sam Example", EmergencyPhone: "+1 503 555 0199"}); err != nil {
				t.Fatal(err)
			}
			ch, err := e.svc.PatientChart(ctx, e.clinician, interop.ChartRequest{PatientID: e.patient, Parts: interop.Everything,
				Audit: "fhir.everything"})
			if err != nil {
				t.Fatal(err)
			}
			if ch.Patient.ID != e.patient || len(ch.Assessments) != 1 || len(ch.Intakes) != 1 || ch.Version() != 2 ||
				ch.Parts != interop.Everything || ch.ProviderUsers == nil || ch.Patient.EmergencyName != "Sam Example" {
				t.Errorf("chart: patient %d, %d assessments, %d intakes, version %d, parts %b", ch.Patient.ID,
					len(ch.Assessments), len(ch.Intakes), ch.Version(), ch.Parts)
			}
			if n := e.fhirAudits(t, "fhir.everything"); n != 1 {
				t.Errorf("%d fhir.everything audit rows, want 1", n)
			}

			// The front desk may not read sessions: asked for, refused;
			// leniently, left out.
			_, err = e.svc.PatientChart(ctx, e.front, interop.ChartRequest{PatientID: e.patient, Parts: interop.Sessions})
			wantCode(t, err, clinic.Forbidden, "permission")
			ch, err = e.svc.PatientChart(ctx, e.front, interop.ChartRequest{PatientID: e.patient, Parts: interop.Everything,
				Lenient: true})
			if err != nil {
				t.Fatal(err)
			}
			if ch.Parts&interop.Sessions != 0 || ch.Parts&interop.Appointments == 0 || ch.Sessions != nil {
				t.Errorf("front desk read parts %b", ch.Parts)
			}

			// A patient: their own (without sessions or plans), nobody else's.
			ch, err = e.svc.PatientChart(ctx, e.patientActor, interop.ChartRequest{PatientID: e.patient,
				Parts: interop.Everything, Lenient: true})
			if err != nil {
				t.Fatal(err)
			}
			if want := interop.Assessments | interop.Intakes | interop.Appointments | interop.Consents; ch.Parts != want {
				t.Errorf("patient read parts %b, want %b", ch.Parts, want)
			}
			_, err = e.svc.PatientChart(ctx, e.patientActor, interop.ChartRequest{PatientID: e.other})
			wantCode(t, err, clinic.NotFound, "no such patient")
			_, err = e.svc.PatientChart(ctx, e.clinician, interop.ChartRequest{PatientID: e.stranger})
			wantCode(t, err, clinic.NotFound, "no such patient")

			// Locating a record by its id: the clinic's own, and for a
			// patient only their own.
			as := ch.Assessments[0]
			if pid, err := e.svc.LocateRecord(ctx, e.nurse, interop.KindAssessment, as.ID); err != nil || pid != e.patient {
				t.Errorf("LocateRecord: %d, %v", pid, err)
			}
			if pid, err := e.svc.LocateRecord(ctx, e.nurse, interop.KindIntake, ch.Intakes[0].ID); err != nil || pid != e.patient {
				t.Errorf("LocateRecord intake: %d, %v", pid, err)
			}
			other, err := e.svc.RecordTotal(ctx, e.nurse, measurement.NewTotal{PatientID: e.other, Instrument: "gad7", Total: 5,
				TakenAt: e.clock.Now().Add(-time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.svc.LocateRecord(ctx, e.patientActor, interop.KindAssessment, other.ID)
			wantCode(t, err, clinic.NotFound, "no such record")
			_, err = e.svc.LocateRecord(ctx, e.nurse, interop.KindDose, 999999)
			wantCode(t, err, clinic.NotFound, "no such record")
		})
	}
}

// TestFindPatients: staff find their clinic's patients by MRN (any case),
// name or id; a patient finds only themself; another clinic's patient is
// never found. Each search is audited.
func TestFindPatients(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newPlanEnv(t, engine)
			ctx := t.Context()
			ids := func(chs []interop.Chart) []int64 {
				var out []int64
				for _, c := range chs {
					out = append(out, c.Patient.ID)
				}
				return out
			}
			for _, c := range []struct {
				name string
				a    service.Actor
				q    interop.PatientQuery
				want []int64
			}{
				{"mrn", e.clinician, interop.PatientQuery{MRN: "p-2"}, []int64{e.other}},
				{"unknown mrn", e.clinician, interop.PatientQuery{MRN: "P-9"}, nil},
				{"name", e.front, interop.PatientQuery{Name: "pat"}, []int64{e.patient, e.other}},
				{"ids", e.nurse, interop.PatientQuery{IDs: []int64{e.other, e.stranger}}, []int64{e.other}},
				{"another clinic's mrn", e.clinician, interop.PatientQuery{MRN: "F-1"}, nil},
				{"patient", e.patientActor, interop.PatientQuery{MRN: "P-2"}, []int64{e.patient}},
			} {
				got, err := e.svc.FindPatients(ctx, c.a, c.q)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				g := ids(got)
				if len(g) != len(c.want) {
					t.Errorf("%s: found %v, want %v", c.name, g, c.want)
					continue
				}
				for i := range g {
					if g[i] != c.want[i] {
						t.Errorf("%s: found %v, want %v", c.name, g, c.want)
					}
				}
			}
			if n := e.fhirAudits(t, "fhir.search"); n != 6 {
				t.Errorf("%d fhir.search audit rows, want 6", n)
			}
		})
	}
}

// TestRecordTotal: staff record a total without answers (a FHIR
// Observation), stored as such; a patient, a total out of range, the
// C-SSRS, a time in the future and another clinic's patient are refused
// and store nothing.
func TestRecordTotal(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newPlanEnv(t, engine)
			ctx := t.Context()
			count := func() int {
				as, err := e.db.Reader().Assessments(ctx, e.clinicID, e.patient)
				if err != nil {
					t.Fatal(err)
				}
				return len(as)
			}
			taken := e.clock.Now().Add(-2 * time.Hour)
			a, err := e.svc.RecordTotal(ctx, e.nurse, measurement.NewTotal{PatientID: e.patient, Instrument: "phq9", Total: 14,
				TakenAt: taken})
			if err != nil {
				t.Fatal(err)
			}
			stored, err := e.db.Reader().Assessment(ctx, e.clinicID, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if stored.Total != 14 || stored.Answers != nil || stored.Source != measurement.SourceFHIR || !stored.TakenAt.Equal(taken) {
				t.Errorf("stored %+v", stored)
			}
			if e.auditCount(t, service.ActAssessmentRecord) != 1 {
				t.Error("the total's write is not audited")
			}
			before := count()
			for _, c := range []struct {
				name string
				a    service.Actor
				n    measurement.NewTotal
				code clinic.Code
				text string
			}{
				{"patient", e.patientActor, measurement.NewTotal{PatientID: e.patient, Instrument: "phq9", Total: 3, TakenAt: taken},
					clinic.Forbidden, "QuestionnaireResponse"},
				{"range", e.nurse, measurement.NewTotal{PatientID: e.patient, Instrument: "phq9", Total: 28, TakenAt: taken},
					clinic.Invalid, "from 0 to 27"},
				{"cssrs", e.nurse, measurement.NewTotal{PatientID: e.patient, Instrument: "cssrs-screener", Total: 1, TakenAt: taken},
					clinic.Invalid, "C-SSRS"},
				{"future", e.nurse, measurement.NewTotal{PatientID: e.patient, Instrument: "phq9", Total: 3,
					TakenAt: e.clock.Now().Add(time.Hour)}, clinic.Invalid, "future"},
				{"no time", e.nurse, measurement.NewTotal{PatientID: e.patient, Instrument: "phq9", Total: 3}, clinic.Invalid, "taken"},
				{"unknown", e.nurse, measurement.NewTotal{PatientID: e.patient, Instrument: "bdi", Total: 3, TakenAt: taken},
					clinic.Invalid, "Unknown"},
				{"stranger", e.nurse, measurement.NewTotal{PatientID: e.stranger, Instrument: "phq9", Total: 3, TakenAt: taken},
					clinic.NotFound, "not found"},
			} {
				_, err := e.svc.RecordTotal(ctx, c.a, c.n)
				if err == nil || clinic.ErrorCode(err) != c.code || !containsFold(clinic.ErrorMessage(err), c.text) {
					t.Errorf("%s: %v; want %s containing %q", c.name, err, c.code, c.text)
				}
			}
			if count() != before {
				t.Errorf("refused totals stored %d assessments", count()-before)
			}
		})
	}
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// TestUpdatePatientVersion: an edit of the version in force saves; of an
// older one it is refused and saves nothing — also when two edits of the
// same version race, where exactly one wins.
func TestUpdatePatientVersion(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newPlanEnv(t, engine)
			ctx := t.Context()
			edit := func(family string) record.NewPatient {
				return record.NewPatient{MRN: "P-1", GivenName: "Pat", FamilyName: family, Sex: "female", BirthDate: "1980-07-01",
					Conditions: []string{"depression"}}
			}
			if _, err := e.svc.UpdatePatientVersion(ctx, e.nurse, e.patient, edit("Rivera"), 1); err != nil {
				t.Fatal(err)
			}
			_, err := e.svc.UpdatePatientVersion(ctx, e.nurse, e.patient, edit("Stale"), 1)
			if !errors.Is(err, patients.ErrVersionChanged) || clinic.ErrorCode(err) != clinic.Conflict {
				t.Fatalf("an edit of version 1 after version 2: %v", err)
			}
			if _, err := e.svc.UpdatePatientVersion(ctx, e.nurse, e.patient, edit("Rivera"), 2); err != nil {
				t.Errorf("no change at the version in force: %v", err)
			}
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = e.svc.UpdatePatientVersion(ctx, e.nurse, e.patient, edit(fmt.Sprint("Racer", i)), 2)
				}()
			}
			wg.Wait()
			won := 0
			for _, err := range errs {
				switch {
				case err == nil:
					won++
				case !errors.Is(err, patients.ErrVersionChanged) && clinic.ErrorCode(err) != clinic.Conflict:
					t.Errorf("the losing edit: %v", err)
				}
			}
			vs, err := e.db.Reader().PatientVersions(ctx, e.clinicID, e.patient)
			if err != nil {
				t.Fatal(err)
			}
			if won != 1 || len(vs) != 2 {
				t.Errorf("%d edits of version 2 won, %d versions stored; want 1 and 2", won, len(vs))
			}
		})
	}
}
