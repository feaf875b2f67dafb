package app_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/custody"
	"onset/internal/service/worklist"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// The sections around the sessions, each for the roles that act on it:
// an esketamine session's REMS form (due within 7 days, then overdue), a
// scheduled questionnaire unanswered a day later, a waitlisted patient
// with a free slot, a lot near expiry and a container not counted for a
// week. The menu's count is every item.
func TestWorklistDaySections(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newPlanEnv(t, engine)
			now := e.clock.Now() // Wednesday 20 May 2026, 09:00 UTC
			admin := service.System(e.clinicID)
			if err := e.db.WithTx(ctx, func(q *store.Queries) error {
				cid, err := q.CreateCourse(ctx, clinic.Course{ClinicID: e.clinicID, PatientID: e.patient, Condition: clinic.Depression,
					Route: clinic.RouteEsketamine, StartedAt: now.AddDate(0, 0, -3)})
				if err != nil {
					return err
				}
				// Dosed two days ago: in an active course.
				if _, err := q.CreateAdministration(ctx, clinic.Administration{ClinicID: e.clinicID, CourseID: cid, PatientID: e.patient,
					GivenAt: now.AddDate(0, 0, -2), Route: clinic.RouteEsketamine, DoseMg: 56, WeightKg: 70}); err != nil {
					return err
				}
				if _, err := q.CreateLink(ctx, record.QuestionnaireLink{ClinicID: e.clinicID, PatientID: e.patient, CourseID: cid,
					Instrument: "phq9", TokenHash: "overdue", ScheduleKey: "k1", CreatedAt: now.Add(-30 * time.Hour),
					ExpiresAt: now.AddDate(0, 0, 5)}); err != nil {
					return err
				}
				// Sent an hour ago: not overdue yet (and Pat P-2 is in no active course).
				if _, err := q.CreateLink(ctx, record.QuestionnaireLink{ClinicID: e.clinicID, PatientID: e.other, CourseID: cid,
					Instrument: "gad7", TokenHash: "fresh", ScheduleKey: "k2", CreatedAt: now.Add(-time.Hour),
					ExpiresAt: now.AddDate(0, 0, 5)}); err != nil {
					return err
				}
				_, err = q.CreateTreatmentSession(ctx, record.TreatmentSession{ClinicID: e.clinicID, PatientID: e.patient,
					Route: clinic.RouteEsketamine, Drug: "esketamine", PlannedDoseMg: 56, Status: record.SessionDischarged,
					CheckedInBy: e.nurse.UserID, CheckedInByName: "Nurse", CheckedInAt: now.AddDate(0, 0, -2)})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.AddResource(ctx, admin, record.BookingResource{Name: "Room 1", Kind: schedule.Room}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.AddProvider(ctx, admin, record.BookingProvider{UserID: e.clinician.UserID}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.AddToWaitlist(ctx, e.front, record.WaitlistEntry{PatientID: e.other, Kind: schedule.FollowUp}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.ReceiveStock(ctx, e.nurse, custody.LedgerReceiveInput{Drug: "ketamine", Form: "vial", NDC: "42023-113-10",
				Lot: "L1", Expires: now.AddDate(0, 0, 20).Format(time.DateOnly), ConcentrationMgPerML: 50, ML: 10, Invoice: "I-1",
				Supplier: "Supplier"}); err != nil {
				t.Fatal(err)
			}
			kinds := func(a service.Actor) []string {
				t.Helper()
				items, err := e.svc.WorkItems(ctx, a)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, it := range items {
					out = append(out, it.Kind)
					if it.Link == "" || it.What == "" {
						t.Errorf("%s: an item without a link or words: %+v", a.Role, it)
					}
				}
				return out
			}
			want := func(a service.Actor, wantKinds ...string) {
				t.Helper()
				if got := kinds(a); !slices.Equal(got, wantKinds) {
					t.Errorf("%s's worklist %q, want %q", a.Role, got, wantKinds)
				}
			}
			// The discharged session also waits for the prescriber's signature.
			want(e.clinician, "sign session", "REMS form", "questionnaire overdue", "waitlist offer", "lot near expiry")
			want(e.nurse, "REMS form", "questionnaire overdue", "waitlist offer", "lot near expiry")
			want(e.front, "questionnaire overdue", "waitlist offer")
			items, err := e.svc.WorkItems(ctx, e.clinician)
			if err != nil {
				t.Fatal(err)
			}
			rems, offer := items[1], items[3]
			if !strings.Contains(rems.What, "due by Mon 25 May") || !strings.Contains(rems.What, "sign") || !strings.HasSuffix(rems.Link, "/rems") {
				t.Errorf("the REMS item %+v", rems)
			}
			if !strings.HasPrefix(offer.Link, "/calendar/book?") || !strings.Contains(offer.Link, "patient_id=") || offer.PatientName == "" {
				t.Errorf("the waitlist offer %+v", offer)
			}
			// Eight days on: the form is overdue and the vial wants counting.
			e.clock.Advance(8 * 24 * time.Hour)
			items, err = e.svc.WorkItems(ctx, e.clinician)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(items, func(it worklist.Item) bool { return it.Kind == "REMS form" && strings.Contains(it.What, "overdue") }) ||
				!slices.ContainsFunc(items, func(it worklist.Item) bool { return it.Kind == "count due" }) {
				t.Errorf("eight days on: %+v", items)
			}
			if n, err := e.svc.WorklistCount(ctx, e.clinician); err != nil || n != len(items) {
				t.Errorf("the menu's count %d %v, want %d", n, err, len(items))
			}
			if _, err := e.svc.WorklistCount(ctx, e.patientActor); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a patient's worklist count: %v", err)
			}
		})
	}
}
