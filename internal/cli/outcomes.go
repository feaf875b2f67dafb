package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/service"
	"onset/internal/service/cohort"
)

const outcomesUsage = `usage: onset outcomes --db DB --instrument phq9 [--event response|remission|relapse]
       [--by route|condition|severity|dose|frequency|therapy|age] [--times 1,3,7,28]
       [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]

Time to response, remission or relapse on one instrument, computed from the
clinic's stored courses with the definitions of design.md §3: one
Kaplan–Meier curve per stratum (group), the log-rank test between them, and
how many courses were left out and why.

--json prints the same document as "onset stats km --json" plus
"left_out": {"not_assessed":n,"no_baseline":n,"baseline_below_min":n,
"no_follow_up":n,"never_responded":n} (reasons with no course are omitted;
not_assessed is a course with no score of the instrument at all, from 30
days before T0 on; baseline_below_min a baseline under the instrument's
minimum, e.g. PHQ-9 10, or the clinic's lower setting). --event remission on
an instrument without a remission cut-off is refused.
--from/--to keep courses whose first treatment (T0) falls on those days or
between them (UTC).

--model cox fits a Cox proportional-hazards model of the time to the event
on the covariates named by --covariates (any of: therapy, therapy_sessions,
route, condition, baseline, age, dose, sessions_per_week, years_ill,
episode_months, failed_trials, augmentation, ect, tms, benzodiazepine_mg,
lamotrigine, naltrexone, stimulant, anxiety, ptsd, substance_use,
chronic_pain, bipolar, phq9_sleep, qids_sleep, gad7, music, eyeshade,
support_person), with --ties efron|breslow and --reference col=level; its
--json is the document of "onset stats cox --json" plus "event",
"covariates", "levels" (courses and events per level) and "statements".
`

func runOutcomes(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "outcomes")
	dbf := addDBFlags(fs) // --db-replica: the analysis or the export reads the replica
	dsn := fs.String("db", "onset.db", "SQLite file path or postgres:// URL")
	instrument := fs.String("instrument", "", "questionnaire, e.g. phq9, gad7, madrs, qids-sr16")
	event := fs.String("event", "response", "response, remission or relapse")
	by := fs.String("by", "", "group by route, condition, severity, dose, frequency, therapy or age")
	timesFlag := fs.String("times", "", "comma-separated days after T0 at which to read the curves")
	from := fs.String("from", "", "first day of T0 (YYYY-MM-DD)")
	to := fs.String("to", "", "last day of T0 (YYYY-MM-DD)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	model := fs.String("model", "", "cox: a Cox proportional-hazards model of the courses (see --covariates)")
	covariates := fs.String("covariates", "", "with --model cox: comma-separated covariates")
	ties := fs.String("ties", "efron", "with --model cox: efron or breslow")
	refs := references{}
	fs.Var(refs, "reference", "with --model cox: col=level, a categorical covariate's reference level (repeatable)")
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprint(e.stderr, outcomesUsage)
			return exitOK
		}
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *instrument == "" {
		return fail(e, exitUsage, "outcomes: --instrument is required (e.g. --instrument phq9)")
	}
	times, err := parseTimes(*timesFlag)
	if err != nil {
		return fail(e, exitUsage, "outcomes: --times: %v", err)
	}
	q := cohort.OutcomeQuery{Instrument: *instrument, Event: *event, By: *by, Times: times}
	if q.From, err = parseDay(*from); err != nil {
		return fail(e, exitUsage, "outcomes: --from: %v", err)
	}
	if q.To, err = parseDay(*to); err != nil {
		return fail(e, exitUsage, "outcomes: --to: %v", err)
	}
	if !q.To.IsZero() {
		q.To = q.To.AddDate(0, 0, 1) // the whole last day
	}
	dbOpts, err := dbf.options(*dsn)
	if err != nil {
		return fail(e, exitUsage, "%s: %v", "outcomes", err)
	}
	a, err := openApp(ctx, *dsn, service.Config{}, dbOpts...)
	if err != nil {
		return fail(e, exitFailure, "open database: %v", err)
	}
	defer a.db.Close()
	c, err := a.svc.EnsureClinic(ctx, "My clinic")
	if err != nil {
		return fail(e, exitFailure, "%s", clinic.ErrorMessage(err))
	}
	switch *model {
	case "":
		if *covariates != "" || len(refs) > 0 {
			return fail(e, exitUsage, "outcomes: --covariates and --reference need --model cox")
		}
	case "cox":
		return runOutcomeModel(ctx, e, a.svc, c.ID, q, *covariates, *ties, refs, *asJSON)
	default:
		return fail(e, exitUsage, "outcomes: --model: %q is not a model (cox)", *model)
	}
	res, err := a.svc.Outcomes(ctx, service.System(c.ID), q)
	if err != nil {
		return fail(e, codeOf(err), "outcomes: %s", clinic.ErrorMessage(err))
	}
	if *asJSON {
		if err := json.NewEncoder(e.stdout).Encode(res.JSON()); err != nil {
			return fail(e, exitFailure, "outcomes: %v", err)
		}
		return exitOK
	}
	writeCohortTable(e, res, len(times) > 0)
	return exitOK
}

// parseDay reads YYYY-MM-DD as midnight UTC; "" is the zero time.
func parseDay(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return t, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	return t, nil
}

// writeCohortTable prints the tables of "onset stats km" and the courses
// left out.
func writeCohortTable(e *env, c outcomes.Cohort, atTimes bool) {
	res := kmResult{logRank: c.LogRank, logRankErr: c.LogRankErr}
	for i, name := range c.Names {
		g := kmGroup{name: name, curve: c.Curves[i]}
		for _, t := range c.Times {
			g.at = append(g.at, c.Curves[i].At(t))
		}
		res.groups = append(res.groups, g)
	}
	if len(res.groups) == 0 {
		fmt.Fprintf(e.stdout, "no course has a %s time on this instrument\n", c.Event)
	} else {
		writeKMTable(e.stdout, res, atTimes, outcomes.DefaultConfLevel)
	}
	if res.logRankErr != nil {
		fmt.Fprintf(e.stdout, "log-rank not computed: %s\n", clinic.ErrorMessage(res.logRankErr))
	}
	reasons := make([]string, 0, len(c.LeftOut))
	for r := range c.LeftOut {
		reasons = append(reasons, string(r))
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		fmt.Fprintf(e.stdout, "left out: %d courses (%s)\n", c.LeftOut[outcomes.LeftOut(r)], r)
	}
}
