package plans

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"onset/internal/clinic"
	"onset/internal/pk"
	"onset/internal/record"
	"onset/internal/service"
)

// planEstimates models each distinct planned dose (at most three: the
// first dose and the doses later phases change to).
func planEstimates(p record.Plan) ([]pk.ConcentrationEstimate, error) {
	var out []pk.ConcentrationEstimate
	seen := map[float64]bool{}
	for _, s := range p.Sessions {
		if seen[s.DoseMg] || len(out) == 3 {
			continue
		}
		seen[s.DoseMg] = true
		label := fmt.Sprintf("%s mg %s", strconv.FormatFloat(s.DoseMg, 'f', -1, 64), s.Route)
		if s.Route == clinic.RouteIV {
			label += fmt.Sprintf(" over %d min", s.DurationMin)
		}
		label += fmt.Sprintf(" (session %d)", s.Number)
		e, err := pk.EstimateDose(label, s.Route, s.DoseMg, p.WeightKg, s.DurationMin, s.Devices)
		if err != nil {
			return nil, clinic.Wrap(err, "Could not model the planned dose.")
		}
		out = append(out, e)
	}
	return pk.SameWindow(out)
}

// PKComparison is one patient's expected curves at two IV doses and by
// three routes at the same mg/kg.
type PKComparison struct {
	Patient    clinic.Patient
	WeightKg   float64
	WeightFrom string // where the weight came from, for the page
	ByDose     []pk.ConcentrationEstimate
	ByRoute    []pk.ConcentrationEstimate
}

// Comparison doses (clinical-reference §1.1, §1.2, §1.6): 0.5 mg/kg over
// 40 min is the standard infusion, 0.75 mg/kg the first titration step
// (Cusin 2017); IM and sublingual at the same 0.5 mg/kg show what the
// route's bioavailability and absorption do to the same dose.
const (
	compareStdMgPerKg  = 0.5
	compareHighMgPerKg = 0.75
	compareInfusionMin = 40
)

// ComparePK models the patient at 0.5 vs 0.75 mg/kg IV, and IV vs IM vs
// sublingual at 0.5 mg/kg. weightKg 0 takes the weight from the patient's
// newest plan, else their last recorded dose.
func (s *Service) ComparePK(ctx context.Context, a service.Actor, patientID int64, weightKg float64) (PKComparison, error) {
	if err := service.AuthorizePatient(a, service.ActPKCompare, patientID); err != nil {
		return PKComparison{}, err
	}
	r := s.store.Read()
	var c PKComparison
	var err error
	if c.Patient, err = r.Patient(ctx, a.ClinicID, patientID); err != nil {
		return c, clinic.Wrap(err, "Could not load the patient.")
	}
	c.WeightKg, c.WeightFrom = weightKg, "entered"
	if weightKg == 0 {
		plans, err := r.Plans(ctx, a.ClinicID, patientID)
		if err != nil {
			return c, clinic.Wrap(err, "Could not load the treatment plans.")
		}
		if n := len(plans); n > 0 {
			c.WeightKg, c.WeightFrom = plans[n-1].WeightKg, "the newest treatment plan"
		} else {
			given, err := r.Administrations(ctx, a.ClinicID, patientID)
			if err != nil {
				return c, clinic.Wrap(err, "Could not load the patient's treatments.")
			}
			if n := len(given); n > 0 && given[n-1].WeightKg > 0 {
				c.WeightKg, c.WeightFrom = given[n-1].WeightKg, "the last recorded treatment"
			}
		}
	}
	if c.WeightKg == 0 {
		return c, clinic.Errorf(clinic.Invalid, "No weight is on record for this patient: enter one.")
	}
	if err := clinic.WeightKg.Check("the weight", c.WeightKg); err != nil {
		return c, err
	}
	mg := func(perKg float64) float64 { return math.Round(perKg*c.WeightKg*10) / 10 }
	type spec struct {
		label  string
		route  clinic.Route
		perKg  float64
		infMin int
	}
	build := func(specs []spec) ([]pk.ConcentrationEstimate, error) {
		var out []pk.ConcentrationEstimate
		for _, sp := range specs {
			e, err := pk.EstimateDose(sp.label, sp.route, mg(sp.perKg), c.WeightKg, sp.infMin, 0)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return pk.SameWindow(out)
	}
	if c.ByDose, err = build([]spec{
		{"IV 0.5 mg/kg over 40 min", clinic.RouteIV, compareStdMgPerKg, compareInfusionMin},
		{"IV 0.75 mg/kg over 40 min", clinic.RouteIV, compareHighMgPerKg, compareInfusionMin},
	}); err != nil {
		return c, clinic.Wrap(err, "Could not model the doses.")
	}
	if c.ByRoute, err = build([]spec{
		{"IV 0.5 mg/kg over 40 min", clinic.RouteIV, compareStdMgPerKg, compareInfusionMin},
		{"IM 0.5 mg/kg", clinic.RouteIM, compareStdMgPerKg, 0},
		{"Sublingual 0.5 mg/kg", clinic.RouteSublingual, compareStdMgPerKg, 0},
	}); err != nil {
		return c, clinic.Wrap(err, "Could not model the routes.")
	}
	e := s.Entry(a, service.ActPKCompare, patientID)
	e.RecordType, e.RecordID = "patient", patientID
	return c, s.AuditRead(ctx, e)
}

// Expectation is the plain-language "what to expect and when" for the
// patient's plan in force.
type Expectation struct {
	Patient  clinic.Patient
	Plan     *record.Plan // nil: no signed plan yet
	Estimate pk.ConcentrationEstimate
	// Plain figures for people, rounded the way a person says them.
	PeakAfterMin   int     // minutes after the start of the session
	MostGoneAfterH float64 // hours after the start until below 5% of the peak, to the half hour
	MonitorMin     int     // how long the clinic watches after the dose
	Sessions       int
	FirstDay       string
	// Clinic is what this clinic's own courses like the patient's say about
	// when people first feel better; nil when the plan's condition is unknown.
	Clinic *service.ClinicResponse
}

// Expect returns what the patient can expect from their signed plan's
// first dose. Patients see only their own; staff may open it to go
// through it with them.
func (s *Service) Expect(ctx context.Context, a service.Actor, patientID int64) (Expectation, error) {
	if err := service.AuthorizePatient(a, service.ActExpect, patientID); err != nil {
		return Expectation{}, err
	}
	var x Expectation
	var err error
	if x.Patient, err = s.store.Read().Patient(ctx, a.ClinicID, patientID); err != nil {
		return x, clinic.Wrap(err, "Could not load the patient.")
	}
	e := s.Entry(a, service.ActExpect, patientID)
	e.RecordType, e.RecordID = "patient", patientID
	p, err := s.signedPlan(ctx, a, patientID)
	switch {
	case clinic.ErrorCode(err) == clinic.NotFound:
		return x, s.AuditRead(ctx, e)
	case err != nil:
		return x, err
	}
	x.Plan = &p
	if len(p.Sessions) > 0 {
		first := p.Sessions[0]
		if x.Estimate, err = pk.EstimateDose("Your first session", first.Route, first.DoseMg, p.WeightKg, first.DurationMin, first.Devices); err != nil {
			return x, clinic.Wrap(err, "Could not model the planned dose.")
		}
		x.PeakAfterMin = int(math.Round(x.Estimate.Summary.TmaxMin/5) * 5)
		x.MostGoneAfterH = math.Ceil(x.Estimate.Summary.Below5PctOfPeakH*2) / 2
		// The page never promises less monitoring than the clinic's own
		// discharge rule: the plan's figure or the rule, whichever is longer.
		x.MonitorMin = first.MonitorMin
		if rules, err := service.SessionRulesIn(ctx, s.store.Read(), a.ClinicID); err == nil {
			if d, _ := rules.Discharge.Minimum(first.Route); int(d/time.Minute) > x.MonitorMin {
				x.MonitorMin = int(d / time.Minute)
			}
		}
		x.FirstDay = first.Date.Format("Monday 2 January 2006")
	}
	x.Sessions = len(p.Sessions)
	courses, err := s.store.Read().Courses(ctx, a.ClinicID, patientID)
	if err != nil {
		return x, clinic.Wrap(err, "Could not load the patient's courses.")
	}
	if cond, ok := clinic.TreatedCondition(courses, x.Patient); ok {
		if x.Clinic, err = s.figures.ResponseFigures(ctx, a.ClinicID, p.Route, cond); err != nil {
			return x, err
		}
	}
	e.RecordType, e.RecordID = "treatment_plan", p.ID
	return x, s.AuditRead(ctx, e)
}
