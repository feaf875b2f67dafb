package store_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/screening"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// TestCohortFactors: the intakes that recorded factors, each session's
// environment with the course of its dose (one row per session however
// many doses), and, when asked, the PHQ-9, QIDS-SR16 and GAD-7 answers;
// sessions without an environment and other instruments are not read.
func TestCohortFactors(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		yes, no, years := true, false, 4.0
		var courseID int64
		err := db.WithTx(ctx, func(q *store.Queries) error {
			pid, err := q.CreatePatient(ctx, clinic.Patient{ClinicID: cid, MRN: "CF-1", GivenName: "C", FamilyName: "F",
				Sex: "female", BirthDate: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), CreatedAt: now})
			if err != nil {
				return err
			}
			intake := record.Intake{ClinicID: cid, PatientID: pid, Version: 1, WeightKg: 70, HeightCm: 170, Pregnant: screening.PregnancyNo,
				ConsentVersion: "v1", ConsentName: "C F", ConsentAt: now, Source: "staff", RecordedByName: "N", RecordedAt: now,
				Factors: clinic.IntakeFactors{YearsIll: &years, PTSD: &yes}}
			if _, err := q.CreateIntake(ctx, intake); err != nil {
				return err
			}
			intake.Version, intake.Factors = 2, clinic.IntakeFactors{} // no factors: not read
			if _, err := q.CreateIntake(ctx, intake); err != nil {
				return err
			}
			if courseID, err = q.CreateCourse(ctx, clinic.Course{ClinicID: cid, PatientID: pid, Condition: clinic.Depression,
				Route: clinic.RouteIV, StartedAt: now}); err != nil {
				return err
			}
			for i, env := range []clinic.SessionEnvironment{{Music: &yes, Eyeshade: &no}, {}} {
				at := now.Add(time.Duration(i) * 48 * time.Hour)
				sid, err := q.CreateTreatmentSession(ctx, record.TreatmentSession{ClinicID: cid, PatientID: pid, Route: clinic.RouteIV,
					Drug: "racemic", PlannedDoseMg: 35, CeilingMg: 70, WeightKg: 70, AgeYears: 46, Status: record.SessionReady,
					CheckedInByName: "N", CheckedInAt: at})
				if err != nil {
					return err
				}
				aid, err := q.CreateAdministration(ctx, clinic.Administration{ClinicID: cid, CourseID: courseID, PatientID: pid,
					GivenAt: at, Route: clinic.RouteIV, DoseMg: 35, WeightKg: 70})
				if err != nil {
					return err
				}
				if _, err := q.CreateSessionDose(ctx, record.Dose{ClinicID: cid, SessionID: sid, AdministrationID: aid, Drug: "racemic",
					Route: clinic.RouteIV, DoseMg: 35, MgPerKg: 0.5, StartedAt: at, EndedAt: at.Add(40 * time.Minute), CreatedAt: at,
					AdministeredByName: "N", LotExpiry: at.AddDate(1, 0, 0)}); err != nil {
					return err
				}
				if err := q.SetSessionEnvironment(ctx, record.TreatmentSession{ID: sid, ClinicID: cid, Environment: env}); err != nil {
					return err
				}
			}
			for _, a := range []struct {
				inst, answers string
				total         int
			}{{"phq9", "1,2,3,1,1,1,1,1,1", 12}, {"gad7", "2,2,2,2,2,2,2", 14}, {"madrs", "", 30}} {
				if _, err := q.CreateAssessment(ctx, clinic.Assessment{ClinicID: cid, PatientID: pid, Instrument: a.inst,
					TakenAt: now.Add(-time.Hour), Total: a.total, Answers: answersOf(a.answers), Source: "staff"}, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		src, err := db.Reader().CohortFactors(ctx, cid, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(src.Intakes) != 1 || *src.Intakes[0].Factors.YearsIll != 4 || !*src.Intakes[0].Factors.PTSD || !src.Intakes[0].At.Equal(now) {
			t.Errorf("intakes %+v", src.Intakes)
		}
		if len(src.Sessions) != 1 || src.Sessions[0].CourseID != courseID || !*src.Sessions[0].Environment.Music ||
			*src.Sessions[0].Environment.Eyeshade || src.Sessions[0].Environment.SupportPerson != nil {
			t.Errorf("sessions %+v", src.Sessions)
		}
		if len(src.Answers) != 0 {
			t.Errorf("answers read when not asked: %d", len(src.Answers))
		}
		src, err = db.Reader().CohortFactors(ctx, cid, true)
		if err != nil || len(src.Answers) != 2 || src.Answers[0].Instrument != "gad7" && src.Answers[1].Instrument != "gad7" {
			t.Fatalf("answers %+v, %v", src.Answers, err)
		}
		for _, a := range src.Answers {
			if a.Instrument == "phq9" && (len(a.Answers) != 9 || a.Answers[2] != 3 || a.Total != 12) {
				t.Errorf("PHQ-9 answers %+v", a)
			}
		}
	})
}

// answersOf reads "1,2,3" as item answers ("" is none).
func answersOf(s string) []int {
	if s == "" {
		return nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, _ := strconv.Atoi(f)
		out = append(out, n)
	}
	return out
}
