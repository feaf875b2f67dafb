package store_test

import (
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/session"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// TestSignedSessionIsLockedBySchema: once a session is signed the schema
// itself refuses changes to it and to its rows, whatever the code does;
// addenda and REMS enrolments can be added but never changed.
func TestSignedSessionIsLockedBySchema(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		var sid, pid int64
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var err error
			if pid, err = q.CreatePatient(ctx, clinic.Patient{ClinicID: cid, MRN: "S-1", GivenName: "S", FamilyName: "One",
				Sex: "female", BirthDate: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), CreatedAt: now}); err != nil {
				return err
			}
			ts := record.TreatmentSession{ClinicID: cid, PatientID: pid, Route: clinic.RouteIV, Drug: record.DrugRacemic,
				PlannedDoseMg: 35, CeilingMg: 70, WeightKg: 70, AgeYears: 46, Status: record.SessionReady,
				Baseline: session.Vitals{Systolic: 120, Diastolic: 80, HeartRate: 70, SpO2: 98, RespRate: 14}, CheckedInByName: "N", CheckedInAt: now}
			if sid, err = q.CreateTreatmentSession(ctx, ts); err != nil {
				return err
			}
			if _, err := q.CreateSessionVitals(ctx, record.VitalsEntry{ClinicID: cid, SessionID: sid, TakenAt: now,
				Vitals: session.Vitals{Systolic: 120, Diastolic: 80, HeartRate: 70, SpO2: 98, RespRate: 14, Sedation: 5}, RecordedByName: "N", CreatedAt: now}); err != nil {
				return err
			}
			// Only a discharged session can be signed.
			if err := q.SignTreatmentSession(ctx, cid, sid, 0, "Dr C", now); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("signing a ready session: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Before sign-off the rows can change (as the code never does, but may).
		if err := db.RawExecForTest(ctx, "UPDATE session_vitals SET note = 'before'"); err != nil {
			t.Fatal(err)
		}
		if err := db.RawExecForTest(ctx, "UPDATE treatment_sessions SET status = 'discharged'"); err != nil {
			t.Fatal(err)
		}
		err = db.WithTx(ctx, func(q *store.Queries) error {
			if err := q.SignTreatmentSession(ctx, cid, sid, 0, "Dr C", now); err != nil {
				return err
			}
			if _, err := q.CreateAddendum(ctx, record.Addendum{ClinicID: cid, SessionID: sid, Body: "later", AuthorName: "N",
				AuthorRole: clinic.RoleNurse, CreatedAt: now}); err != nil {
				return err
			}
			_, err := q.CreateREMSEnrolment(ctx, record.REMSEnrolment{ClinicID: cid, PatientID: pid, Enrolled: true, EnrolledOn: now,
				RecordedByName: "N", RecordedAt: now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, stmt := range []string{
			"UPDATE treatment_sessions SET planned_dose_mg = 70",
			"UPDATE treatment_sessions SET signed_at = NULL",
			"DELETE FROM treatment_sessions",
			"UPDATE session_vitals SET systolic = 200",
			"DELETE FROM session_vitals",
			"INSERT INTO session_side_effects (clinic_id, session_id, kind, effect, grade, noted_at, recorded_by_name) SELECT clinic_id, id, 'side-effect', 'nausea', 'mild', checked_in_at, 'x' FROM treatment_sessions",
		} {
			if err := db.RawExecForTest(ctx, stmt); err == nil || !strings.Contains(err.Error(), "signed and locked") {
				t.Errorf("%s: got %v, want the lock's refusal", stmt, err)
			}
		}
		for _, stmt := range []string{"UPDATE session_addenda SET body = 'x'", "DELETE FROM session_addenda",
			"UPDATE rems_enrolments SET enrolled = enrolled", "DELETE FROM rems_enrolments"} {
			if err := db.RawExecForTest(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: got %v, want append-only refusal", stmt, err)
			}
		}
		rec, err := db.Reader().SessionRecord(ctx, cid, sid)
		if err != nil {
			t.Fatal(err)
		}
		if !rec.Session.Signed() || rec.Session.SignedByName != "Dr C" || len(rec.Vitals) != 1 || rec.Vitals[0].Systolic != 120 ||
			len(rec.Addenda) != 1 || rec.Addenda[0].Body != "later" {
			t.Errorf("record after refused changes: %+v", rec)
		}
		es, err := db.Reader().REMSEnrolments(ctx, cid, pid)
		if err != nil || len(es) != 1 || !es[0].Enrolled || !es[0].EnrolledOn.Equal(now) {
			t.Errorf("enrolments %+v %v", es, err)
		}
	})
}
