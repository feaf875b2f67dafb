// Command bigclinic measures outcome analytics and import on a large
// clinic. It builds a synthetic clinic straight into a SQLite file through
// the store (not over HTTP), then times:
//
//   - outcomes: the clinic's time to response on the PHQ-9 by route (what
//     `onset outcomes` and GET /api/v1/outcomes compute), the dashboard's
//     Cox model (its forest plot, GET /api/v1/outcomes/model) and the
//     trajectory bands, each a few times, reporting the median;
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
	"database/sql"
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

	"onset/bench/internal/synth"
	"onset/internal/app"
	"onset/internal/auth"
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
		n, err := synth.Build(ctx, db, synth.Options{Clinics: []int64{c.ID}, Patients: patients, Assessments: assessments,
			MRN: "B%07d", Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
			Progress: func(w int) { fmt.Fprintf(os.Stderr, "  %d patients written\n", w) }})
		if err != nil {
			return err
		}
		el := time.Since(start)
		fmt.Printf("built %s: %d patients, %d courses, %d administrations, %d assessments in %s (%.0f rows/s through the store)\n",
			dbPath, patients, n.Courses, n.Doses, n.Assessments, el.Round(time.Millisecond),
			float64(patients+n.Courses+n.Doses+n.Assessments)/el.Seconds())
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
	// Side by side: one pass over the clinic's PHQ-9 assessments (what any
	// computation from the scores must read at least), then an analysis
	// as a new process makes it (`onset outcomes`: the memory cache
	// empty, the database's stored course rows brought up to date), then
	// the same analysis again in one process.
	if err := measure("one pass over the assessments", func() (string, error) {
		n, err := scanAssessments(ctx, dbPath, c.ID)
		return fmt.Sprintf("%d PHQ-9 rows", n), err
	}); err != nil {
		return err
	}
	if err := measure("outcomes in a new process", func() (string, error) {
		fresh := app.New(db.Ports(), service.Config{Passwords: auth.TestParams})
		res, err := fresh.Outcomes(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9", By: "route", Times: []float64{1, 3, 7, 28}})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d curves, left out %v", len(res.Curves), res.JSON().LeftOut), nil
	}); err != nil {
		return err
	}
	if err := measure("dashboard in a new process", func() (string, error) {
		fresh := app.New(db.Ports(), service.Config{Passwords: auth.TestParams})
		d, err := fresh.OutcomeDashboard(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9", By: "severity"})
		return fmt.Sprintf("%d course rows", len(d.Rows)), err
	}); err != nil {
		return err
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
	if err := measure("cox model (dashboard forest plot)", func() (string, error) {
		m, err := svc.OutcomeModel(ctx, sys, cohort.ModelQuery{Instrument: "phq9"})
		return fmt.Sprintf("%d courses, %d events, %d coefficients", m.Fit.N, m.Fit.Events, len(m.Fit.Coefs)), err
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

// scanAssessments reads every PHQ-9 assessment of the clinic once, in
// the order the outcome analytics read them (patient, time), through
// database/sql on a connection of its own: the yardstick of "one pass".
func scanAssessments(ctx context.Context, path string, clinicID int64) (int, error) {
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer raw.Close()
	rows, err := raw.QueryContext(ctx, `SELECT patient_id, taken_at, total FROM assessments
		WHERE clinic_id = ? AND instrument = 'phq9' ORDER BY patient_id, taken_at, id`, clinicID)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	var pid, total int64
	var taken string
	for rows.Next() {
		if err := rows.Scan(&pid, &taken, &total); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// profile is the -cpuprofile file, if any.
var profile string

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
		for _, c := range synth.Draw(r, synth.FirstT0(r, now), 20) {
			for _, d := range c.Doses {
				fmt.Fprintf(files["treatments"], "%s,%s,%s,%g,%g\n", id, d.GivenAt.Format(time.RFC3339), d.Route, d.DoseMg, d.WeightKg)
				rows["treatments"]++
			}
			for _, a := range c.Scores {
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
