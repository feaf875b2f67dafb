package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/screening"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// TestIntakesRoundTripAndAppendOnly: an intake and its screening come back
// as written; versions are unique per patient; intakes and overrides can
// be added but never changed; conditions are replaced.
func TestIntakesRoundTripAndAppendOnly(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		in := record.Intake{ClinicID: cid, Version: 1, WeightKg: 72.5, HeightCm: 168, Conditions: []clinic.Condition{clinic.Depression},
			Medications: []string{"Xanax 0.5 mg", "metformin"}, ActivePsychosis: true, Pregnant: screening.PregnancyNo,
			SystolicBP: 185, DiastolicBP: 115, HeartRate: 80, ConsentVersion: "v1", ConsentName: "Pat One", ConsentAt: now,
			Source: "staff", RecordedByName: "N", RecordedAt: now,
			Findings:     []record.IntakeFinding{{Rule: "bp-uncontrolled", Severity: "exclude", Message: "high", Source: "ref §1.3"}},
			Unrecognized: []string{"metformin"}}
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var err error
			if in.PatientID, err = q.CreatePatient(ctx, clinic.Patient{ClinicID: cid, MRN: "I-1", GivenName: "Pat", FamilyName: "One",
				Sex: "female", BirthDate: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), CreatedAt: now,
				Conditions: []clinic.Condition{clinic.Anxiety}}); err != nil {
				return err
			}
			if _, err := q.LatestIntake(ctx, cid, in.PatientID); clinic.ErrorCode(err) != clinic.NotFound {
				t.Errorf("latest intake of a patient without one: %v", err)
			}
			in.ID, err = q.CreateIntake(ctx, in)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// Two saves of the same version (two people at once): the second is a conflict.
		err = db.WithTx(ctx, func(q *store.Queries) error { _, err := q.CreateIntake(ctx, in); return err })
		if clinic.ErrorCode(err) != clinic.Conflict {
			t.Errorf("second version 1: %v", err)
		}
		err = db.WithTx(ctx, func(q *store.Queries) error {
			if err := q.SetPatientConditions(ctx, cid, in.PatientID, []clinic.Condition{clinic.PTSD, clinic.OCD}); err != nil {
				return err
			}
			_, err := q.CreateScreeningOverride(ctx, record.ScreeningOverride{ClinicID: cid, PatientID: in.PatientID, IntakeID: in.ID,
				Reason: "rechecked", ClinicianName: "Dr C", CreatedAt: now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		q := db.Reader()
		got, err := q.LatestIntake(ctx, cid, in.PatientID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.ConsentAt.Equal(now) || !got.RecordedAt.Equal(now) {
			t.Errorf("times %v %v, want %v", got.ConsentAt, got.RecordedAt, now)
		}
		got.ConsentAt, got.RecordedAt = in.ConsentAt, in.RecordedAt
		if got.ID != in.ID || got.WeightKg != 72.5 || !got.ActivePsychosis || got.Pregnant != screening.PregnancyNo ||
			!slices.Equal(got.Medications, in.Medications) || !slices.Equal(got.Findings, in.Findings) ||
			!slices.Equal(got.Unrecognized, in.Unrecognized) || !slices.Equal(got.Conditions, in.Conditions) || got.Eligible {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, in)
		}
		o, err := q.IntakeOverride(ctx, cid, in.ID)
		if err != nil || o.Reason != "rechecked" || !o.CreatedAt.Equal(now) {
			t.Errorf("override %+v, %v", o, err)
		}
		if _, err := q.IntakeOverride(ctx, cid+1000, in.ID); clinic.ErrorCode(err) != clinic.NotFound {
			t.Errorf("another clinic's override: %v", err)
		}
		p, err := q.Patient(ctx, cid, in.PatientID)
		if err != nil || !slices.Equal(p.Conditions, []clinic.Condition{clinic.OCD, clinic.PTSD}) {
			t.Errorf("conditions %v, %v", p.Conditions, err)
		}
		for _, stmt := range []string{"UPDATE intakes SET systolic = 120", "DELETE FROM intakes",
			"UPDATE screening_overrides SET reason = 'x'", "DELETE FROM screening_overrides"} {
			if err := db.RawExecForTest(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v, want refused as append-only", stmt, err)
			}
		}
	})
}
