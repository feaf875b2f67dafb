package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"onset/internal/app"
	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/service"
	"onset/internal/service/cohort"
)

// runOutcomeModel is "onset outcomes --model cox --covariates a,b
// [--ties ...] [--reference col=level] [--json]" on the stored courses.
func runOutcomeModel(ctx context.Context, e *env, svc *app.App, clinicID int64, q cohort.OutcomeQuery, covariates, ties string, refs references, asJSON bool) int {
	if strings.TrimSpace(covariates) == "" {
		return fail(e, exitUsage, "outcomes: --model cox needs --covariates (e.g. --covariates therapy,route,baseline)")
	}
	if len(q.Times) > 0 || q.By != "" {
		return fail(e, exitUsage, "outcomes: --times and --by do not apply to --model cox")
	}
	mq := cohort.ModelQuery{Instrument: q.Instrument, Event: q.Event, Covariates: strings.Split(covariates, ","),
		Ties: ties, References: refs, From: q.From, To: q.To}
	m, err := svc.OutcomeModel(ctx, service.System(clinicID), mq)
	if err != nil {
		return fail(e, codeOf(err), "outcomes: %s", clinic.ErrorMessage(err))
	}
	if asJSON {
		if err := json.NewEncoder(e.stdout).Encode(m.JSON()); err != nil {
			return fail(e, exitFailure, "outcomes: %v", err)
		}
		return exitOK
	}
	writeModelTable(e, m)
	return exitOK
}

// writeModelTable prints the fit as "onset stats cox" does, then the
// numbers per level, the sentences and the warnings.
func writeModelTable(e *env, m outcomes.CohortModel) {
	fmt.Fprintf(e.stdout, "Time to %s, Cox proportional hazards\n", m.Event)
	writeCoxTable(e.stdout, m.Fit)
	for _, c := range m.Covariates {
		if lv := m.Levels[c.Name]; len(lv) > 0 {
			fmt.Fprintf(e.stdout, "\n%s:", c.Name)
			for _, l := range lv {
				fmt.Fprintf(e.stdout, " %s %d courses (%d events);", l.Level, l.N, l.Events)
			}
			fmt.Fprintln(e.stdout)
		}
	}
	fmt.Fprintln(e.stdout)
	for _, s := range m.Statements {
		fmt.Fprintln(e.stdout, s)
	}
	for _, w := range m.Warnings {
		fmt.Fprintln(e.stdout, "warning: "+w)
	}
	var left []string
	for k, n := range m.LeftOut {
		left = append(left, fmt.Sprintf("%s %d", k, n))
	}
	if len(left) > 0 {
		fmt.Fprintf(e.stdout, "courses with no time to %s: %s\n", m.Event, strings.Join(left, ", "))
	}
	fmt.Fprintln(e.stdout, "Associations in a clinic's records are not proof of cause.")
}
