package app_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service/notes"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// A therapist writes an integration note for a patient on their caseload:
// a draft only they edit, then signed and locked; addenda after; every
// read and write audited. They cannot write for another patient, a nurse
// cannot write a therapy note (the database's own lock is tested in
// store).
func TestTherapyNotes(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newPlanEnv(t, engine)
			th := e.therapist(t, "Tess Ther")
			in := notes.Input{Kind: record.NoteTherapy, Session: "integration", Intentions: "Reconnect with family",
				Themes: "grief; hope", Observations: "calm, tearful at times", Plan: "journal; next session Friday"}
			// The patient's course began before the note (T0 a week ago).
			if err := e.db.WithTx(ctx, func(q *store.Queries) error {
				_, err := q.CreateCourse(ctx, clinic.Course{ClinicID: e.clinicID, PatientID: e.patient, Condition: clinic.Depression,
					Route: clinic.RouteIV, StartedAt: e.clock.Now().AddDate(0, 0, -7)})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			n, err := e.svc.CreateNote(ctx, th, e.patient, in)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.CreateNote(ctx, th, e.other, in); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a note for a patient off the caseload: %v", err)
			}
			if _, err := e.svc.CreateNote(ctx, e.nurse, e.patient, in); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a nurse wrote a therapy note: %v", err)
			}
			if _, err := e.svc.CreateNote(ctx, th, e.patient, notes.Input{Kind: record.NoteTherapy, Session: "integration"}); clinic.ErrorCode(err) != clinic.Invalid {
				t.Errorf("an empty note: %v", err)
			}
			if _, err := e.svc.CreateNote(ctx, th, e.patient, notes.Input{Kind: record.NoteTherapy, Session: "party", Body: "x"}); clinic.ErrorCode(err) != clinic.Invalid {
				t.Errorf("an unknown session: %v", err)
			}
			in.Plan = "journal daily; next session Friday"
			if _, err := e.svc.UpdateNote(ctx, e.clinician, n.ID, in); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("someone else edited the draft: %v", err)
			}
			if _, err := e.svc.UpdateNote(ctx, th, n.ID, in); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.SignNote(ctx, th, n.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.UpdateNote(ctx, th, n.ID, in); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("a signed note was edited: %v", err)
			}
			// Signed, the therapy note marks the course as having psychotherapy.
			if rec, err := e.svc.Patient(ctx, e.clinician, e.patient); err != nil || len(rec.Courses) != 1 || !rec.Courses[0].Therapy ||
				rec.Courses[0].TherapySessions != 1 || !rec.Courses[0].TherapyFirstAt.Equal(n.CreatedAt) {
				t.Errorf("the course after a signed therapy note: %+v %v", rec.Courses, err)
			}
			// A second session, signed a day later, counts too; a draft does not.
			e.clock.Advance(24 * time.Hour)
			n2, err := e.svc.CreateNote(ctx, th, e.patient, notes.Input{Kind: record.NoteTherapy, Session: "integration", Body: "second"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.CreateNote(ctx, th, e.patient, notes.Input{Kind: record.NoteTherapy, Session: "integration", Body: "draft"}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.SignNote(ctx, th, n2.ID); err != nil {
				t.Fatal(err)
			}
			if rec, err := e.svc.Patient(ctx, e.clinician, e.patient); err != nil || rec.Courses[0].TherapySessions != 2 ||
				!rec.Courses[0].TherapyFirstAt.Equal(n.CreatedAt) {
				t.Errorf("the course after two signed therapy notes: %+v %v", rec.Courses, err)
			}
			if _, err := e.svc.AddNoteAddendum(ctx, e.clinician, n.ID, "Discussed with the prescriber."); err != nil {
				t.Fatal(err)
			}
			got, err := e.svc.Note(ctx, e.clinician, n.ID)
			if err != nil || !got.Signed() || got.Plan != "journal daily; next session Friday" || len(got.Addenda) != 1 ||
				got.AuthorName != "Tess Ther" {
				t.Fatalf("the note: %+v %v", got, err)
			}
			if _, err := e.svc.Note(ctx, e.front, n.ID); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("the front desk read a clinical note: %v", err)
			}
			for action, want := range map[string]int{"note.create": 3, "note.update": 1, "note.sign": 2, "note.addendum": 1, "note.read": 1} {
				au, err := e.db.Reader().Audit(ctx, clinic.AuditFilter{ClinicID: e.clinicID, Action: action, Limit: 100})
				if err != nil || len(au) != want {
					t.Errorf("%s audited %d times, want %d (%v)", action, len(au), want, err)
				}
			}
		})
	}
}
