// Command bigclinic measures outcome analytics and import on a large
// clinic. It builds a synthetic clinic straight into a SQLite file through
// the store (not over HTTP), then times:
//
//   - outcomes: the clinic's time to response on the PHQ-9 by route (what
//     `onset outcomes` and GET /api/v1/outcomes compute), and the trajectory
//     bands, each a few times, reporting the median;
//   - import: a smaller clinic written as CSV files and imported through the
//     import use cases, in rows per second.
//
// Defaults are the size: 100,000 patients with 2,000,000
// assessments (about 20 per patient). Building it takes a few minutes;
// -patients 10000 -assessments 200000 gives the tenth-size clinic for a
// scaling check.
//
//	go run ./bench/bigclinic [-patients 100000] [-assessments 2000000] [-db big.db] [-import-patients 5000]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/cohort"
	"onset/internal/service/imports"
	"onset/internal/store"
)

func main() {
	patients := flag.Int("patients", 100_000, "patients in the clinic")
	assessments := flag.Int("assessments", 2_000_000, "PHQ-9 assessments in all (spread over the patients)")
	dbPath := flag.String("db", "", "SQLite file to build (default: a temporary file); an existing file is reused as is")
	runs := flag.Int("runs", 3, "times to run each measurement")
	importPatients := flag.Int("import-patients", 5_000, "patients in the import measurement (0 skips it)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the measurements (not the build) to this file")
	flag.Parse()
	profile = *cpuProfile
	if err := run(*patients, *assessments, *dbPath, *runs, *importPatients); err != nil {
		fmt.Fprintln(os.Stderr, "bigclinic:", err)
		os.Exit(1)
	}
}

func run(patients, assessments int, dbPath string, runs, importPatients int) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "onset-bigclinic-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if dbPath == "" {
		dbPath = filepath.Join(tmp, "big.db")
	}
	_, statErr := os.Stat(dbPath)
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams})
	c, err := svc.EnsureClinic(ctx, "Big clinic")
	if err != nil {
		return err
	}
	if statErr != nil {
		start := time.Now()
		n, err := build(ctx, db, c.ID, patients, assessments)
		if err != nil {
			return err
		}
		el := time.Since(start)
		fmt.Printf("built %s: %d patients, %d courses, %d administrations, %d assessments in %s (%.0f rows/s through the store)\n",
			dbPath, patients, n.courses, n.doses, n.assessments, el.Round(time.Millisecond),
			float64(patients+n.courses+n.doses+n.assessments)/el.Seconds())
	} else {
		fmt.Printf("reusing %s\n", dbPath)
	}
	sys := service.System(c.ID)
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	measure := func(name string, f func() (string, error)) error {
		var times []time.Duration
		var note string
		for range runs {
			runtime.GC()
			start := time.Now()
			var err error
			if note, err = f(); err != nil {
				return err
			}
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		fmt.Printf("%-34s median %8s  (min %s, max %s)  %s\n", name, times[len(times)/2].Round(time.Millisecond),
			times[0].Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond), note)
		return nil
	}
	if err := measure("outcomes phq9 response by route", func() (string, error) {
		res, err := svc.Outcomes(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9", By: "route", Times: []float64{1, 3, 7, 28}})
		if err != nil {
			return "", err
		}
		n := 0
		for _, cv := range res.Curves {
			n += cv.N
		}
		p := math.NaN()
		if res.LogRank != nil {
			p = res.LogRank.P
		}
		return fmt.Sprintf("%d courses in %d curves, left out %v, log-rank p %.3g", n, len(res.Curves), res.JSON().LeftOut, p), nil
	}); err != nil {
		return err
	}
	if err := measure("outcomes phq9 relapse by dose", func() (string, error) {
		res, err := svc.Outcomes(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9", Event: "relapse", By: "dose"})
		return fmt.Sprintf("%d curves", len(res.Curves)), err
	}); err != nil {
		return err
	}
	if err := measure("dashboard (3 events) by severity", func() (string, error) {
		d, err := svc.OutcomeDashboard(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9", By: "severity"})
		return fmt.Sprintf("%d course rows", len(d.Rows)), err
	}); err != nil {
		return err
	}
	if err := measure("trajectory bands phq9", func() (string, error) {
		b, err := svc.TrajectoryBands(ctx, sys, "phq9")
		return fmt.Sprintf("%d courses", b.Courses), err
	}); err != nil {
		return err
	}
	if importPatients > 0 {
		return measureImport(ctx, tmp, importPatients)
	}
	return nil
}

// profile is the -cpuprofile file, if any.
var profile string

type counts struct{ courses, doses, assessments int }

var routes = []clinic.Route{clinic.RouteIV, clinic.RouteIV, clinic.RouteEsketamine, clinic.RouteIM, clinic.RouteSublingual, clinic.RouteOral}

// course is one synthetic course: doses and PHQ-9 scores.
type course struct {
	route   clinic.Route
	therapy bool
	doses   []clinic.Administration
	scores  []clinic.Assessment
}

// synth draws a patient's courses with about perPatient assessments. The
// numbers are plausible, not published: baseline 10–27; a responder's
// score falls towards 20–45% of baseline with a half-life of 2–10 days,
// a non-responder's to 70–95%; 40% of responders relapse after 2–4 months.
func synth(r *rand.Rand, t0 time.Time, perPatient float64) []course {
	n := 1
	if r.Float64() < 0.2 {
		n = 2
	}
	var out []course
	for k := range n {
		start := t0.Add(time.Duration(k*(150+r.IntN(60))) * 24 * time.Hour)
		c := course{route: routes[r.IntN(len(routes))], therapy: r.Float64() < 0.35}
		weight := 50 + 60*r.Float64()
		perKg := []float64{0.4, 0.5, 0.5, 0.6, 0.75, 1}[r.IntN(6)]
		perWeek := 2 + r.IntN(2)
		for i := range 6 {
			at := start.Add(time.Duration(i*7/perWeek)*24*time.Hour + time.Duration(r.IntN(120))*time.Minute)
			if i == 0 {
				at = start
			}
			mg := math.Round(perKg*weight*10) / 10
			if c.route == clinic.RouteEsketamine {
				mg = float64(56 + 28*r.IntN(2))
			}
			c.doses = append(c.doses, clinic.Administration{GivenAt: at, Route: c.route, DoseMg: mg, WeightKg: math.Round(weight)})
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
			c.scores = append(c.scores, clinic.Assessment{Instrument: "phq9", TakenAt: start.Add(time.Duration(day * 24 * float64(time.Hour))),
				Total: total, Source: "bench"})
		}
		out = append(out, c)
	}
	return out
}

// build writes the clinic in transactions of 2,000 patients.
func build(ctx context.Context, db *store.DB, clinicID int64, patients, assessments int) (counts, error) {
	var n counts
	r := rand.New(rand.NewPCG(6, 2026))
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	perPatient := float64(assessments) / float64(max(patients, 1))
	conds := []clinic.Condition{clinic.Depression, clinic.Depression, clinic.Anxiety, clinic.PTSD, clinic.ChronicPain}
	const batch = 2000
	for from := 0; from < patients; from += batch {
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var ps []clinic.Patient
			var plans [][]course
			for i := from; i < min(from+batch, patients); i++ {
				cond := conds[r.IntN(len(conds))]
				ps = append(ps, clinic.Patient{ClinicID: clinicID, MRN: fmt.Sprintf("B%07d", i), GivenName: "Bench",
					FamilyName: fmt.Sprintf("Patient %d", i), Sex: []string{"female", "male"}[r.IntN(2)],
					BirthDate:  time.Date(1940+r.IntN(65), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC),
					Conditions: []clinic.Condition{cond}, CreatedAt: now})
				plans = append(plans, synth(r, firstT0(r, now), perPatient))
			}
			ids, err := q.ImportPatients(ctx, ps, nil)
			if err != nil {
				return err
			}
			var doses []clinic.Administration
			var scores []clinic.Assessment
			for i, pid := range ids {
				for _, c := range plans[i] {
					cid, err := q.CreateCourse(ctx, clinic.Course{ClinicID: clinicID, PatientID: pid, Condition: ps[i].Conditions[0],
						Route: c.route, StartedAt: c.doses[0].GivenAt, Therapy: c.therapy})
					if err != nil {
						return err
					}
					n.courses++
					for _, d := range c.doses {
						d.ClinicID, d.PatientID, d.CourseID = clinicID, pid, cid
						doses = append(doses, d)
					}
					for _, a := range c.scores {
						a.ClinicID, a.PatientID = clinicID, pid
						scores = append(scores, a)
					}
				}
			}
			n.doses += len(doses)
			n.assessments += len(scores)
			if err := q.ImportAdministrations(ctx, doses, nil); err != nil {
				return err
			}
			return q.ImportAssessments(ctx, scores, nil, now)
		})
		if err != nil {
			return n, err
		}
		if from/batch%10 == 9 {
			fmt.Fprintf(os.Stderr, "  %d patients written\n", min(from+batch, patients))
		}
	}
	return n, nil
}

// firstT0 is a first course's start: 400 to 760 days before now, so that a
// second course and every follow-up (synth) end before now.
func firstT0(r *rand.Rand, now time.Time) time.Time {
	return now.AddDate(0, 0, -760+r.IntN(360)).Add(time.Duration(8+r.IntN(9)) * time.Hour)
}

// measureImport writes a clinic of n patients as the three CSV files and
// imports them into a fresh database, reporting rows per second per file.
func measureImport(ctx context.Context, dir string, n int) error {
	r := rand.New(rand.NewPCG(7, 2026))
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	paths := map[string]string{}
	files := map[string]*bufio.Writer{}
	for _, kind := range []string{"patients", "treatments", "assessments"} {
		paths[kind] = filepath.Join(dir, kind+".csv")
		f, err := os.Create(paths[kind])
		if err != nil {
			return err
		}
		defer f.Close()
		files[kind] = bufio.NewWriter(f)
	}
	files["patients"].WriteString("patient,sex,birth_year,condition\n")
	files["treatments"].WriteString("patient,given_at,route,dose_mg,weight_kg\n")
	files["assessments"].WriteString("patient,taken_at,instrument,total\n")
	rows := map[string]int{}
	for i := range n {
		id := fmt.Sprintf("I%06d", i)
		fmt.Fprintf(files["patients"], "%s,%s,%d,depression\n", id, []string{"female", "male"}[r.IntN(2)], 1940+r.IntN(65))
		rows["patients"]++
		for _, c := range synth(r, firstT0(r, now), 20) {
			for _, d := range c.doses {
				fmt.Fprintf(files["treatments"], "%s,%s,%s,%g,%g\n", id, d.GivenAt.Format(time.RFC3339), d.Route, d.DoseMg, d.WeightKg)
				rows["treatments"]++
			}
			for _, a := range c.scores {
				fmt.Fprintf(files["assessments"], "%s,%s,phq9,%d\n", id, a.TakenAt.Format(time.RFC3339), a.Total)
				rows["assessments"]++
			}
		}
	}
	for _, w := range files {
		if err := w.Flush(); err != nil {
			return err
		}
	}
	db, err := store.Open(ctx, filepath.Join(dir, "import.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams})
	c, err := svc.EnsureClinic(ctx, "Import clinic")
	if err != nil {
		return err
	}
	sys := service.System(c.ID)
	total, totalTime := 0, time.Duration(0)
	for _, step := range []struct {
		kind string
		f    func(context.Context, service.Actor, *os.File) (imports.ImportReport, error)
	}{
		{"patients", func(ctx context.Context, a service.Actor, f *os.File) (imports.ImportReport, error) {
			return svc.ImportPatients(ctx, a, f, imports.ImportOptions{})
		}},
		{"treatments", func(ctx context.Context, a service.Actor, f *os.File) (imports.ImportReport, error) {
			return svc.ImportTreatments(ctx, a, f, imports.ImportOptions{})
		}},
		{"assessments", func(ctx context.Context, a service.Actor, f *os.File) (imports.ImportReport, error) {
			return svc.ImportAssessments(ctx, a, f, imports.ImportOptions{})
		}},
	} {
		f, err := os.Open(paths[step.kind])
		if err != nil {
			return err
		}
		start := time.Now()
		rep, err := step.f(ctx, sys, f)
		el := time.Since(start)
		f.Close()
		if err != nil {
			return fmt.Errorf("import %s: %w (%v)", step.kind, err, rep.Rejected)
		}
		total += rep.Rows
		totalTime += el
		fmt.Printf("import %-11s %8d rows in %8s: %8.0f rows/s (%d added, %d courses)\n", step.kind, rep.Rows, el.Round(time.Millisecond),
			float64(rep.Rows)/el.Seconds(), rep.Added, rep.Courses)
	}
	fmt.Printf("import all         %8d rows in %8s: %8.0f rows/s\n", total, totalTime.Round(time.Millisecond), float64(total)/totalTime.Seconds())
	// Re-import: nothing changes, and how fast that is.
	f, err := os.Open(paths["assessments"])
	if err != nil {
		return err
	}
	defer f.Close()
	start := time.Now()
	rep, err := svc.ImportAssessments(ctx, sys, f, imports.ImportOptions{})
	if err != nil {
		return err
	}
	fmt.Printf("re-import assessments: %d rows, %d added, %d already imported, %.0f rows/s\n", rep.Rows, rep.Added, rep.Existing,
		float64(rep.Rows)/time.Since(start).Seconds())
	return nil
}
