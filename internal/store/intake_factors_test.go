package store_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/screening"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// TestIntakeFactorsRoundTrip: the intake's factors come back as written,
// a zero stays a zero (no benzodiazepine, no failed trial) and what was not
// recorded stays missing; an intake without factors has none.
func TestIntakeFactorsRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		zero, years, trials, yes, no := 0.0, 12.5, 0, true, false
		in := record.Intake{ClinicID: cid, Version: 1, WeightKg: 70, HeightCm: 170, Pregnant: screening.PregnancyNo,
			ConsentVersion: "v1", ConsentName: "F One", ConsentAt: now, Source: "staff", RecordedByName: "N", RecordedAt: now,
			Factors: clinic.IntakeFactors{YearsIll: &years, FailedTrials: &trials, BenzoDiazepamMg: &zero, ECT: &yes, PTSD: &no}}
		var bare record.Intake
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var err error
			if in.PatientID, err = q.CreatePatient(ctx, clinic.Patient{ClinicID: cid, MRN: "F-1", GivenName: "F", FamilyName: "One",
				Sex: "female", BirthDate: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), CreatedAt: now}); err != nil {
				return err
			}
			if _, err = q.CreateIntake(ctx, in); err != nil {
				return err
			}
			bare = in
			bare.Version, bare.Factors = 2, clinic.IntakeFactors{}
			_, err = q.CreateIntake(ctx, bare)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		all, err := db.Reader().Intakes(ctx, cid, in.PatientID)
		if err != nil || len(all) != 2 {
			t.Fatalf("intakes %d, %v", len(all), err)
		}
		if all[0].Factors != (clinic.IntakeFactors{}) {
			t.Errorf("an intake without factors read back %+v", all[0].Factors)
		}
		f := all[1].Factors
		if f.YearsIll == nil || *f.YearsIll != 12.5 || f.FailedTrials == nil || *f.FailedTrials != 0 ||
			f.BenzoDiazepamMg == nil || *f.BenzoDiazepamMg != 0 || f.ECT == nil || !*f.ECT || f.PTSD == nil || *f.PTSD {
			t.Errorf("factors read back %+v", f)
		}
		if f.EpisodeMonths != nil || f.TMS != nil || f.Lamotrigine != nil || f.Bipolar != nil {
			t.Errorf("factors not recorded came back recorded: %+v", f)
		}
	})
}
