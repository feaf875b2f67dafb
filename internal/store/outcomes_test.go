package store_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// TestCohortHistories: one pass gives every patient with courses their own
// courses, doses and scores of the one instrument, in patient order, and
// nothing of another clinic or instrument.
func TestCohortHistories(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid, other := seedClinic(t, db), seedClinic(t, db)
		day := func(d int) time.Time { return now.AddDate(0, 0, d) }
		var pids [4]int64
		err := db.WithTx(ctx, func(q *store.Queries) error {
			for i := range pids {
				c := cid
				if i == 3 {
					c = other
				}
				id, err := q.CreatePatient(ctx, clinic.Patient{ClinicID: c, MRN: string(rune('A' + i)), GivenName: "G", FamilyName: "F",
					Sex: "female", BirthDate: time.Date(1980+i, 1, 1, 0, 0, 0, 0, time.UTC), CreatedAt: now})
				if err != nil {
					return err
				}
				pids[i] = id
			}
			// Patient 0: two courses; patient 1: no course (skipped, though
			// scored); patient 2: one course, no scores; patient 3: another clinic.
			for _, p := range []struct {
				pid, clinicID int64
				start         int
			}{{pids[0], cid, 0}, {pids[0], cid, 200}, {pids[2], cid, 10}, {pids[3], other, 0}} {
				course, err := q.CreateCourse(ctx, clinic.Course{ClinicID: p.clinicID, PatientID: p.pid, Condition: clinic.Depression,
					Route: clinic.RouteIV, StartedAt: day(p.start)})
				if err != nil {
					return err
				}
				for _, d := range []int{p.start + 2, p.start} { // stored out of order
					if _, err := q.CreateAdministration(ctx, clinic.Administration{ClinicID: p.clinicID, CourseID: course, PatientID: p.pid,
						GivenAt: day(d), Route: clinic.RouteIV, DoseMg: 35, WeightKg: 70}); err != nil {
						return err
					}
				}
			}
			for _, a := range []struct {
				pid, clinicID int64
				inst          string
				d, total      int
			}{
				{pids[0], cid, "phq9", 5, 9}, {pids[0], cid, "phq9", -1, 20}, {pids[0], cid, "gad7", 1, 15},
				{pids[1], cid, "phq9", 1, 12}, {pids[3], other, "phq9", 1, 3},
			} {
				if _, err := q.CreateAssessment(ctx, clinic.Assessment{ClinicID: a.clinicID, PatientID: a.pid, Instrument: a.inst,
					TakenAt: day(a.d), Total: a.total, Source: "test"}, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var got []outcomes.History
		if err := db.Reader().CohortHistories(ctx, cid, "phq9", func(h outcomes.History) error {
			got = append(got, h)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].PatientID != pids[0] || got[1].PatientID != pids[2] {
			t.Fatalf("histories for %+v", got)
		}
		h := got[0]
		if len(h.Courses) != 2 || !h.Courses[0].StartedAt.Equal(day(0)) || len(h.Administrations) != 4 ||
			!h.BirthDate.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("patient 0: %+v", h)
		}
		if len(h.Scores) != 2 || h.Scores[0].Total != 20 || h.Scores[1].Total != 9 || !h.Scores[0].At.Equal(day(-1)) {
			t.Errorf("patient 0 scores %+v", h.Scores)
		}
		if !h.Administrations[0].GivenAt.Before(h.Administrations[1].GivenAt) {
			t.Errorf("doses not in time order: %+v", h.Administrations)
		}
		if h2 := got[1]; len(h2.Courses) != 1 || len(h2.Administrations) != 2 || len(h2.Scores) != 0 {
			t.Errorf("patient 2: %+v", h2)
		}
		// Import helpers over the same data.
		last, err := db.Reader().LastAdministrations(ctx, cid)
		if err != nil || len(last) != 2 || !last[pids[0]].GivenAt.Equal(day(202)) {
			t.Errorf("last doses %+v %v", last, err)
		}
		mrns, err := db.Reader().PatientIDsByMRN(ctx, cid)
		if err != nil || len(mrns) != 3 || mrns["A"] != pids[0] {
			t.Errorf("MRNs %v %v", mrns, err)
		}
	})
}

func TestImportKeys(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		if err := db.WithTx(ctx, func(q *store.Queries) error {
			return q.PutImportKey(ctx, cid, "patient", "P1", 7)
		}); err != nil {
			t.Fatal(err)
		}
		err := db.WithTx(ctx, func(q *store.Queries) error { return q.PutImportKey(ctx, cid, "patient", "P1", 8) })
		if clinic.ErrorCode(err) != clinic.Conflict {
			t.Errorf("second key: %v, want conflict", err)
		}
		keys, err := db.Reader().ImportKeys(ctx, cid, "patient")
		if err != nil || len(keys) != 1 || keys["P1"] != 7 {
			t.Errorf("keys %v %v", keys, err)
		}
		if keys, _ := db.Reader().ImportKeys(ctx, cid, "assessment"); len(keys) != 0 {
			t.Errorf("other kind: %v", keys)
		}
	})
}
