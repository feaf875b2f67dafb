package cli

import (
	"bufio"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"onset/internal/clinic"
	"onset/internal/outcomes"
)

const statsUsage = `usage: onset stats km FILE.csv [--times 1,7,14,28] [--conf 0.95] [--json]

Kaplan–Meier estimates and the log-rank test from a CSV file, computed as
R's survival package does (survfit with conf.type="log", quantile.survfit,
survdiff with rho=0), so the numbers can be checked against R.

FILE.csv has the header time,event or time,event,group (any column order).
event is 1 when the event happened and 0 when the row is censored at time;
without a group column every row is in one group named "all". FILE may be
"-" for standard input, and may come before or after the flags.

--times  read every curve at these times: S(t), its interval, n_risk (the
         number with time >= t, R's n.risk) and n_event (events at times
         <= t counted from time 0; R's summary(fit, times=) prints the
         count since the previous listed time instead). Past the last
         observed time the last value holds with n_risk 0 (R: extend=TRUE).
--conf   confidence level of the intervals (default 0.95).
--json   print one JSON object:
         {"groups":[{"group","n","events","median","median_lower",
         "median_upper","at":[{"time","n_risk","n_event","survival",
         "lower","upper"}]}],"logrank":{"chisq","df","p"}}
         A bound or median that does not exist is null; logrank is null
         with one group. Groups are sorted by name (numerically when every
         name is a number, as R orders a numeric factor).

Bad rows are reported with their line numbers on stderr and the command
exits with status 2.

onset stats cox FILE.csv --covariates a,b,c [--ties efron|breslow]
[--reference col=level] [--json] fits a Cox proportional-hazards model:
run "onset stats cox -h" for its usage.
`

// maxBadRows caps how many bad rows are listed; the rest are counted.
const maxBadRows = 20

func runStats(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, statsUsage)
		return exitUsage
	}
	switch args[0] {
	case "km":
		return runKM(ctx, e, args[1:])
	case "cox":
		return runCox(ctx, e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprint(e.stderr, statsUsage)
		return exitOK
	}
	return fail(e, exitUsage, "stats: unknown subcommand %q (want km or cox)", args[0])
}

// runKM is "onset stats km FILE.csv [--times ...] [--conf ...] [--json]".
func runKM(_ context.Context, e *env, args []string) int {
	fs := newFlags(e, "stats km")
	fs.SetOutput(io.Discard) // one-line reasons via fail, not the flag package's usage dump
	timesFlag := fs.String("times", "", "comma-separated times at which to read the curves")
	conf := fs.Float64("conf", outcomes.DefaultConfLevel, "confidence level")
	asJSON := fs.Bool("json", false, "print one JSON object")

	// flag stops at the first non-flag argument; parse again after each
	// positional one so the file may come before or after the flags.
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(e.stderr, statsUsage)
				return exitOK
			}
			return fail(e, exitUsage, "stats km: %v", err)
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) != 1 {
		return fail(e, exitUsage, "stats km: name one CSV file (got %d arguments)", len(positional))
	}
	path := positional[0]
	times, err := parseTimes(*timesFlag)
	if err != nil {
		return fail(e, exitUsage, "stats km: --times: %v", err)
	}
	if !(*conf > 0 && *conf < 1) {
		return fail(e, exitUsage, "stats km: --conf must be between 0 and 1, got %g", *conf)
	}

	var arena hugeArena
	defer arena.release()
	var data []byte
	if path == "-" {
		data, err = io.ReadAll(e.stdin)
	} else {
		data, err = arena.readInputFile(path)
	}
	if err != nil {
		return fail(e, exitUsage, "stats km: %v", err)
	}
	groups, bad, nBad, err := readKMData(data)
	if err != nil {
		return fail(e, exitUsage, "stats km: %s: %v", path, err)
	}
	if nBad > 0 {
		for _, b := range bad {
			fmt.Fprintf(e.stderr, "onset: stats km: %s: %s\n", path, b)
		}
		if nBad > len(bad) {
			fmt.Fprintf(e.stderr, "onset: stats km: %s: ... and %d more bad rows\n", path, nBad-len(bad))
		}
		plural := "s"
		if nBad == 1 {
			plural = ""
		}
		return fail(e, exitUsage, "stats km: %s: %d bad row%s, nothing computed", path, nBad, plural)
	}
	if len(groups) == 0 {
		return fail(e, exitUsage, "stats km: %s: no data rows after the header", path)
	}

	res, err := kmReport(groups, times, *conf)
	if err != nil {
		return fail(e, exitFailure, "stats km: %s", clinic.ErrorMessage(err))
	}
	if res.logRankErr != nil {
		fmt.Fprintf(e.stderr, "onset: stats km: log-rank not computed: %s\n", clinic.ErrorMessage(res.logRankErr))
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		if err := enc.Encode(res.json()); err != nil {
			return fail(e, exitFailure, "stats km: %v", err)
		}
		return exitOK
	}
	writeKMTable(e.stdout, res, len(times) > 0, *conf)
	return exitOK
}

// parseTimes reads --times: non-negative numbers separated by commas, kept
// in the order given.
func parseTimes(s string) ([]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []float64
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, fmt.Errorf("%q is not a time (a number ≥ 0)", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// badRow is one rejected CSV line.
type badRow struct {
	line int
	msg  string
}

func (b badRow) String() string { return fmt.Sprintf("line %d: %s", b.line, b.msg) }

// parseKMCSV reads time,event[,group] rows into observations by group.
// It does not stop at the first bad row, so a researcher can fix a file in
// one pass: bad holds the first maxBadRows of them with their line numbers
// and nBad counts all. err is set only when the input cannot be read or has
// no usable header.
func parseKMCSV(r io.Reader) (groups map[string][]outcomes.Observation, bad []badRow, nBad int, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // column counts are checked here, with a clearer message
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, 0, errors.New(`line 1: missing header: want "time,event" or "time,event,group", got an empty file`)
	}
	if err != nil {
		return nil, nil, 0, err
	}
	col, err := headerColumns(header)
	if err != nil {
		return nil, nil, 0, err
	}
	width := len(header)

	groups = make(map[string][]outcomes.Observation)
	reject := func(line int, msg string) {
		if nBad++; len(bad) < maxBadRows {
			bad = append(bad, badRow{line, msg})
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// The reader resumes on the next line after a syntax error.
			reject(pe.Line, pe.Err.Error())
			continue
		}
		if err != nil {
			return nil, nil, 0, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != width {
			reject(line, fmt.Sprintf("want %d fields, got %d", width, len(rec)))
			continue
		}
		o, group, msg := parseKMRow(rec, col)
		if msg != "" {
			reject(line, msg)
			continue
		}
		groups[group] = append(groups[group], o)
	}
	return groups, bad, nBad, nil
}

// kmColumns are the positions of the columns; group is -1 when absent.
type kmColumns struct{ time, event, group int }

func headerColumns(header []string) (kmColumns, error) {
	col := kmColumns{-1, -1, -1}
	bad := fmt.Errorf("line 1: missing header: want \"time,event\" or \"time,event,group\", got %q", strings.Join(header, ","))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) // spreadsheets write a BOM
		var p *int
		switch h {
		case "time":
			p = &col.time
		case "event":
			p = &col.event
		case "group":
			p = &col.group
		}
		if p == nil || *p >= 0 { // unknown or repeated column
			return col, bad
		}
		*p = i
	}
	if col.time < 0 || col.event < 0 {
		return col, bad
	}
	return col, nil
}

// parseKMRow returns the row's observation and group, or why it is bad.
func parseKMRow(rec []string, col kmColumns) (outcomes.Observation, string, string) {
	var o outcomes.Observation
	ts := strings.TrimSpace(rec[col.time])
	t, err := strconv.ParseFloat(ts, 64)
	switch {
	case err != nil:
		return o, "", fmt.Sprintf("time must be a number, got %q", ts)
	case math.IsNaN(t) || math.IsInf(t, 0):
		return o, "", fmt.Sprintf("time must be a finite number, got %q", ts)
	case t < 0:
		return o, "", fmt.Sprintf("time must not be negative, got %q", ts)
	}
	o.Time = t
	switch ev := strings.TrimSpace(rec[col.event]); ev {
	case "1":
		o.Event = true
	case "0":
	default:
		return o, "", fmt.Sprintf("event must be 0 or 1, got %q", ev)
	}
	group := "all"
	if col.group >= 0 {
		group = strings.TrimSpace(rec[col.group])
		if group == "" {
			return o, "", "group must not be empty"
		}
	}
	return o, group, ""
}

// kmGroup is one group's curve, read at the requested times.
type kmGroup struct {
	name  string
	curve outcomes.Curve
	at    []outcomes.Point
}

// kmResult is everything the command prints.
type kmResult struct {
	groups     []kmGroup
	logRank    *outcomes.LogRankResult // nil with one group or when it could not be computed
	logRankErr error
}

// kmReport estimates each group's curve, reads it at times, and compares
// the groups with the log-rank test when there are two or more.
func kmReport(groups map[string][]outcomes.Observation, times []float64, conf float64) (kmResult, error) {
	var res kmResult
	names := sortedGroupNames(groups)
	all := make([][]outcomes.Observation, 0, len(names))
	// Each group's sort and curve are its own: on their own cores.
	res.groups = make([]kmGroup, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outcomes.SortObservations(groups[name]) // once, for the curve and the log-rank test
			c, err := outcomes.KaplanMeier(groups[name], conf)
			if err != nil {
				errs[i] = err
				return
			}
			g := kmGroup{name: name, curve: c}
			for _, t := range times {
				g.at = append(g.at, c.At(t))
			}
			res.groups[i] = g
		}()
		all = append(all, groups[name])
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return kmResult{}, err
		}
	}
	if len(all) > 1 {
		lr, err := outcomes.LogRank(all)
		if err != nil {
			res.logRankErr = err
		} else {
			res.logRank = &lr
		}
	}
	return res, nil
}

// sortedGroupNames orders groups by name, numerically when every name is a
// number (R sorts the levels of a numeric grouping variable that way).
func sortedGroupNames(groups map[string][]outcomes.Observation) []string {
	names := make([]string, 0, len(groups))
	numeric := true
	for name := range groups {
		names = append(names, name)
		if _, err := strconv.ParseFloat(name, 64); err != nil {
			numeric = false
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		if numeric {
			x, _ := strconv.ParseFloat(a, 64)
			y, _ := strconv.ParseFloat(b, 64)
			if c := cmp.Compare(x, y); c != 0 {
				return c
			}
		}
		return strings.Compare(a, b)
	})
	return names
}

// The --json document is outcomes.SummaryJSON, which `onset outcomes
// --json` and GET /api/v1/outcomes print too, so the shape is one.
type (
	kmJSON      = outcomes.SummaryJSON
	kmGroupJSON = outcomes.GroupJSON
	kmPointJSON = outcomes.PointJSON
	logRankJSON = outcomes.LogRankJSON
)

// num is f, or nil (JSON null) when f is not a number.
func num(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

func (r kmResult) json() kmJSON {
	doc := kmJSON{Groups: make([]kmGroupJSON, 0, len(r.groups))}
	for _, g := range r.groups {
		m := g.curve.Median
		gj := kmGroupJSON{
			Group: g.name, N: g.curve.N, Events: g.curve.Events,
			Median: num(m.Estimate), MedianLower: num(m.Lower), MedianUpper: num(m.Upper),
			At: make([]kmPointJSON, 0, len(g.at)),
		}
		for _, p := range g.at {
			gj.At = append(gj.At, kmPointJSON{Time: p.Time, NRisk: p.NRisk, NEvent: p.NEvent, Survival: p.Survival, Lower: num(p.Lower), Upper: num(p.Upper)})
		}
		doc.Groups = append(doc.Groups, gj)
	}
	if lr := r.logRank; lr != nil {
		doc.LogRank = &logRankJSON{ChiSq: lr.ChiSq, DF: lr.DF, P: num(lr.P)}
	}
	return doc
}

// writeKMTable prints R-like tables: the requested times with cumulative
// event counts, or else every event time with the events at that time (as
// summary(fit) does).
func writeKMTable(out io.Writer, res kmResult, atTimes bool, conf float64) {
	// Buffered: the tables write cell by cell, and every event time of a
	// large set is tens of thousands of lines.
	w := bufio.NewWriterSize(out, 1<<16)
	defer w.Flush()
	pct := strconv.FormatFloat(conf*100, 'f', -1, 64) + "%"
	na := func(f float64, format string) string {
		if math.IsNaN(f) {
			return "NA"
		}
		return fmt.Sprintf(format, f)
	}
	for i, g := range res.groups {
		if i > 0 {
			fmt.Fprintln(w)
		}
		m := g.curve.Median
		fmt.Fprintf(w, "group %s: n=%d, events=%d, median %s (%s CI %s to %s)\n",
			g.name, g.curve.N, g.curve.Events, na(m.Estimate, "%g"), pct, na(m.Lower, "%g"), na(m.Upper, "%g"))
		events := "n.event"
		if atTimes {
			events = "cum.event"
		}
		tab := alignedTable{}
		tab.add("time", "n.risk", events, "survival", "lower "+pct, "upper "+pct)
		four := func(f float64) string {
			if math.IsNaN(f) {
				return "NA"
			}
			return strconv.FormatFloat(f, 'f', 4, 64)
		}
		row := func(t float64, risk, ev int, b outcomes.Band) {
			tab.add(strconv.FormatFloat(t, 'g', -1, 64), strconv.Itoa(risk), strconv.Itoa(ev), four(b.Survival), four(b.Lower), four(b.Upper))
		}
		if atTimes {
			for _, p := range g.at {
				row(p.Time, p.NRisk, p.NEvent, p.Band)
			}
		} else {
			for _, s := range g.curve.Steps {
				if s.NEvent > 0 {
					row(s.Time, s.NRisk, s.NEvent, s.Band)
				}
			}
		}
		tab.write(w)
	}
	if lr := res.logRank; lr != nil {
		fmt.Fprintf(w, "\nlog-rank test: chi-square %.3f on %d df, p = %s\n", lr.ChiSq, lr.DF, na(lr.P, "%.4g"))
	}
}

// alignedTable is a table of right-aligned columns, each two spaces wider
// than its widest cell (as text/tabwriter's AlignRight with padding 2
// prints it, at a fraction of its cost on tens of thousands of rows).
type alignedTable struct {
	cells  [][6]string
	widths [6]int
}

func (t *alignedTable) add(cells ...string) {
	var row [6]string
	for i, c := range cells {
		row[i] = c
		t.widths[i] = max(t.widths[i], utf8.RuneCountInString(c))
	}
	t.cells = append(t.cells, row)
}

func (t *alignedTable) write(w *bufio.Writer) {
	const spaces = "                                                                "
	for _, row := range t.cells {
		for i, c := range row {
			for pad := t.widths[i] + 2 - utf8.RuneCountInString(c); pad > 0; pad -= len(spaces) {
				w.WriteString(spaces[:min(pad, len(spaces))])
			}
			w.WriteString(c)
		}
		w.WriteByte('\n')
	}
}
