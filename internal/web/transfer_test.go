package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/booking"
	"onset/internal/service/measurement"
	"onset/internal/store/storetest"
)

// TestPatientTransfer: the organization admin moves a patient to the
// second clinic. The new record there has the details and the
// questionnaire history and says where it came from; the record here
// stays, says where the patient went and takes no new bookings; both
// clinics' trails record the move, and it happens once.
func TestPatientTransfer(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, engine)
			ctx := t.Context()
			sys := service.System(f.clinicID)
			east, err := f.svc.AddClinic(ctx, sys, "Eastside", "")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.RecordAssessment(ctx, actorOf(f.users[clinic.RoleNurse]), measurement.NewAssessment{PatientID: f.patient,
				Instrument: "phq9", Answers: []int{2, 2, 1, 1, 2, 1, 1, 2, 0}, Source: measurement.SourceStaff}); err != nil {
				t.Fatal(err)
			}
			pid := strconv.FormatInt(f.patient, 10)
			if res := f.signIn(clinic.RoleNurse).post("/patients/"+pid+"/transfer", url.Values{"clinic": {strconv.FormatInt(east.ID, 10)},
				"reason": {"x"}}); res.StatusCode != http.StatusForbidden {
				t.Errorf("a nurse transfers a patient: %d", res.StatusCode)
			}
			admin := f.signIn(clinic.RoleAdmin)
			if page := admin.getBody("/patients/"+pid, http.StatusOK); !strings.Contains(page, `id="transfer-clinic"`) {
				t.Fatal("no transfer form for the organization admin")
			}
			if page := admin.refused("/patients/"+pid+"/transfer", url.Values{"clinic": {strconv.FormatInt(east.ID, 10)}}); !strings.Contains(page, "reason for the transfer") {
				t.Errorf("a transfer without a reason is not refused plainly")
			}
			page := admin.follow(admin.post("/patients/"+pid+"/transfer", url.Values{"clinic": {strconv.FormatInt(east.ID, 10)},
				"reason": {"Moved closer to Eastside"}}))
			if !strings.Contains(page, "Transferred to Eastside; switch to it") || !strings.Contains(page, `id="transferred-out"`) ||
				!strings.Contains(page, "Moved to Eastside on") || strings.Contains(page, `id="transfer-clinic"`) {
				t.Errorf("the record after the transfer:\n%s", page)
			}
			start := time.Now().UTC().AddDate(0, 0, 3).Truncate(time.Hour)
			if _, err := f.svc.BookAppointment(ctx, sys, booking.BookingInput{PatientID: f.patient, Kind: "consultation", Start: start}); clinic.ErrorCode(err) != clinic.Conflict ||
				!strings.Contains(clinic.ErrorMessage(err), "moved to Eastside") {
				t.Errorf("booking the moved patient here: %v", err)
			}
			if _, err := f.svc.TransferPatient(ctx, actorOf(f.users[clinic.RoleAdmin]), f.patient, east.ID, "again"); err == nil {
				t.Error("a second transfer of the same record went through")
			}

			admin.post("/clinic", url.Values{"clinic": {strconv.FormatInt(east.ID, 10)}})
			list := admin.getBody("/patients", http.StatusOK)
			m := regexp.MustCompile(`href="/patients/(\d+)"[^>]*>P-1, Pat<`).FindStringSubmatch(list)
			if m == nil || m[1] == pid {
				t.Fatalf("Eastside's list has no new record of the patient:\n%s", list)
			}
			moved := admin.getBody("/patients/"+m[1], http.StatusOK)
			if !strings.Contains(moved, `id="transferred-in"`) || !strings.Contains(moved, "Came from Test clinic") {
				t.Errorf("the new record does not say where it came from")
			}
			newID, _ := strconv.ParseInt(m[1], 10, 64)
			rec, err := f.svc.Patient(ctx, service.System(east.ID), newID)
			if err != nil || len(rec.Assessments) != 1 || rec.Assessments[0].Total != 12 || len(rec.Assessments[0].Answers) != 9 ||
				rec.Patient.MRN != "P-1" || len(rec.Patient.Conditions) != 1 {
				t.Errorf("the new record: %+v %v", rec, err)
			}
			for _, c := range []struct {
				clinicID, patientID int64
				action              string
			}{{f.clinicID, f.patient, "patient.transfer_out"}, {east.ID, newID, "patient.transfer_in"}} {
				es, err := f.svc.AuditLog(ctx, service.System(c.clinicID), clinic.AuditFilter{Action: c.action, PatientID: c.patientID})
				if err != nil || len(es) != 1 {
					t.Errorf("%s in clinic %d: %d rows (%v)", c.action, c.clinicID, len(es), err)
				}
			}
		})
	}
}
