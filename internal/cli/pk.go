package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/pk"
)

const pkUsage = `usage: onset pk --route ROUTE (--dose-mg D | --dose-mg-per-kg X) --weight-kg W
                [--infusion-min M] [--model clements|domino] [--hours H] [--step-min S]
                [--summary | --params] [--json]
       onset pk --route esketamine (--devices N | --dose-mg 28|56|84)

Predicts the plasma concentration after one dose with a closed-form
compartment model. ROUTE is iv, im, intranasal, sublingual, oral (racemic
ketamine) or esketamine (Spravato nasal spray: 28 mg devices, 5 min apart).

  --weight-kg      patient weight, 20-300 kg; required for racemic ketamine
                   (volumes and clearance scale with it), unused for esketamine
  --infusion-min   IV infusion length (default 40; 0 = bolus)
  --model          racemic ketamine model: clements (default; Clements & Nimmo
                   1981, closest to the measured 185 ng/mL after 0.5 mg/kg
                   over 40 min) or domino (Domino 1982, 3 compartments)
  --hours, --step-min   the curve's length (default 12 h) and spacing (1 min)

Output: CSV "minute,ketamine_ng_per_ml" (esketamine is reported in the same
column). --summary gives cmax_ng_per_ml, tmax_min, auc_ng_h_per_ml (0 to
infinity), terminal_half_life_h and below_5pct_of_peak_h (hours after the
dose until the level stays below 5% of peak), over the whole course, not
just --hours; as one CSV row, or one JSON object with --json. --params
prints the model as JSON: volumes, rate constants, absorption, sources.
Bad input exits with status 2 and a one-line reason on stderr.
`

// Output limits: beyond them a request is a mistake, not a curve to print.
const (
	pkMaxHours  = 24 * 30
	pkMaxPoints = 2_000_000
)

// pkRequest is the parsed command line.
type pkRequest struct {
	routeName        string
	model            string
	doseMg, doseMgKg float64
	weightKg         float64
	infusionMin      float64
	devices          int
	hours, stepMin   float64
	summary, params  bool
	asJSON           bool
	set              map[string]bool // flags given on the command line
}

// runPK prints a concentration curve, its summary or the model's parameters.
func runPK(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "pk")
	// One-line errors from fail, not the flag package's error plus usage.
	fs.SetOutput(io.Discard)
	var q pkRequest
	fs.StringVar(&q.routeName, "route", "", "iv, im, intranasal, sublingual, oral or esketamine")
	fs.StringVar(&q.model, "model", "", "racemic ketamine model: clements (default) or domino")
	fs.Float64Var(&q.doseMg, "dose-mg", 0, "dose in mg")
	fs.Float64Var(&q.doseMgKg, "dose-mg-per-kg", 0, "dose in mg/kg (needs --weight-kg)")
	fs.Float64Var(&q.weightKg, "weight-kg", 0, "patient weight in kg")
	fs.Float64Var(&q.infusionMin, "infusion-min", 40, "IV infusion length in minutes; 0 = bolus")
	fs.IntVar(&q.devices, "devices", 0, "esketamine: number of 28 mg devices")
	fs.Float64Var(&q.hours, "hours", 12, "length of the curve in hours")
	fs.Float64Var(&q.stepMin, "step-min", 1, "minutes between curve points")
	fs.BoolVar(&q.summary, "summary", false, "print Cmax, Tmax, AUC, half-life and time to 5% of peak")
	fs.BoolVar(&q.params, "params", false, "print the model used as JSON")
	fs.BoolVar(&q.asJSON, "json", false, "JSON output (with --summary or --params)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stderr, pkUsage)
			return exitOK
		}
		return fail(e, exitUsage, "pk: %v", err)
	}
	if fs.NArg() > 0 {
		return fail(e, exitUsage, "pk: unexpected argument %q (all inputs are flags; see onset pk -h)", fs.Arg(0))
	}
	q.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { q.set[f.Name] = true })

	r, err := q.regimen()
	if err != nil {
		return fail(e, exitUsage, "pk: %s", clinic.ErrorMessage(err))
	}
	w := bufio.NewWriter(e.stdout)
	switch {
	case q.params:
		err = writePKParams(w, r)
	case q.summary:
		err = writePKSummary(w, r.Summary(), q.asJSON)
	default:
		err = writePKCurve(w, r.Curve(q.hours, q.stepMin))
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return fail(e, exitFailure, "pk: writing output: %v", err)
	}
	return exitOK
}

// regimen checks the flags against each other and builds the regimen.
func (q *pkRequest) regimen() (pk.Regimen, error) {
	bad := func(format string, args ...any) (pk.Regimen, error) {
		return pk.Regimen{}, clinic.Errorf(clinic.Invalid, format, args...)
	}
	if !q.set["route"] {
		return bad("--route is required (%s)", routeList())
	}
	route, err := pk.ParseRoute(q.routeName)
	if err != nil {
		return pk.Regimen{}, err
	}
	switch {
	case q.summary && q.params:
		return bad("use --summary or --params, not both")
	case q.asJSON && !q.summary && !q.params:
		return bad("the curve is printed as CSV; --json goes with --summary or --params")
	case !finite(q.hours) || q.hours <= 0 || q.hours > pkMaxHours:
		return bad("--hours must be more than 0 and at most %d, got %g", pkMaxHours, q.hours)
	case !finite(q.stepMin) || q.stepMin <= 0:
		return bad("--step-min must be positive, got %g", q.stepMin)
	case q.hours*60/q.stepMin+1 > pkMaxPoints:
		return bad("%g h every %g min is more than %d points; raise --step-min or lower --hours", q.hours, q.stepMin, pkMaxPoints)
	case q.set["weight-kg"] && clinic.WeightKg.Check("--weight-kg", q.weightKg) != nil:
		return pk.Regimen{}, clinic.WeightKg.Check("--weight-kg", q.weightKg)
	case q.set["infusion-min"] && route != pk.IV:
		return bad("--infusion-min applies only to --route iv")
	case q.set["devices"] && route != pk.EsketamineSpray:
		return bad("--devices applies only to --route esketamine")
	}
	if route == pk.EsketamineSpray {
		return q.esketamine()
	}

	switch {
	case q.set["dose-mg"] && q.set["dose-mg-per-kg"]:
		return bad("give --dose-mg or --dose-mg-per-kg, not both")
	case !q.set["dose-mg"] && !q.set["dose-mg-per-kg"]:
		return bad("give the dose with --dose-mg or --dose-mg-per-kg")
	case !q.set["weight-kg"] && q.set["dose-mg-per-kg"]:
		return bad("--dose-mg-per-kg needs --weight-kg")
	case !q.set["weight-kg"]:
		return bad("--weight-kg is required: the ketamine model's volumes and clearance scale with weight")
	}
	mg := q.doseMg
	if q.set["dose-mg-per-kg"] {
		if err := clinic.MgPerKg.Check("--dose-mg-per-kg", q.doseMgKg); err != nil {
			return pk.Regimen{}, err
		}
		mg = q.doseMgKg * q.weightKg
	} else if !finite(mg) || mg <= 0 {
		return bad("--dose-mg must be a positive number, got %g", mg)
	}
	m, err := pk.RacemicModel(q.model, q.weightKg)
	if err != nil {
		return pk.Regimen{}, err
	}
	d := pk.Dose{Route: route, Mg: mg}
	if route == pk.IV {
		if !finite(q.infusionMin) || q.infusionMin < 0 {
			return bad("--infusion-min must be 0 (bolus) or positive, got %g", q.infusionMin)
		}
		d.DurationMin = q.infusionMin
	}
	return pk.NewRegimen(m, d)
}

// esketamine builds a Spravato session: N devices, or a dose in mg that is
// a multiple of 28.
func (q *pkRequest) esketamine() (pk.Regimen, error) {
	bad := func(format string, args ...any) (pk.Regimen, error) {
		return pk.Regimen{}, clinic.Errorf(clinic.Invalid, format, args...)
	}
	switch {
	case q.set["model"]:
		return bad("--model applies to racemic ketamine; esketamine uses its label-derived model")
	case q.set["dose-mg-per-kg"]:
		return bad("esketamine is dosed in 28 mg devices, not per kg: use --devices or --dose-mg")
	case !q.set["devices"] && !q.set["dose-mg"]:
		return bad("give the esketamine dose with --devices (1-%d) or --dose-mg (28, 56 or 84)", pk.MaxEsketamineDevices)
	case q.set["devices"] && q.devices <= 0:
		return bad("--devices must be a positive number of 28 mg devices, got %d", q.devices)
	case q.set["dose-mg"] && (!finite(q.doseMg) || q.doseMg <= 0):
		return bad("--dose-mg must be a positive number, got %g", q.doseMg)
	}
	return pk.NewRegimen(pk.EsketamineModel(), pk.Dose{Route: pk.EsketamineSpray, Mg: q.doseMg, Devices: q.devices})
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func writePKCurve(w *bufio.Writer, pts []pk.Point) error {
	w.WriteString("minute,ketamine_ng_per_ml\n")
	var buf []byte
	for _, p := range pts {
		// Round the minute so a 0.1-min step prints 0.3, not 0.30000000000000004.
		buf = strconv.AppendFloat(buf[:0], math.Round(p.Min*1e6)/1e6, 'f', -1, 64)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, p.NgPerML, 'f', 4, 64)
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// pkSummary is the --summary output; its field names are a published interface.
type pkSummary struct {
	CmaxNgPerML       float64 `json:"cmax_ng_per_ml"`
	TmaxMin           float64 `json:"tmax_min"`
	AUCNgHPerML       float64 `json:"auc_ng_h_per_ml"`
	TerminalHalfLifeH float64 `json:"terminal_half_life_h"`
	Below5PctOfPeakH  float64 `json:"below_5pct_of_peak_h"`
}

func writePKSummary(w io.Writer, s pk.Summary, asJSON bool) error {
	out := pkSummary{s.CmaxNgPerML, s.TmaxMin, s.AUCNgHPerML, s.TerminalHalfLifeH, s.Below5PctOfPeakH}
	if asJSON {
		return json.NewEncoder(w).Encode(out)
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	_, err := fmt.Fprintf(w, "cmax_ng_per_ml,tmax_min,auc_ng_h_per_ml,terminal_half_life_h,below_5pct_of_peak_h\n%s,%s,%s,%s,%s\n",
		f(out.CmaxNgPerML), f(out.TmaxMin), f(out.AUCNgHPerML), f(out.TerminalHalfLifeH), f(out.Below5PctOfPeakH))
	return err
}

// pkParams is everything needed to re-solve the model with another solver.
type pkParams struct {
	Drug              string             `json:"drug"`
	Model             string             `json:"model"`
	Route             string             `json:"route"`
	WeightKg          float64            `json:"weight_kg,omitempty"`
	Compartments      int                `json:"compartments"`
	VolumesL          map[string]float64 `json:"volumes_l"`
	RateConstants     map[string]float64 `json:"rate_constants_per_min"`
	ClearanceLPerMin  float64            `json:"clearance_l_per_min"`
	AbsorptionPerMin  float64            `json:"absorption_rate_per_min"`
	Bioavailability   float64            `json:"bioavailability"`
	LagMin            float64            `json:"lag_min"`
	TmaxPublishedMin  [2]float64         `json:"tmax_published_min"`
	Inputs            []pkInput          `json:"inputs"`
	Equations         string             `json:"equations"`
	ConcentrationUnit string             `json:"concentration_unit"`
	Sources           []string           `json:"sources"`
}

type pkInput struct {
	Mg          float64 `json:"mg"`
	StartMin    float64 `json:"start_min"`
	DurationMin float64 `json:"duration_min"`
}

const pkEquations = "A in mg, t in min. Absorbed routes: each input puts F*mg in its own depot D at start_min+lag_min, dD/dt = -ka*D. " +
	"IV: a bolus (duration_min 0) adds mg to A1 at start_min; an infusion adds mg/duration_min per min to A1 for duration_min. " +
	"dA1/dt = ka*sum(D) + infusion - (k10+k12+k13)*A1 + k21*A2 + k31*A3; dA2/dt = k12*A1 - k21*A2; dA3/dt = k13*A1 - k31*A3. " +
	"Concentration (ng/mL) = 1000*A1/v1."

func writePKParams(w io.Writer, r pk.Regimen) error {
	m := r.Model()
	inputs := r.Inputs()
	abs := inputs[0].Absorption
	p := pkParams{
		Drug:              string(m.Drug),
		Model:             m.Name,
		Route:             string(inputs[0].Route),
		WeightKg:          m.WeightKg,
		Compartments:      m.Compartments(),
		VolumesL:          map[string]float64{"v1": m.V1},
		RateConstants:     map[string]float64{"k10": m.K10},
		ClearanceLPerMin:  m.Clearance(),
		AbsorptionPerMin:  abs.Ka,
		Bioavailability:   abs.F,
		LagMin:            abs.LagMin,
		TmaxPublishedMin:  abs.TmaxMin,
		Equations:         pkEquations,
		ConcentrationUnit: "ng/mL",
		Sources:           append(append([]string(nil), m.Sources...), abs.Sources...),
	}
	if m.Compartments() >= 2 {
		p.VolumesL["v2"], p.RateConstants["k12"], p.RateConstants["k21"] = m.V2(), m.K12, m.K21
	}
	if m.Compartments() == 3 {
		p.VolumesL["v3"], p.RateConstants["k13"], p.RateConstants["k31"] = m.V3(), m.K13, m.K31
	}
	for _, in := range inputs {
		p.Inputs = append(p.Inputs, pkInput{Mg: in.Mg, StartMin: in.StartMin, DurationMin: in.DurationMin})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// routeList is for messages.
func routeList() string {
	names := make([]string, 0, len(pk.Routes()))
	for _, r := range pk.Routes() {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}
