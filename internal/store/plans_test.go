package store_test

import (
	"slices"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

func TestPlansRoundTripAndRules(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		var pid, planID int64
		start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		plan := record.Plan{ClinicID: cid, Version: 1, Status: record.PlanDraft, TemplateID: "iv-ketamine-induction",
			TemplateName: "IV", TemplateSource: "Murrough 2013", Route: clinic.RouteIV, WeightKg: 72.5, AgeYears: 44,
			StartDate: start, Weekdays: []time.Weekday{time.Monday, time.Friday}, ConcentrationMgPerML: 10, DiluentML: 100,
			Reason: "New plan", CreatedByName: "system", CreatedAt: now,
			Sessions: []record.PlannedSession{
				{Number: 1, Phase: "induction", Date: start, Route: clinic.RouteIV, DoseMg: 36.2, MgPerKg: 0.5, DurationMin: 40,
					MonitorMin: 30, VolumeML: 3.6, TotalML: 103.6, RateMLPerHour: 155.4, Steps: []string{"a", "b × c"}},
				{Number: 2, Phase: "induction", Date: start.AddDate(0, 0, 4), Route: clinic.RouteIV, DoseMg: 36.2, MgPerKg: 0.5},
			}}
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var err error
			if pid, err = q.CreatePatient(ctx, clinic.Patient{ClinicID: cid, MRN: "M1", GivenName: "A", FamilyName: "B",
				Sex: "female", BirthDate: time.Date(1981, 1, 1, 0, 0, 0, 0, time.UTC), CreatedAt: now}); err != nil {
				return err
			}
			plan.PatientID = pid
			planID, err = q.CreatePlan(ctx, plan)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Reader().Plan(ctx, cid, planID)
		if err != nil {
			t.Fatal(err)
		}
		if got.RootID != planID || got.WeightKg != 72.5 || !got.StartDate.Equal(start) || !slices.Equal(got.Weekdays, plan.Weekdays) ||
			len(got.Sessions) != 2 || !slices.Equal(got.Sessions[0].Steps, []string{"a", "b × c"}) || got.Sessions[1].Steps != nil ||
			got.Sessions[0].RateMLPerHour != 155.4 || !got.SignedAt.IsZero() || got.CreatedBy != 0 {
			t.Errorf("round trip: %+v", got)
		}
		if _, err := db.Reader().Plan(ctx, cid+1, planID); clinic.ErrorCode(err) != clinic.NotFound {
			t.Errorf("another clinic's plan: %v", err)
		}
		// Sign, then the draft-only update refuses, and a duplicate version conflicts.
		err = db.WithTx(ctx, func(q *store.Queries) error { return q.SignPlan(ctx, cid, planID, 0, "Dr A", now) })
		if err != nil {
			t.Fatal(err)
		}
		err = db.WithTx(ctx, func(q *store.Queries) error { return q.SignPlan(ctx, cid, planID, 0, "Dr B", now) })
		if clinic.ErrorCode(err) != clinic.Conflict {
			t.Errorf("signing a signed plan: %v", err)
		}
		edited := got
		edited.WeightKg = 90
		err = db.WithTx(ctx, func(q *store.Queries) error { return q.UpdateDraftPlan(ctx, edited) })
		if clinic.ErrorCode(err) != clinic.Conflict {
			t.Errorf("updating a signed plan: %v", err)
		}
		v2 := plan
		v2.Version, v2.RootID, v2.Reason = 2, planID, "amended"
		var v2ID int64
		if err := db.WithTx(ctx, func(q *store.Queries) error { v2ID, err = q.CreatePlan(ctx, v2); return err }); err != nil {
			t.Fatal(err)
		}
		err = db.WithTx(ctx, func(q *store.Queries) error { _, err := q.CreatePlan(ctx, v2); return err })
		if clinic.ErrorCode(err) != clinic.Conflict {
			t.Errorf("a second version 2: %v", err)
		}
		if err := db.WithTx(ctx, func(q *store.Queries) error {
			if err := q.SignPlan(ctx, cid, v2ID, 0, "Dr A", now); err != nil {
				return err
			}
			return q.SupersedePlans(ctx, cid, planID, v2ID)
		}); err != nil {
			t.Fatal(err)
		}
		all, err := db.Reader().Plans(ctx, cid, pid)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].Status != record.PlanSuperseded || all[0].WeightKg != 72.5 || all[0].SignedByName != "Dr A" ||
			all[1].Status != record.PlanSigned || all[1].RootID != planID || all[1].Version != 2 {
			t.Errorf("series after the amendment: %+v", all)
		}
	})
}
