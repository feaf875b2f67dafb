package outcomes

import (
	"strconv"
	"strings"

	"onset/internal/clinic"
)

// ModelCovariate is one factor a Cox model of the clinic's courses can
// adjust for: continuous (a number) or categorical (a level), read from a
// course's row and its factors; ok is false when the course lacks it.
type ModelCovariate struct {
	Name string
	// About names it in a sentence: for a yes/no factor the "with …"
	// phrase ("psychotherapy during the course"), for a number what one
	// unit more is ("year since the condition began").
	About       string
	Categorical bool
	// Reference is the level others are compared with ("no" for yes/no
	// factors); "" is the first in sorted order.
	Reference string
	number    func(r *CourseRow, f CourseFactors) (float64, bool)
	level     func(r *CourseRow, f CourseFactors) (string, bool)
}

// therapySessions is a course's count of psychotherapy sessions: from the
// factors when given, else from the signed therapy notes (Facts). A course
// marked as with psychotherapy but with no session counted (imported
// history) has no count: missing, not zero.
func therapySessions(r *CourseRow, f CourseFactors) (int, bool) {
	if f.TherapySessions != nil {
		return *f.TherapySessions, true
	}
	if r.Facts.TherapySessions == 0 && r.Facts.Therapy {
		return 0, false
	}
	return r.Facts.TherapySessions, true
}

func yesNo(b *bool) (string, bool) {
	if b == nil {
		return "", false
	}
	return yesNoOf(*b), true
}

func yesNoOf(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func present(x *float64) (float64, bool) {
	if x == nil {
		return 0, false
	}
	return *x, true
}

func flag(name, about string, get func(CourseFactors) *bool) ModelCovariate {
	return ModelCovariate{Name: name, About: about, Categorical: true, Reference: "no",
		level: func(_ *CourseRow, f CourseFactors) (string, bool) { return yesNo(get(f)) }}
}

func amount(name, about string, get func(CourseFactors) *float64) ModelCovariate {
	return ModelCovariate{Name: name, About: about,
		number: func(_ *CourseRow, f CourseFactors) (float64, bool) { return present(get(f)) }}
}

// ModelCovariates are the factors `onset outcomes --model cox --covariates`
// and the dashboard may adjust for, in the order pages list them.
var ModelCovariates = []ModelCovariate{
	{Name: "therapy", About: "psychotherapy during the course", Categorical: true, Reference: "no",
		level: func(r *CourseRow, f CourseFactors) (string, bool) {
			n, _ := therapySessions(r, f)
			return yesNoOf(r.Facts.Therapy || n > 0), true
		}},
	{Name: "therapy_sessions", About: "psychotherapy session during the course",
		number: func(r *CourseRow, f CourseFactors) (float64, bool) {
			n, ok := therapySessions(r, f)
			return float64(n), ok
		}},
	{Name: "route", About: "route", Categorical: true,
		level: func(r *CourseRow, _ CourseFactors) (string, bool) { return string(r.Facts.Route), r.Facts.Route != "" }},
	{Name: "condition", About: "condition", Categorical: true,
		level: func(r *CourseRow, _ CourseFactors) (string, bool) {
			return string(r.Facts.Condition), r.Facts.Condition != ""
		}},
	{Name: "baseline", About: "point of baseline score",
		number: func(r *CourseRow, _ CourseFactors) (float64, bool) { return float64(r.Baseline.Total), r.HasBaseline }},
	{Name: "age", About: "year of age",
		number: func(r *CourseRow, _ CourseFactors) (float64, bool) { return float64(r.Facts.Age), r.Facts.Age >= 0 }},
	{Name: "dose", About: "mg/kg of the first doses",
		number: func(r *CourseRow, _ CourseFactors) (float64, bool) {
			return r.Facts.DoseMgPerKg, r.Facts.DoseMgPerKg > 0
		}},
	{Name: "sessions_per_week", About: "session a week in the first two weeks",
		number: func(r *CourseRow, _ CourseFactors) (float64, bool) { return r.Facts.PerWeek, r.Facts.PerWeek > 0 }},
	amount("years_ill", "year since the condition began", func(f CourseFactors) *float64 { return f.Intake.YearsIll }),
	amount("episode_months", "month of the current episode", func(f CourseFactors) *float64 { return f.Intake.EpisodeMonths }),
	{Name: "failed_trials", About: "antidepressant trial failed in this episode",
		number: func(_ *CourseRow, f CourseFactors) (float64, bool) {
			if f.Intake.FailedTrials == nil {
				return 0, false
			}
			return float64(*f.Intake.FailedTrials), true
		}},
	flag("augmentation", "augmentation tried in this episode", func(f CourseFactors) *bool { return f.Intake.Augmentation }),
	flag("ect", "ECT in the past", func(f CourseFactors) *bool { return f.Intake.ECT }),
	flag("tms", "TMS in the past", func(f CourseFactors) *bool { return f.Intake.TMS }),
	amount("benzodiazepine_mg", "mg a day of benzodiazepine (diazepam equivalents)", func(f CourseFactors) *float64 { return f.Intake.BenzoDiazepamMg }),
	flag("lamotrigine", "lamotrigine", func(f CourseFactors) *bool { return f.Intake.Lamotrigine }),
	flag("naltrexone", "naltrexone", func(f CourseFactors) *bool { return f.Intake.Naltrexone }),
	flag("stimulant", "a stimulant", func(f CourseFactors) *bool { return f.Intake.Stimulant }),
	flag("anxiety", "coexisting anxiety", func(f CourseFactors) *bool { return f.Intake.Anxiety }),
	flag("ptsd", "coexisting PTSD", func(f CourseFactors) *bool { return f.Intake.PTSD }),
	flag("substance_use", "coexisting substance use", func(f CourseFactors) *bool { return f.Intake.SubstanceUse }),
	flag("chronic_pain", "coexisting chronic pain", func(f CourseFactors) *bool { return f.Intake.ChronicPain }),
	flag("bipolar", "bipolar disorder", func(f CourseFactors) *bool { return f.Intake.Bipolar }),
	amount("phq9_sleep", "point on the PHQ-9 sleep item at baseline", func(f CourseFactors) *float64 { return f.PHQ9Sleep }),
	amount("qids_sleep", "point on the QIDS-SR16 sleep domain at baseline", func(f CourseFactors) *float64 { return f.QIDSSleep }),
	amount("gad7", "point of GAD-7 at baseline", func(f CourseFactors) *float64 { return f.GAD7 }),
	flag("music", "music during the sessions", func(f CourseFactors) *bool { return f.Music }),
	flag("eyeshade", "an eyeshade during the sessions", func(f CourseFactors) *bool { return f.Eyeshade }),
	flag("support_person", "a support person present", func(f CourseFactors) *bool { return f.SupportPerson }),
}

// LookupModelCovariate finds a covariate by name.
func LookupModelCovariate(name string) (ModelCovariate, bool) {
	for _, c := range ModelCovariates {
		if c.Name == name {
			return c, true
		}
	}
	return ModelCovariate{}, false
}

// ModelCovariateNames lists every covariate's name.
func ModelCovariateNames() []string {
	out := make([]string, len(ModelCovariates))
	for i, c := range ModelCovariates {
		out[i] = c.Name
	}
	return out
}

// ParseModelCovariates reads "a,b,c": known names, each once, at least one.
func ParseModelCovariates(s string) ([]ModelCovariate, error) {
	var out []ModelCovariate
	seen := map[string]bool{}
	for _, n := range strings.Split(s, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		c, ok := LookupModelCovariate(n)
		if !ok {
			return nil, clinic.Errorf(clinic.Invalid, "unknown covariate %q: choose from %s", n, strings.Join(ModelCovariateNames(), ", "))
		}
		if seen[n] {
			return nil, clinic.Errorf(clinic.Invalid, "covariate %q named twice", n)
		}
		seen[n] = true
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, clinic.Errorf(clinic.Invalid, "name at least one covariate (choose from %s)", strings.Join(ModelCovariateNames(), ", "))
	}
	return out, nil
}

// Coverage counts the rows with a time to event e (total), those of them
// that have covariate c (present), and whether c takes at least two values
// among them (what a model can estimate).
func (c ModelCovariate) Coverage(rows []CourseRow, factors map[int64]CourseFactors, e Event) (present, total int, varies bool) {
	first := ""
	for i := range rows {
		if rows[i].Of(e).LeftOut != "" {
			continue
		}
		total++
		var v string
		if c.Categorical {
			lv, ok := c.level(&rows[i], factors[rows[i].CourseID])
			if !ok {
				continue
			}
			v = lv
		} else {
			x, ok := c.number(&rows[i], factors[rows[i].CourseID])
			if !ok {
				continue
			}
			v = strconv.FormatFloat(x, 'g', -1, 64)
		}
		present++
		if present == 1 {
			first = v
		} else if v != first {
			varies = true
		}
	}
	return present, total, varies
}
