package cohort

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/scales"
	"onset/internal/service"
)

// "Patients like you" (issue 15): the Cox model's predicted share of a
// patient's kind of course responding by 24 h, 7 and 28 days — R's
// survfit on a coxph fit, for this patient's factors — beside the
// Kaplan–Meier of comparable courses, from this clinic's past courses.

// MinModelCourses is the fewest courses a patient's estimate is fitted on
// (clinic default: fewer give intervals too wide to say anything).
const MinModelCourses = 30

// currentCourse is how long after its T0 a course is still the one a
// plan's estimate describes: the last readout, 28 days + 3.
const currentCourse = 31 * 24 * time.Hour

// likeYouCandidates are the factors a patient's estimate may adjust for,
// in the order they are tried: each is used when the patient has it, it
// varies among the clinic's courses and at least MinModelCourses of them
// record it; the last are dropped first while the model has fewer than
// outcomes.MinEventsPerParameter responses per effect.
var likeYouCandidates = []string{"route", "baseline", "therapy", "failed_trials", "years_ill", "anxiety", "benzodiazepine_mg"}

// LikeYouAt is the predicted share responded by one readout, with its 95%
// interval, in whole percent.
type LikeYouAt struct {
	Label, Window     string // "24 h", "4 h"
	Pct, Lower, Upper int
	Share, Low, High  float64
}

// LikeYou is a patient's estimate.
type LikeYou struct {
	Enough     bool   // shown: the model and its counts are sufficient
	Reason     string // why not, in plain words
	Instrument string
	Courses    int      // courses the model was fitted on
	Events     int      // responses among them
	Factors    []string // this patient's factors the model used, in words
	Predicted  []LikeYouAt
	// Comparable is the Kaplan–Meier of the clinic's courses of the same
	// route and condition (its own minimum applies: Enough).
	Comparable *service.ClinicResponse
}

// PatientLikeYou estimates how soon a patient's course may respond, from
// the clinic's past courses. route names the planned route when the
// patient has no course yet ("" for the latest course's). Patients see
// their own; staff who may open "what to expect" see any. Audited as a
// read of the patient's record.
func (s *Service) PatientLikeYou(ctx context.Context, a service.Actor, patientID int64, route clinic.Route) (LikeYou, error) {
	if err := service.AuthorizePatient(a, service.ActExpect, patientID); err != nil {
		return LikeYou{}, err
	}
	read := s.store.Read()
	p, err := read.Patient(ctx, a.ClinicID, patientID)
	if err != nil {
		return LikeYou{}, clinic.Wrap(err, "Could not load the patient.")
	}
	courses, err := read.Courses(ctx, a.ClinicID, patientID)
	if err != nil {
		return LikeYou{}, clinic.Wrap(err, "Could not load the patient's courses.")
	}
	out, err := s.likeYou(ctx, a.ClinicID, p, courses, route)
	if err != nil {
		return out, err
	}
	e := s.Entry(a, service.ActExpect, patientID)
	e.RecordType, e.RecordID = "outcome estimate", patientID
	return out, s.AuditRead(ctx, e)
}

func (s *Service) likeYou(ctx context.Context, clinicID int64, p clinic.Patient, courses []clinic.Course, route clinic.Route) (LikeYou, error) {
	cond, ok := clinic.TreatedCondition(courses, p)
	if !ok {
		return LikeYou{Reason: "The estimate appears once the condition treated is recorded."}, nil
	}
	inst, ok := scales.Lookup(scales.PrimaryFor(cond))
	if !ok || inst.ResponseDropPct <= 0 {
		return LikeYou{Reason: "This condition's questionnaire has no response rule."}, nil
	}
	out := LikeYou{Instrument: inst.Name}
	snap, err := s.likeYouSnapshot(ctx, clinicID, inst, likeYouWait)
	if errors.Is(err, errPreparing) {
		out.Reason = "The estimate is being prepared from this clinic's past patients; it appears here in a minute or two."
		return out, nil
	}
	if err != nil {
		return out, err
	}
	rows := snap.rows
	// The patient's course: the latest, or the one planned.
	var mine *outcomes.CourseRow
	for i := range rows {
		if rows[i].PatientID == p.ID && (mine == nil || rows[i].T0.After(mine.T0)) {
			mine = &rows[i]
		}
	}
	// A plan on another route, or after a course that is over (past its
	// last readout), is a new course: only what is known before it counts.
	planned := mine == nil || (route != "" && (mine.Facts.Route != route || s.Now().Sub(mine.T0) > currentCourse))
	if planned {
		next := outcomes.CourseRow{PatientID: p.ID, T0: s.Now(), Facts: outcomes.Facts{Route: route, Condition: cond, Age: -1}}
		if mine != nil && route == "" {
			next.Facts.Route = mine.Facts.Route
		}
		mine = &next
	}
	if mine.Facts.Route == "" {
		return out, nil
	}
	if out.Comparable, err = responseFiguresOf(rows, inst, mine.Facts.Route, cond); err != nil {
		return out, err
	}
	own, ok := snap.factors[mine.CourseID]
	if !ok || mine.CourseID == 0 {
		own = outcomes.FactorsOf([]outcomes.CourseRow{*mine}, snap.src)[mine.CourseID]
	}
	var covs []outcomes.ModelCovariate
	for _, name := range likeYouCandidates {
		c, _ := outcomes.LookupModelCovariate(name)
		if planned && name == "therapy" { // not known before the course
			continue
		}
		probe := outcomes.CohortModel{Covariates: []outcomes.ModelCovariate{c}}
		if _, missing := probe.Profile(*mine, own); len(missing) > 0 {
			continue
		}
		if snap.usable[name] {
			covs = append(covs, c)
		}
	}
	for ; len(covs) > 0; covs = covs[:len(covs)-1] {
		m := snap.model(covs)
		if m == nil {
			continue
		}
		prof, _ := m.Profile(*mine, own)
		curve, err := m.Fit.Predict(prof)
		if err != nil {
			continue
		}
		out.Enough, out.Courses, out.Events = true, m.Fit.N, m.Fit.Events
		for _, c := range covs {
			out.Factors = append(out.Factors, factorWords(c, prof, inst.Name))
		}
		for _, r := range expectReadouts {
			pt := curve.At(r.At())
			at := LikeYouAt{Label: r.Label, Window: r.WindowLabel, Share: 1 - pt.Surv, Low: 1 - pt.Upper, High: 1 - pt.Lower}
			at.Pct, at.Lower, at.Upper = int(math.Round(100*at.Share)), int(math.Round(100*at.Low)), int(math.Round(100*at.High))
			out.Predicted = append(out.Predicted, at)
		}
		return out, nil
	}
	out.Reason = fmt.Sprintf("The clinic needs at least %d past courses with a response measured, and %d responses for each factor, before it can estimate this; it will appear as more patients are treated.", MinModelCourses, outcomes.MinEventsPerParameter)
	return out, nil
}

// routeWords name the routes in plain words.
var routeWords = map[clinic.Route]string{
	clinic.RouteIV: "IV infusion", clinic.RouteIM: "injection into a muscle (IM)",
	clinic.RouteEsketamine: "esketamine nasal spray", clinic.RouteSublingual: "ketamine under the tongue",
	clinic.RouteOral: "ketamine by mouth",
}

// factorWords says a patient's factor in plain words.
func factorWords(c outcomes.ModelCovariate, p outcomes.CoxProfile, instrument string) string {
	if lv, ok := p.Levels[c.Name]; ok {
		switch c.Name {
		case "route":
			if w, ok := routeWords[clinic.Route(lv)]; ok {
				return "treatment by " + w
			}
			return "treatment by " + lv
		case "therapy":
			if lv == "yes" {
				return "with psychotherapy"
			}
			return "without psychotherapy"
		}
		if lv == "yes" {
			return c.About
		}
		return "no " + c.About
	}
	v := p.Numbers[c.Name]
	switch c.Name {
	case "baseline":
		return fmt.Sprintf("a %s score of %g at the start", instrument, v)
	case "failed_trials":
		return fmt.Sprintf("%g antidepressant trial%s failed in this episode", v, map[bool]string{true: "", false: "s"}[v == 1])
	case "years_ill":
		return fmt.Sprintf("%g year%s since the condition began", v, map[bool]string{true: "", false: "s"}[v == 1])
	case "benzodiazepine_mg":
		return fmt.Sprintf("benzodiazepine %g mg a day (diazepam equivalents)", v)
	}
	return fmt.Sprintf("%s %g", c.Name, v)
}
