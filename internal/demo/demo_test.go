package demo

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/scales"
)

var testNow = time.Date(2026, 3, 14, 15, 4, 5, 0, time.UTC)

func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		a, b     int64
		wantSame bool
	}{
		{"same seed", 1, 1, true},
		{"same negative seed", -9, -9, true},
		{"different seed", 1, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, b := Generate(tt.a, testNow, 0), Generate(tt.b, testNow, 0)
			if got := reflect.DeepEqual(a, b); got != tt.wantSame {
				t.Errorf("DeepEqual(Generate(%d), Generate(%d)) = %v, want %v", tt.a, tt.b, got, tt.wantSame)
			}
		})
	}
}

func TestGenerateShape(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 2, 42, -7} {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			c := Generate(seed, testNow, 0)
			if len(c.Patients) < 200 || len(c.Patients) != DefaultPatients {
				t.Fatalf("patients = %d, want %d", len(c.Patients), DefaultPatients)
			}
			conds, routes, roles := map[clinic.Condition]bool{}, map[clinic.Route]bool{}, map[clinic.Role]bool{}
			mrns, emails := map[string]bool{}, map[string]bool{}
			for _, p := range c.Patients {
				for _, k := range p.Conditions {
					conds[k] = true
				}
				if a := age(p.BirthDate, testNow); a < 19 || a > 78 {
					t.Errorf("%s: age %d", p.MRN, a)
				}
				if p.CreatedAt.After(testNow) {
					t.Errorf("%s: created after now", p.MRN)
				}
				mrns[p.MRN], emails[p.Email] = true, true
			}
			for _, co := range c.Courses {
				routes[co.Route] = true
			}
			for _, s := range c.Staff {
				roles[s.Role] = true
			}
			for _, want := range []clinic.Condition{clinic.Depression, clinic.Anxiety, clinic.PTSD, clinic.ChronicPain} {
				if !conds[want] {
					t.Errorf("no patient with %s", want)
				}
			}
			for _, want := range []clinic.Route{clinic.RouteIV, clinic.RouteIM, clinic.RouteEsketamine, clinic.RouteSublingual} {
				if !routes[want] {
					t.Errorf("no course by %s", want)
				}
			}
			for _, want := range []clinic.Role{clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk} {
				if !roles[want] {
					t.Errorf("no staff with role %s", want)
				}
			}
			if len(mrns) != len(c.Patients) || len(emails) != len(c.Patients) {
				t.Errorf("MRNs or emails not unique: %d, %d of %d", len(mrns), len(emails), len(c.Patients))
			}
		})
	}
}

func TestGenerateEvents(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 2, 42, -7} {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			c := Generate(seed, testNow, 0)
			firstAdmin := map[int]time.Time{}
			for i, a := range c.Administrations {
				co := c.Courses[a.CourseIndex]
				if a.GivenAt.After(testNow) {
					t.Errorf("administration %d after now", i)
				}
				if co.PatientIndex != a.PatientIndex || a.Route != co.Route {
					t.Errorf("administration %d does not match its course", i)
				}
				if _, ok := firstAdmin[a.CourseIndex]; !ok {
					firstAdmin[a.CourseIndex] = a.GivenAt
				} else if prev := c.Administrations[i-1]; prev.CourseIndex == a.CourseIndex &&
					a.Route == clinic.RouteIV && a.GivenAt.Sub(prev.GivenAt) < 48*time.Hour {
					t.Errorf("IV infusions %s and %s less than 48 h apart", prev.GivenAt, a.GivenAt)
				}
				if h := a.GivenAt.Hour(); h < 8 || h >= 17 || a.GivenAt.Weekday() == time.Saturday || a.GivenAt.Weekday() == time.Sunday {
					t.Errorf("administration %d at %s, outside clinic hours", i, a.GivenAt)
				}
				if a.WeightKg < 48 || a.WeightKg > 125 {
					t.Errorf("administration %d: weight %v", i, a.WeightKg)
				}
				checkDose(t, c, a)
			}
			for i, co := range c.Courses {
				if !firstAdmin[i].Equal(co.StartedAt) {
					t.Errorf("course %d: first administration %s, StartedAt %s", i, firstAdmin[i], co.StartedAt)
				}
			}
			for i, a := range c.Assessments {
				if a.TakenAt.After(testNow) {
					t.Errorf("assessment %d after now", i)
				}
				// Scored as the product scores a questionnaire: every item
				// answered within its range, the total theirs.
				res, err := scales.Score(a.Instrument, a.Answers)
				if err != nil || res.Total != a.Total || a.Source != Source {
					t.Errorf("assessment %d: %s total %d answers %v source %q: %v", i, a.Instrument, a.Total, a.Answers, a.Source, err)
				}
			}
		})
	}
}

// checkDose checks a dose against the route's protocol (clinical-reference.md §1).
func checkDose(t *testing.T, c Clinic, a Administration) {
	t.Helper()
	switch perKg := a.DoseMg / a.WeightKg; a.Route {
	case clinic.RouteIV:
		if !near(perKg, 0.5) && !near(perKg, 0.75) {
			t.Errorf("IV dose %v mg for %v kg", a.DoseMg, a.WeightKg)
		}
	case clinic.RouteIM:
		if !near(perKg, 0.5) {
			t.Errorf("IM dose %v mg for %v kg", a.DoseMg, a.WeightKg)
		}
	case clinic.RouteSublingual:
		if a.DoseMg != sublingualMg {
			t.Errorf("sublingual dose %v mg", a.DoseMg)
		}
	case clinic.RouteEsketamine:
		old := age(c.Patients[a.PatientIndex].BirthDate, a.GivenAt) >= 65
		first := a.GivenAt.Equal(c.Courses[a.CourseIndex].StartedAt)
		want := []float64{56, 84}
		switch {
		case first && old:
			want = []float64{28}
		case first:
			want = []float64{56}
		}
		if !slices.Contains(want, a.DoseMg) {
			t.Errorf("esketamine dose %v mg (first %v, age ≥ 65 %v)", a.DoseMg, first, old)
		}
	}
}

func near(a, b float64) bool { return a > b-0.005 && a < b+0.005 }

// outcome is what the clinic analytics compute for one course and its
// primary instrument (design.md §3).
type outcome struct {
	leftOut    bool
	followUps  int
	respondDay float64 // -1 without response
}

// outcomes computes each course's outcome on the instrument of its condition.
func outcomes(c Clinic) []outcome {
	instrument := map[clinic.Condition]string{
		clinic.Depression: "phq9", clinic.Anxiety: "gad7", clinic.PTSD: "pcl5", clinic.ChronicPain: "pain-nrs",
	}
	out := make([]outcome, len(c.Courses))
	for i, co := range c.Courses {
		t0, next := co.StartedAt, time.Time{}
		for _, o := range c.Courses {
			if o.PatientIndex == co.PatientIndex && o.StartedAt.After(t0) && (next.IsZero() || o.StartedAt.Before(next)) {
				next = o.StartedAt
			}
		}
		baseline, baseAt := -1, time.Time{}
		for _, a := range c.Assessments {
			if a.PatientIndex == co.PatientIndex && a.Instrument == instrument[co.Condition] &&
				!a.TakenAt.Before(t0.Add(-30*day)) && !a.TakenAt.After(t0) && !a.TakenAt.Before(baseAt) {
				baseline, baseAt = a.Total, a.TakenAt
			}
		}
		out[i] = outcome{leftOut: baseline < 0, respondDay: -1}
		if baseline < 0 {
			continue
		}
		for _, a := range c.Assessments { // in time order within a patient
			if a.PatientIndex != co.PatientIndex || a.Instrument != instrument[co.Condition] ||
				!a.TakenAt.After(t0) || !next.IsZero() && !a.TakenAt.Before(next) {
				continue
			}
			out[i].followUps++
			if out[i].respondDay < 0 && 2*a.Total <= baseline {
				out[i].respondDay = days(a.TakenAt, t0)
			}
		}
	}
	return out
}

func TestGenerateOutcomeShares(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 2, 42, -7, 2026} {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			c := Generate(seed, testNow, 0)
			var in, week, never, leftOut int
			for _, o := range outcomes(c) {
				switch {
				case o.leftOut:
					leftOut++
					continue
				case o.respondDay < 0:
					never++
				case o.respondDay <= 7:
					week++
				}
				in++
			}
			shares := []struct {
				name   string
				got    float64
				lo, hi float64
			}{
				{"response within 7 days", float64(week) / float64(in), 0.30, 0.65},
				{"never responding", float64(never) / float64(in), 0.15, 0.45},
				{"left out (no baseline)", float64(leftOut) / float64(len(c.Courses)), 0.01, 0.10},
				{"patients with a second course", float64(len(c.Courses)-len(c.Patients)) / float64(len(c.Patients)), 0.05, 0.25},
			}
			for _, s := range shares {
				t.Logf("seed %d: %s = %.3f", seed, s.name, s.got)
				if s.got < s.lo || s.got > s.hi {
					t.Errorf("seed %d: %s = %.3f, want in [%.2f, %.2f]", seed, s.name, s.got, s.lo, s.hi)
				}
			}
		})
	}
}

func TestGenerateItemNine(t *testing.T) {
	t.Parallel()
	c := Generate(1, testNow, 0)
	var base, baseSI, later, laterSI int
	for _, a := range c.Assessments {
		if a.Instrument != "phq9" {
			continue
		}
		si := a.Answers[8] > 0
		if a.TakenAt.After(c.Courses[a.CourseIndex].StartedAt) {
			later++
			if si {
				laterSI++
			}
		} else {
			base++
			if si {
				baseSI++
			}
		}
	}
	all := float64(baseSI+laterSI) / float64(base+later)
	t.Logf("item 9 > 0: baseline %d/%d, later %d/%d", baseSI, base, laterSI, later)
	if all < 0.005 || all > 0.08 {
		t.Errorf("item 9 > 0 in %.3f of PHQ-9s, want a few percent", all)
	}
	if float64(baseSI)/float64(base) <= float64(laterSI)/float64(later) {
		t.Errorf("item 9 > 0 at baseline %d/%d, later %d/%d: want mostly at baseline", baseSI, base, laterSI, later)
	}
}

func TestGeneratePrefixStable(t *testing.T) {
	t.Parallel()
	small, big := Generate(3, testNow, 20), Generate(3, testNow, 40)
	if !reflect.DeepEqual(small.Patients, big.Patients[:20]) {
		t.Error("the first 20 patients depend on the number generated")
	}
}

func BenchmarkGenerate(b *testing.B) {
	var c Clinic
	for b.Loop() {
		c = Generate(1, testNow, DefaultPatients)
	}
	b.ReportMetric(float64(len(c.Administrations)), "administrations/op")
	b.ReportMetric(float64(len(c.Assessments)), "assessments/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(c.Patients)), "ns/patient")
}
