package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"onset/internal/clinic"
	"onset/internal/outcomes"
)

const coxUsage = `usage: onset stats cox FILE.csv --covariates a,b,c [--ties efron|breslow]
                      [--reference col=level ...] [--predict col=v,col=v ... --at t1,t2] [--json]

Cox proportional-hazards regression from a CSV file, computed as R's
survival package does (coxph, its concordance, and cox.zph with
transform="km"), so the numbers can be checked against R.

FILE.csv has a header naming its columns; time, event and every covariate
must be among them (other columns are ignored). event is 1 when the event
happened and 0 when the row is censored at time. A covariate field that is
empty or NA is missing: that row is left out, and counted. A covariate
column with any other value that is not a number is categorical; so is one
named in --reference. FILE may be "-" for standard input, and may come
before or after the flags.

--covariates  the model's covariates, in order, separated by commas.
--ties        how tied event times are handled: efron (R's default) or breslow.
--reference   col=level: the level of categorical column col that the others
              are compared with (repeat for several columns). Without it a
              column's reference is its first level in sorted order, as R's
              factor() orders them: numerically when every level is a
              number, else by bytes. Naming a numeric column makes it
              categorical.
--json        print one JSON object:
              {"n","events","left_out":{"missing_covariate"},"ties",
              "coefficients":[{"name","covariate","level","reference","coef",
              "hr","se","z","p","hr_lower","hr_upper"}],"loglik":{"null",
              "model"},"iterations","converged","tests":{"likelihood_ratio",
              "wald","score"},"concordance":{"c","se","concordant",
              "discordant","tied_x","tied_y","tied_xy"},"zph":[{"term",
              "chisq","df","p"}],"warnings":[...]}
              Each test is {"chisq","df","p"}; the hazard ratios' intervals
              are 95%; zph ends with the GLOBAL row.
--predict     col=value,...: one subject's covariates (a level for a
              categorical one); repeat for several. Adds, as R's
              survfit(fit, newdata) computes them, the subject's predicted
              survival read at the --at times: in --json
              "predictions":[{"profile","risk","at":[{"time","surv",
              "cumhaz","std_err","lower","upper"}]}] (std_err is that of
              the cumulative hazard, as survfit's; the interval is 95%,
              log scale).

Bad rows are reported with their line numbers on stderr and the command
exits with status 2; so does a model that cannot be fitted (no events, a
categorical column with one level, collinear covariates).
`

// references is the repeatable --reference col=level flag.
type references map[string]string

func (r references) String() string { return fmt.Sprint(map[string]string(r)) }

func (r references) Set(s string) error {
	col, level, ok := strings.Cut(s, "=")
	col, level = strings.TrimSpace(col), strings.TrimSpace(level)
	if !ok || col == "" || level == "" {
		return fmt.Errorf("want col=level, got %q", s)
	}
	if _, dup := r[col]; dup {
		return fmt.Errorf("two references for %q", col)
	}
	r[col] = level
	return nil
}

// runCox is "onset stats cox FILE.csv --covariates a,b [--ties ...]
// [--reference col=level] [--json]".
func runCox(_ context.Context, e *env, args []string) int {
	fs := newFlags(e, "stats cox")
	fs.SetOutput(io.Discard)
	covFlag := fs.String("covariates", "", "covariates, separated by commas")
	tiesFlag := fs.String("ties", "efron", "efron or breslow")
	refs := references{}
	fs.Var(refs, "reference", "col=level: a categorical column's reference level")
	asJSON := fs.Bool("json", false, "print one JSON object")
	var predict profiles
	fs.Var(&predict, "predict", "col=value,...: a subject's covariates for a predicted curve (repeatable)")
	atFlag := fs.String("at", "", "with --predict: times to read the predicted curves at, separated by commas")
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(e.stderr, coxUsage)
				return exitOK
			}
			return fail(e, exitUsage, "stats cox: %v", err)
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) != 1 {
		return fail(e, exitUsage, "stats cox: name one CSV file (got %d arguments)", len(positional))
	}
	path := positional[0]
	var ties outcomes.CoxTies
	switch *tiesFlag {
	case "efron":
		ties = outcomes.Efron
	case "breslow":
		ties = outcomes.Breslow
	default:
		return fail(e, exitUsage, "stats cox: --ties must be efron or breslow, got %q", *tiesFlag)
	}
	var covs []string
	for c := range strings.SplitSeq(*covFlag, ",") {
		if c = strings.TrimSpace(c); c != "" {
			covs = append(covs, c)
		}
	}
	if len(covs) == 0 {
		return fail(e, exitUsage, "stats cox: --covariates: name at least one column")
	}
	for col := range refs {
		if !contains(covs, col) {
			return fail(e, exitUsage, "stats cox: --reference %s: %q is not among --covariates", col, col)
		}
	}

	// The file and its columns live in arena until the command returns:
	// the fit, levels and messages are copies, nothing outlives it.
	var arena hugeArena
	defer arena.release()
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(e.stdin)
	} else {
		data, err = arena.readInputFile(path)
	}
	if err != nil {
		return fail(e, exitUsage, "stats cox: %v", err)
	}
	tab, err := readCoxCSV(data, covs, &arena)
	if err != nil {
		return fail(e, exitUsage, "stats cox: %s: %v", path, err)
	}
	if tab.nBad > 0 {
		for _, b := range tab.bad {
			fmt.Fprintf(e.stderr, "onset: stats cox: %s: %s\n", path, b)
		}
		if tab.nBad > len(tab.bad) {
			fmt.Fprintf(e.stderr, "onset: stats cox: %s: ... and %d more bad rows\n", path, tab.nBad-len(tab.bad))
		}
		plural := "s"
		if tab.nBad == 1 {
			plural = ""
		}
		return fail(e, exitUsage, "stats cox: %s: %d bad row%s, nothing computed", path, tab.nBad, plural)
	}
	if len(tab.time) == 0 {
		return fail(e, exitUsage, "stats cox: %s: no data rows after the header", path)
	}
	fit, err := outcomes.Cox(tab.time, tab.event, tab.covariates(refs), outcomes.CoxOptions{Ties: ties, ScratchTimes: true})
	if err != nil {
		code := exitFailure
		if clinic.ErrorCode(err) == clinic.Invalid {
			code = exitUsage
		}
		return fail(e, code, "stats cox: %s: %s", path, clinic.ErrorMessage(err))
	}
	for _, w := range fit.Warnings {
		fmt.Fprintf(e.stderr, "onset: stats cox: warning: %s\n", w)
	}
	var predictions []coxPredictionJSON
	if len(predict) > 0 {
		at, err := parseTimes(*atFlag)
		if err != nil || len(at) == 0 {
			return fail(e, exitUsage, "stats cox: --at: name the times to read the predicted curves at, e.g. --at 1,7,28")
		}
		if predictions, err = predictCurves(fit, predict, at); err != nil {
			return fail(e, exitUsage, "stats cox: %s", clinic.ErrorMessage(err))
		}
	} else if *atFlag != "" {
		return fail(e, exitUsage, "stats cox: --at needs --predict")
	}
	if *asJSON {
		doc := struct {
			outcomes.CoxJSON
			Predictions []coxPredictionJSON `json:"predictions,omitempty"`
		}{coxDocument(fit), predictions}
		if err := json.NewEncoder(e.stdout).Encode(doc); err != nil {
			return fail(e, exitFailure, "stats cox: %v", err)
		}
		return exitOK
	}
	writeCoxTable(e.stdout, fit)
	writePredictions(e.stdout, predictions)
	return exitOK
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// covariates turns the columns into the model's covariates: numeric, or
// categorical when a field is not a number or a reference is named.
func (t *coxTable) covariates(refs references) []outcomes.CoxCovariate {
	out := make([]outcomes.CoxCovariate, 0, len(t.cols))
	for _, col := range t.cols {
		ref, named := refs[col.name]
		if !col.text && !named {
			out = append(out, outcomes.CoxCovariate{Name: col.name, Values: col.num})
			continue
		}
		c := outcomes.CoxCovariate{Name: col.name, Reference: ref}
		if col.text {
			c.Codes, c.Levels = col.codes, col.levels
		} else {
			// A numeric column made categorical: its levels are the
			// numbers as R prints them ("1", not "1.0").
			c.Codes = make([]int32, len(col.num))
			index := map[float64]int32{}
			for i, v := range col.num {
				if math.IsNaN(v) {
					c.Codes[i] = -1
					continue
				}
				code, ok := index[v]
				if !ok {
					code = int32(len(c.Levels))
					index[v] = code
					c.Levels = append(c.Levels, strconv.FormatFloat(v, 'g', -1, 64))
				}
				c.Codes[i] = code
			}
		}
		if c.Levels == nil {
			c.Levels = []string{}
		}
		out = append(out, c)
	}
	return out
}

// coxDocument is the --json document (outcomes.CoxJSON, which the API
// serves too).
func coxDocument(f outcomes.CoxFit) outcomes.CoxJSON { return f.JSON() }

// writeCoxTable prints the fit as R's summary(coxph) and cox.zph do.
func writeCoxTable(w io.Writer, f outcomes.CoxFit) {
	left := ""
	if f.Missing > 0 {
		left = fmt.Sprintf(" (%d left out for a missing covariate)", f.Missing)
	}
	fmt.Fprintf(w, "n = %d%s, events = %d, ties: %s\n\n", f.N, left, f.Events, f.Ties)
	// Names padded to one width, so right-aligned cells read left-aligned.
	width := len("GLOBAL")
	for _, c := range f.Coefs {
		width = max(width, len(c.Name))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%*s\tcoef\texp(coef)\tse(coef)\tz\tp\tlower .95\tupper .95\t\n", width, "")
	for _, c := range f.Coefs {
		fmt.Fprintf(tw, "%-*s\t%.6g\t%.6g\t%.6g\t%.3f\t%s\t%.6g\t%.6g\t\n", width, c.Name, c.Coef, c.HR, c.SE, c.Z, pValue(c.P), c.Lower, c.Upper)
	}
	tw.Flush()
	var refs []string
	seen := map[string]bool{}
	for _, c := range f.Coefs {
		if c.Reference != "" && !seen[c.Term] {
			seen[c.Term] = true
			refs = append(refs, c.Term+"="+c.Reference)
		}
	}
	if len(refs) > 0 {
		fmt.Fprintf(w, "reference levels: %s\n", strings.Join(refs, ", "))
	}
	fmt.Fprintf(w, "\nConcordance = %.4f (se = %.4f)\n", f.Concordance.C, f.Concordance.SE)
	for _, t := range []struct {
		name string
		t    outcomes.CoxTest
	}{{"Likelihood ratio test", f.LR}, {"Wald test            ", f.Wald}, {"Score (logrank) test ", f.Score}} {
		fmt.Fprintf(w, "%s = %.2f on %d df, p = %s\n", t.name, t.t.ChiSq, t.t.DF, pValue(t.t.P))
	}
	fmt.Fprintf(w, "\nProportional hazards (cox.zph, transform km):\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%*s\tchisq\tdf\tp\t\n", width, "")
	for _, z := range f.ZPH {
		fmt.Fprintf(tw, "%-*s\t%.4f\t%d\t%s\t\n", width, z.Term, z.ChiSq, z.DF, pValue(z.P))
	}
	tw.Flush()
}

// pValue prints p as R does: 4 significant digits, and below 2e-16 as
// "<2e-16".
func pValue(p float64) string {
	switch {
	case math.IsNaN(p):
		return "NA"
	case p < 2e-16:
		return "<2e-16"
	}
	return strconv.FormatFloat(p, 'g', 4, 64)
}
