package outcomes

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"onset/internal/clinic"
)

// MinEventsPerParameter is the fewest events per estimated coefficient
// below which a Cox model's estimates are unreliable (Peduzzi et al. 1995,
// J Clin Epidemiol 48:1503–1510: fewer than 10 events per variable biased
// the coefficients and their intervals).
const MinEventsPerParameter = 10

// ZPHAlpha is the p-value under which the proportional-hazards test
// (cox.zph) is reported as failed.
const ZPHAlpha = 0.05

// LevelCount is how many courses of a model have one level of a
// categorical covariate, and how many of them had the event.
type LevelCount struct {
	Level  string
	N      int
	Events int
}

// CohortModel is a Cox model of a clinic's courses: the time from T0 to an
// event (relapse: from the response) adjusted for several covariates
// together, with what a reader needs to judge it.
type CohortModel struct {
	Event      Event
	Covariates []ModelCovariate
	Fit        CoxFit
	// LeftOut counts the courses with no time to the event, by reason;
	// courses lacking a covariate are Fit.Missing.
	LeftOut map[LeftOut]int
	// Levels are the numbers per level of each categorical covariate,
	// among the courses the model used.
	Levels map[string][]LevelCount
	// Statements say each coefficient in one plain sentence.
	Statements []string
	// Warnings: too few events per parameter, a failed test of
	// proportional hazards, and the fit's own.
	Warnings []string
}

// FitCohortModel fits a Cox model of time to event e on the rows, with
// the covariates read from each row and its factors (by course ID). refs
// names a reference level for categorical covariates, overriding the
// default ("no" for yes/no factors, else the first level in sorted order).
func FitCohortModel(rows []CourseRow, factors map[int64]CourseFactors, e Event, covs []ModelCovariate, refs map[string]string, ties CoxTies) (CohortModel, error) {
	m := CohortModel{Event: e, Covariates: covs, LeftOut: map[LeftOut]int{}, Levels: map[string][]LevelCount{}}
	if len(covs) == 0 {
		return m, clinic.Errorf(clinic.Invalid, "name at least one covariate")
	}
	for name := range refs {
		i := slices.IndexFunc(covs, func(c ModelCovariate) bool { return c.Name == name })
		if i < 0 || !covs[i].Categorical {
			return m, clinic.Errorf(clinic.Invalid, "--reference %s: %q is not a categorical covariate of the model", name, name)
		}
	}
	times := make([]float64, 0, len(rows))
	events := make([]bool, 0, len(rows))
	used := make([]*CourseRow, 0, len(rows)) // pointers: a row is large
	for i := range rows {
		t := rows[i].Of(e)
		if t.LeftOut != "" {
			m.LeftOut[t.LeftOut]++
			continue
		}
		times = append(times, t.Days)
		events = append(events, t.Event)
		used = append(used, &rows[i])
	}
	if len(used) == 0 {
		return m, clinic.Errorf(clinic.Invalid, "no course has a time to %s: nothing to fit", e)
	}
	cc := make([]CoxCovariate, len(covs))
	complete := make([]bool, len(used))
	for i := range complete {
		complete[i] = true
	}
	for k, c := range covs {
		cv := CoxCovariate{Name: c.Name, Reference: c.Reference}
		if ref, ok := refs[c.Name]; ok {
			cv.Reference = ref
		}
		if !c.Categorical {
			cv.Values = make([]float64, len(used))
			for i, r := range used {
				v, ok := c.number(r, factors[r.CourseID])
				if !ok {
					v, complete[i] = math.NaN(), false
				}
				cv.Values[i] = v
			}
			cc[k] = cv
			continue
		}
		cv.Levels = []string{}
		cv.Codes = make([]int32, len(used))
		index := map[string]int32{}
		for i, r := range used {
			lv, ok := c.level(r, factors[r.CourseID])
			if !ok {
				cv.Codes[i], complete[i] = -1, false
				continue
			}
			code, seen := index[lv]
			if !seen {
				code = int32(len(cv.Levels))
				index[lv] = code
				cv.Levels = append(cv.Levels, lv)
			}
			cv.Codes[i] = code
		}
		// A default reference level not present (every course "yes")
		// falls back to the first in sorted order.
		if _, ok := refs[c.Name]; !ok && !slices.Contains(cv.Levels, cv.Reference) {
			cv.Reference = ""
		}
		cc[k] = cv
	}
	fit, err := Cox(times, events, cc, CoxOptions{Ties: ties})
	if err != nil {
		return m, err
	}
	m.Fit = fit
	for k, c := range covs {
		if !c.Categorical {
			continue
		}
		counts := map[string]*LevelCount{}
		for i, r := range used {
			if !complete[i] {
				continue
			}
			lv := cc[k].Levels[cc[k].Codes[i]]
			lc := counts[lv]
			if lc == nil {
				lc = &LevelCount{Level: lv}
				counts[lv] = lc
			}
			lc.N++
			if r.Of(e).Event {
				lc.Events++
			}
		}
		for _, lv := range fit.Levels()[c.Name] {
			if lc := counts[lv]; lc != nil {
				m.Levels[c.Name] = append(m.Levels[c.Name], *lc)
			}
		}
	}
	m.Statements = m.statements()
	m.Warnings = m.warnings()
	return m, nil
}

// verb is what a course did at its event, and noun the event.
func (m CohortModel) verb() (string, string) {
	switch m.Event {
	case EventRemission:
		return "remitted", "remission"
	case EventRelapse:
		return "relapsed", "relapse"
	}
	return "responded", "response"
}

// Ratio writes a hazard ratio with two significant digits ("1.6", "1.0",
// "0.97", "12").
func Ratio(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "–"
	case x >= 9.95:
		return strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	case x >= 0.995:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return strconv.FormatFloat(x, 'g', 2, 64)
}

// statements says each coefficient in one sentence.
func (m CohortModel) statements() []string {
	verb, noun := m.verb()
	var out []string
	for _, co := range m.Fit.Coefs {
		cv, _ := LookupModelCovariate(co.Term)
		ci := fmt.Sprintf("(95%% CI %s–%s)", Ratio(co.Lower), Ratio(co.Upper))
		switch {
		case co.Level == "":
			out = append(out, fmt.Sprintf("Each additional %s went with %s %s times as fast %s, other factors equal.", cv.About, noun, Ratio(co.HR), ci))
		case co.Level == "yes" && co.Reference == "no":
			out = append(out, fmt.Sprintf("Patients with %s %s %s times as fast %s, other factors equal.", cv.About, verb, Ratio(co.HR), ci))
		case co.Level == "no" && co.Reference == "yes":
			out = append(out, fmt.Sprintf("Patients without %s %s %s times as fast as those with it %s, other factors equal.", cv.About, verb, Ratio(co.HR), ci))
		default:
			out = append(out, fmt.Sprintf("Patients with %s %s %s %s times as fast as those with %s %s %s, other factors equal.", cv.About, co.Level, verb, Ratio(co.HR), cv.About, co.Reference, ci))
		}
	}
	return out
}

// warnings are what makes the model less trustworthy, in plain words.
func (m CohortModel) warnings() []string {
	var out []string
	p := len(m.Fit.Coefs)
	if float64(m.Fit.Events) < MinEventsPerParameter*float64(p) {
		out = append(out, fmt.Sprintf("Only %d events for %d estimated effects (fewer than %d per effect): the estimates may be far from the truth and their intervals too narrow.", m.Fit.Events, p, MinEventsPerParameter))
	}
	for _, z := range m.Fit.ZPH {
		if z.P < ZPHAlpha {
			what := "The effect of " + z.Term
			if z.Term == "GLOBAL" {
				what = "The model as a whole"
			}
			out = append(out, fmt.Sprintf("%s fails the proportional-hazards test (cox.zph p = %s): the association changes over follow-up, and its hazard ratio is an average.", what, strconv.FormatFloat(z.P, 'g', 2, 64)))
		}
	}
	for _, w := range m.Fit.Warnings {
		out = append(out, strings.ToUpper(w[:1])+w[1:]+".")
	}
	return out
}

// Profile is a course's covariates as the model reads them, for Predict;
// missing names the covariates the course lacks.
func (m CohortModel) Profile(r CourseRow, f CourseFactors) (p CoxProfile, missing []string) {
	p = CoxProfile{Numbers: map[string]float64{}, Levels: map[string]string{}}
	for _, c := range m.Covariates {
		if c.Categorical {
			lv, ok := c.level(&r, f)
			if !ok {
				missing = append(missing, c.Name)
				continue
			}
			p.Levels[c.Name] = lv
			continue
		}
		v, ok := c.number(&r, f)
		if !ok {
			missing = append(missing, c.Name)
			continue
		}
		p.Numbers[c.Name] = v
	}
	return p, missing
}

// CohortModelJSON is the model as `onset outcomes --model cox --json` and
// GET /api/v1/outcomes/model print it: the document of `onset stats cox
// --json` (left_out adds the courses with no time to the event, by
// reason; warnings are the model's), plus the event, the numbers per
// level and one sentence per coefficient.
type CohortModelJSON struct {
	CoxJSON
	Event      string                      `json:"event"`
	Covariates []string                    `json:"covariates"`
	Levels     map[string][]LevelCountJSON `json:"levels"`
	Statements []string                    `json:"statements"`
}

// LevelCountJSON is LevelCount in the JSON document.
type LevelCountJSON struct {
	Level  string `json:"level"`
	N      int    `json:"n"`
	Events int    `json:"events"`
}

// JSON is the model's document.
func (m CohortModel) JSON() CohortModelJSON {
	doc := CohortModelJSON{CoxJSON: m.Fit.JSON(), Event: string(m.Event), Covariates: []string{},
		Levels: map[string][]LevelCountJSON{}, Statements: append([]string{}, m.Statements...)}
	for k, n := range m.LeftOut {
		doc.LeftOut[leftOutKey(k)] = n
	}
	doc.Warnings = append([]string{}, m.Warnings...)
	for _, c := range m.Covariates {
		doc.Covariates = append(doc.Covariates, c.Name)
	}
	for name, lcs := range m.Levels {
		for _, lc := range lcs {
			doc.Levels[name] = append(doc.Levels[name], LevelCountJSON(lc))
		}
	}
	return doc
}
