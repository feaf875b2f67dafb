package demo

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/patients"
	"onset/internal/service/plans"
	"onset/internal/service/signoff"
)

// templateForRoute is the built-in protocol template a plan on each route
// is made from (internal/protocol templates.go).
var templateForRoute = map[clinic.Route]string{
	clinic.RouteIV:         "iv-ketamine-induction",
	clinic.RouteEsketamine: "esketamine-trd",
	clinic.RouteIM:         "im-ketamine",
	clinic.RouteSublingual: "sublingual-ketamine",
	clinic.RouteOral:       "oral-ketamine",
}

// demoMedications are the current medications intakes draw from: mostly
// antidepressants (recognized, not flagged), some that the screening
// flags for review (a benzodiazepine, lamotrigine, a stimulant) and one it
// does not know (returned for review).
var demoMedications = [][]string{
	{"sertraline 100 mg"}, {"escitalopram 10 mg"}, {"bupropion XL 300 mg"}, nil, {"venlafaxine 150 mg", "lorazepam 0.5 mg as needed"},
	{"duloxetine 60 mg"}, {"lamotrigine 100 mg"}, {"mirtazapine 15 mg"}, {"fluoxetine 20 mg", "levothyroxine 50 mcg"},
	{"Adderall XR 20 mg"}, nil, {"trazodone 50 mg"},
}

func medications(p *patient) []string { return demoMedications[p.index%len(demoMedications)] }

// excludedIntake is which intake (in the order they are recorded) finds a
// blood pressure that excludes treatment, so that the demo shows a
// clinician's override; every other intake is eligible.
const excludedIntake = 3

// recordIntake has a nurse record the patient's intake, screened by the
// product. An exclusion is reviewed by the prescriber, who overrides it
// with a reason after a recheck. The first patient has none: their portal
// shows the intake form.
func (s *sim) recordIntake(p *patient, weightKg float64) error {
	if p.intake || p.index == 0 {
		return nil
	}
	n := s.intakes
	s.intakes++
	i := p.index
	sys, dia := 112+(i*5)%27, 70+(i*3)%17
	if n == excludedIntake {
		sys, dia = 184, 112
	}
	conds := make([]string, len(p.Conditions))
	for j, c := range p.Conditions {
		conds[j] = string(c)
	}
	pregnant := "no"
	if p.Sex == "male" {
		pregnant = ""
	}
	in, err := s.svc.RecordIntake(s.ctx, s.nurse(p), p.id, patients.IntakeInput{
		WeightKg: strconv.FormatFloat(weightKg, 'f', 1, 64), HeightCm: strconv.Itoa(155 + (i*7)%35),
		Conditions: conds, Medications: strings.Join(medications(p), "\n"), PsychosisHistory: i%23 == 5,
		Pregnant: pregnant, Systolic: strconv.Itoa(sys), Diastolic: strconv.Itoa(dia), HeartRate: strconv.Itoa(62 + (i*4)%30),
		ConsentName: p.Name(), ConsentAgreed: true, ConsentVersion: record.ConsentVersion, Factors: intakeFactors(p)})
	if err != nil {
		return s.refused(fmt.Sprintf("intake of patient %d", p.id), err)
	}
	p.intake = true
	if len(in.Excludes()) == 0 {
		return nil
	}
	s.at(s.clock.Now().Add(40*time.Minute), func() error {
		_, err := s.svc.OverrideScreening(s.ctx, p.prescriber, p.id, in.ID,
			"Rechecked after 10 minutes' rest: 146/92. Antihypertensive started by the GP; treat with BP checked before each dose.")
		return s.refused(fmt.Sprintf("override of patient %d's screening", p.id), err)
	})
	return nil
}

// planInput is the plan for course c of patient p from day on: the
// route's template at the patient's weight, on the weekdays its sessions
// fall on (Monday, Wednesday and Friday when they give fewer than two).
func planInput(route clinic.Route, weightKg float64, day time.Time, weekdays []time.Weekday) plans.PlanInput {
	if len(weekdays) < 2 {
		weekdays = []time.Weekday{time.Monday, time.Wednesday, time.Friday}
	}
	in := plans.PlanInput{TemplateID: templateForRoute[route], WeightKg: weightKg, Start: day.Format(time.DateOnly),
		Weekdays: weekdays}
	switch route {
	case clinic.RouteIV:
		in.ConcentrationMgPerML, in.DiluentML = 10, 100 // 10 mg/mL into a 100 mL bag of 0.9% NaCl
	case clinic.RouteIM:
		in.ConcentrationMgPerML = 50
	}
	return in
}

// weekdaysOf lists the weekdays of times, in order.
func weekdaysOf(ts []time.Time) []time.Weekday {
	var out []time.Weekday
	for _, t := range ts {
		if !slices.Contains(out, t.Weekday()) {
			out = append(out, t.Weekday())
		}
	}
	slices.Sort(out)
	return out
}

// draftPlan has the prescriber draft a new plan; a template that cannot
// keep its spacing on the course's weekdays is tried on Monday to Friday.
func (s *sim) draftPlan(p *patient, in plans.PlanInput) (record.Plan, error) {
	plan, err := s.svc.CreatePlan(s.ctx, p.prescriber, p.id, in)
	if clinic.ErrorCode(err) == clinic.Invalid {
		in.Weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
		plan, err = s.svc.CreatePlan(s.ctx, p.prescriber, p.id, in)
	}
	return plan, err
}

// signPlan has the prescriber sign a draft, which is then the plan in force.
func (s *sim) signPlan(p *patient, draft record.Plan) error {
	plan, err := s.svc.SignPlan(s.ctx, p.prescriber, p.id, draft.ID)
	if err != nil {
		return s.refused(fmt.Sprintf("signing patient %d's plan", p.id), err)
	}
	p.plan, p.open = plan, len(plan.Sessions)
	return nil
}

// amendPlan is the prescriber continuing a course past its plan's
// sessions (maintenance, or repeated single doses): an amendment from day
// on, signed at once.
func (s *sim) amendPlan(p *patient, day time.Time) error {
	in := planInput(p.plan.Route, p.plan.WeightKg, date(day), p.plan.Weekdays)
	in.ConcentrationMgPerML, in.DiluentML = p.plan.ConcentrationMgPerML, p.plan.DiluentML
	draft, err := s.svc.AmendPlan(s.ctx, p.prescriber, p.id, p.plan.ID, in,
		"Course continues past the planned sessions: further sessions at the same dose.")
	if err != nil {
		return s.refused(fmt.Sprintf("amending patient %d's plan", p.id), err)
	}
	return s.signPlan(p, draft)
}

// enrolREMS records the patient's Spravato REMS enrolment (required
// before an esketamine session is booked or checked in).
func (s *sim) enrolREMS(p *patient) error {
	if p.rems {
		return nil
	}
	_, err := s.svc.RecordREMSEnrolment(s.ctx, s.nurse(p), p.id, signoff.REMSEnrolmentInput{Enrolled: "yes",
		EnrolledOn: s.clock.Now().Format(time.DateOnly), REMSPatientID: fmt.Sprintf("DEMO-%06d", 100000+p.index)})
	if err != nil {
		return s.refused(fmt.Sprintf("REMS enrolment of patient %d", p.id), err)
	}
	p.rems = true
	return nil
}

// startCare plans what comes before a course's sessions in the window: an
// intake, the prescriber's plan, signed, and the REMS enrolment for
// esketamine. It is at the set-up for a course already under way, else
// nine days before its first session.
func (s *sim) startCare(p *patient, route clinic.Route, vs []*visit) {
	first := vs[0]
	at := date(first.at).AddDate(0, 0, -9).Add(10 * time.Hour)
	signAfter := 5 * time.Hour
	if !at.After(s.start) {
		at, signAfter = s.start.Add(time.Hour), 30*time.Minute
	}
	times := make([]time.Time, len(vs))
	for i, v := range vs {
		times[i] = v.at
	}
	in := planInput(route, round1(first.weightKg), date(first.at), weekdaysOf(times))
	var draft record.Plan
	s.at(at, func() error {
		if err := s.recordIntake(p, in.WeightKg); err != nil {
			return err
		}
		var err error
		draft, err = s.draftPlan(p, in)
		return s.refused(fmt.Sprintf("drafting patient %d's plan", p.id), err)
	})
	s.at(at.Add(signAfter), func() error {
		if draft.ID == 0 {
			return nil
		}
		if err := s.signPlan(p, draft); err != nil || route != clinic.RouteEsketamine {
			return err
		}
		return s.enrolREMS(p)
	})
}

// nurse is the nurse who looks after a patient's paperwork.
func (s *sim) nurse(p *patient) service.Actor { return s.nurses[p.index%len(s.nurses)] }

// floor1 rounds down to one decimal, so a dose never rounds above a ceiling.
func floor1(x float64) float64 { return math.Floor(x*10+1e-9) / 10 }
