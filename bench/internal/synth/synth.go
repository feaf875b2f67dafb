// Package synth draws synthetic treatment histories and writes them
// straight into a database through the store, in big transactions: the
// fast bulk path the large-clinic benchmarks (bench/bigclinic, bench/load)
// build their clinics with. The numbers are plausible, not published.
package synth

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"onset/internal/clinic"
	"onset/internal/store"
)

// Counts are the rows Build wrote besides the patients.
type Counts struct{ Courses, Doses, Assessments int }

// Routes are drawn with IV twice as likely as the others.
var Routes = []clinic.Route{clinic.RouteIV, clinic.RouteIV, clinic.RouteEsketamine, clinic.RouteIM, clinic.RouteSublingual, clinic.RouteOral}

// Course is one synthetic course: doses and PHQ-9 scores.
type Course struct {
	Route   clinic.Route
	Therapy bool
	Doses   []clinic.Administration
	Scores  []clinic.Assessment
}

// Draw draws a patient's courses with about perPatient assessments. The
// numbers are plausible, not published: baseline 10–27; a responder's
// score falls towards 20–45% of baseline with a half-life of 2–10 days,
// a non-responder's to 70–95%; 40% of responders relapse after 2–4 months.
func Draw(r *rand.Rand, t0 time.Time, perPatient float64) []Course {
	n := 1
	if r.Float64() < 0.2 {
		n = 2
	}
	var out []Course
	for k := range n {
		start := t0.Add(time.Duration(k*(150+r.IntN(60))) * 24 * time.Hour)
		c := Course{Route: Routes[r.IntN(len(Routes))], Therapy: r.Float64() < 0.35}
		weight := 50 + 60*r.Float64()
		perKg := []float64{0.4, 0.5, 0.5, 0.6, 0.75, 1}[r.IntN(6)]
		perWeek := 2 + r.IntN(2)
		for i := range 6 {
			at := start.Add(time.Duration(i*7/perWeek)*24*time.Hour + time.Duration(r.IntN(120))*time.Minute)
			if i == 0 {
				at = start
			}
			mg := math.Round(perKg*weight*10) / 10
			if c.Route == clinic.RouteEsketamine {
				mg = float64(56 + 28*r.IntN(2))
			}
			c.Doses = append(c.Doses, clinic.Administration{GivenAt: at, Route: c.Route, DoseMg: mg, WeightKg: math.Round(weight)})
		}
		base := 10 + r.IntN(18)
		target := 0.7 + 0.25*r.Float64()
		if r.Float64() < 0.6 {
			target = 0.2 + 0.25*r.Float64()
		}
		half := 2 + 8*r.Float64()
		relapse := -1.0
		if target < 0.5 && r.Float64() < 0.4 {
			relapse = 60 + 60*r.Float64()
		}
		// 5% of courses have no measurement at all (left out); the others
		// make up for them, so the clinic has about perPatient each.
		m := max(2, int(math.Round(perPatient/0.95/float64(n)+r.NormFloat64()*2)))
		if r.Float64() < 0.05 {
			m = 0
		}
		for j := range m {
			var day float64
			if j == 0 {
				day = -1 - 5*r.Float64() // baseline
			} else {
				day = float64(j)*float64(150)/float64(m) + r.Float64()
			}
			frac := 1.0
			if day > 0 {
				frac = target + (1-target)*math.Exp(-day*math.Ln2/half)
				if relapse > 0 && day > relapse {
					frac = 0.8
				}
			}
			total := int(math.Round(float64(base)*frac + r.NormFloat64()*1.5))
			total = max(0, min(27, total))
			c.Scores = append(c.Scores, clinic.Assessment{Instrument: "phq9", TakenAt: start.Add(time.Duration(day * 24 * float64(time.Hour))),
				Total: total, Source: "bench"})
		}
		out = append(out, c)
	}
	return out
}

// FirstT0 is a first course's start: 400 to 760 days before now, so that a
// second course and every follow-up (Draw) end before now.
func FirstT0(r *rand.Rand, now time.Time) time.Time {
	return now.AddDate(0, 0, -760+r.IntN(360)).Add(time.Duration(8+r.IntN(9)) * time.Hour)
}

// Options say what Build writes.
type Options struct {
	Clinics     []int64 // patient i belongs to Clinics[i % len(Clinics)]
	Patients    int
	Assessments int       // PHQ-9 assessments in all, spread over the patients
	MRN         string    // the MRN's format for patient i, such as "B%07d"
	Now         time.Time // every course ends before it
	// Progress, if set, is called after every 20,000 patients.
	Progress func(written int)
}

// Build writes the patients with their courses, administrations and
// assessments in transactions of 2,000 patients.
func Build(ctx context.Context, db *store.DB, o Options) (Counts, error) {
	var n Counts
	r := rand.New(rand.NewPCG(6, 2026))
	perPatient := float64(o.Assessments) / float64(max(o.Patients, 1))
	conds := []clinic.Condition{clinic.Depression, clinic.Depression, clinic.Anxiety, clinic.PTSD, clinic.ChronicPain}
	const batch = 2000
	for from := 0; from < o.Patients; from += batch {
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var ps []clinic.Patient
			var plans [][]Course
			for i := from; i < min(from+batch, o.Patients); i++ {
				cond := conds[r.IntN(len(conds))]
				ps = append(ps, clinic.Patient{ClinicID: o.Clinics[i%len(o.Clinics)], MRN: fmt.Sprintf(o.MRN, i), GivenName: "Bench",
					FamilyName: fmt.Sprintf("Patient %d", i), Sex: []string{"female", "male"}[r.IntN(2)],
					BirthDate:  time.Date(1940+r.IntN(65), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC),
					Conditions: []clinic.Condition{cond}, CreatedAt: o.Now})
				plans = append(plans, Draw(r, FirstT0(r, o.Now), perPatient))
			}
			ids, err := q.ImportPatients(ctx, ps, nil)
			if err != nil {
				return err
			}
			var doses []clinic.Administration
			var scores []clinic.Assessment
			for i, pid := range ids {
				cl := ps[i].ClinicID
				for _, c := range plans[i] {
					cid, err := q.CreateCourse(ctx, clinic.Course{ClinicID: cl, PatientID: pid, Condition: ps[i].Conditions[0],
						Route: c.Route, StartedAt: c.Doses[0].GivenAt, Therapy: c.Therapy})
					if err != nil {
						return err
					}
					n.Courses++
					for _, d := range c.Doses {
						d.ClinicID, d.PatientID, d.CourseID = cl, pid, cid
						doses = append(doses, d)
					}
					for _, a := range c.Scores {
						a.ClinicID, a.PatientID = cl, pid
						scores = append(scores, a)
					}
				}
			}
			n.Doses += len(doses)
			n.Assessments += len(scores)
			if err := q.ImportAdministrations(ctx, doses, nil); err != nil {
				return err
			}
			return q.ImportAssessments(ctx, scores, nil, o.Now)
		})
		if err != nil {
			return n, err
		}
		if from/batch%10 == 9 && o.Progress != nil {
			o.Progress(min(from+batch, o.Patients))
		}
	}
	return n, nil
}
