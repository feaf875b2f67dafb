package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"onset/internal/clinic"
	"onset/internal/scales"
)

const scoreUsage = `usage: onset score INSTRUMENT --answers a,b,c,... [--json]

Scores one questionnaire. INSTRUMENT is one of:
  %s
--answers lists one answer per item, in item order, separated by commas.
Write "-" for an item that was skipped: C-SSRS screener items 3-5 must be
"-" when item 2 is no (e.g. 0,0,-,-,-,0), and QIDS-SR16 may skip one of
items 6/7 and one of items 8/9. Any other skipped item is an error.
--json prints one JSON object; otherwise a short summary is printed.
Bad input exits with status 2 and a one-line reason on stderr.
`

// runScore scores one questionnaire: onset score phq9 --answers 1,2,... [--json].
func runScore(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "score")
	// The flag package would print its error and then the whole usage text;
	// commands promise a one-line reason on bad input, so errors are
	// reported by fail below instead.
	fs.SetOutput(io.Discard)
	answers := fs.String("answers", "", "comma-separated answers in item order; - for a skipped item")
	asJSON := fs.Bool("json", false, "print the result as one JSON object")

	// flag stops at the first non-flag argument, and the instrument usually
	// comes first (onset score phq9 --answers ...), so parse again after
	// each positional argument to accept flags before and after it.
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(e.stderr, scoreUsage, strings.Join(scales.IDs(), ", "))
				return exitOK
			}
			return fail(e, exitUsage, "score: %v", err)
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(positional) == 0:
		return fail(e, exitUsage, "score: name an instrument (one of %s)", strings.Join(scales.IDs(), ", "))
	case len(positional) > 1:
		return fail(e, exitUsage, "score: one instrument at a time (got %d arguments)", len(positional))
	}
	id := strings.ToLower(positional[0])
	in, ok := scales.Lookup(id)
	if !ok {
		_, err := scales.Score(id, nil) // builds the standard "unknown instrument" message
		return fail(e, exitUsage, "score: %s", clinic.ErrorMessage(err))
	}
	if *answers == "" {
		return fail(e, exitUsage, "score: --answers is required (%d answers for %s)", len(in.Items), in.ID)
	}
	list, err := scales.ParseAnswers(*answers)
	if err != nil {
		// Parse errors name the position as "item N"; say which instrument,
		// in the same "phq9 item 4: ..." form that scoring errors use.
		sep := ": "
		if msg := clinic.ErrorMessage(err); strings.HasPrefix(msg, "item ") {
			sep = " "
		}
		return fail(e, exitUsage, "score: %s%s%s", in.ID, sep, clinic.ErrorMessage(err))
	}
	r, err := in.Score(list)
	if err != nil {
		return fail(e, exitUsage, "score: %s", clinic.ErrorMessage(err))
	}

	if *asJSON {
		if err := json.NewEncoder(e.stdout).Encode(r); err != nil {
			return fail(e, exitFailure, "score: writing output: %v", err)
		}
		return exitOK
	}
	writeScore(e.stdout, in, r)
	return exitOK
}

// writeScore prints a result for people: the total and severity, the flags,
// and the instrument's sub-results where it has them.
func writeScore(w io.Writer, in scales.Instrument, r scales.Result) {
	switch {
	case in.ID == scales.CSSRS:
		// The screener's total is only its risk category as a number.
		fmt.Fprintf(w, "%s: risk %s\n", in.Name, r.Severity)
	case r.Severity != "":
		fmt.Fprintf(w, "%s: total %d of %d, %s\n", in.Name, r.Total, in.Max, r.Severity)
	default:
		fmt.Fprintf(w, "%s: total %d of %d\n", in.Name, r.Total, in.Max)
	}
	flags := "none"
	if len(r.Flags) > 0 {
		flags = strings.Join(r.Flags, ", ")
	}
	fmt.Fprintf(w, "flags: %s\n", flags)
	if len(r.Domains) > 0 {
		parts := make([]string, len(r.Domains))
		for i, d := range r.Domains {
			parts[i] = fmt.Sprintf("%s %d", d.Domain, d.Score)
		}
		fmt.Fprintf(w, "domains: %s\n", strings.Join(parts, ", "))
	}
	if r.DSM5 != nil {
		verdict := "not met"
		if r.DSM5.Met {
			verdict = "met"
		}
		parts := make([]string, len(r.DSM5.Clusters))
		for i, c := range r.DSM5.Clusters {
			parts[i] = fmt.Sprintf("%s %d of %d", c.Cluster, c.Endorsed, c.Needed)
		}
		fmt.Fprintf(w, "DSM-5 cluster rule: %s (items rated 2 or more: %s)\n", verdict, strings.Join(parts, ", "))
	}
}
