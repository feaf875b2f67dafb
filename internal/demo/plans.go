package demo

import (
	"slices"
	"time"

	"onset/internal/clinic"
)

// PlanSpec is a signed treatment plan for the demo: patient
// Patients[PatientIndex], from the protocol template TemplateID, starting
// on the day their latest course started, on the weekdays it was given.
type PlanSpec struct {
	PatientIndex         int
	CourseIndex          int
	TemplateID           string
	WeightKg             float64
	Start                time.Time
	Weekdays             []time.Weekday
	ConcentrationMgPerML float64 // IV and IM
	DiluentML            float64 // IV
}

// templateForRoute is the built-in protocol template for each route
// (internal/protocol templates.go).
var templateForRoute = map[clinic.Route]string{
	clinic.RouteIV:         "iv-ketamine-induction",
	clinic.RouteEsketamine: "esketamine-trd",
	clinic.RouteIM:         "im-ketamine",
	clinic.RouteSublingual: "sublingual-ketamine",
	clinic.RouteOral:       "oral-ketamine",
}

// PortalPatients is how many of the first patients have portal accounts in
// the demo; each gets a plan for their latest course so that the patient
// pages have something to show.
const PortalPatients = 3

// demoPlansPerRoute is how many other patients get a signed IV plan and a
// signed esketamine plan.
const demoPlansPerRoute = 3

// Plans chooses the demo's signed plans: the portal patients' latest
// courses, and the latest courses of the first few other IV and
// esketamine patients. Weight is the course's first recorded weight.
func Plans(c Clinic) []PlanSpec {
	latest := map[int]int{} // patient → latest course index
	for i, co := range c.Courses {
		if j, ok := latest[co.PatientIndex]; !ok || co.StartedAt.After(c.Courses[j].StartedAt) {
			latest[co.PatientIndex] = i
		}
	}
	weight := map[int]float64{}
	days := map[int][]time.Weekday{}
	for _, a := range c.Administrations {
		if _, ok := weight[a.CourseIndex]; !ok {
			weight[a.CourseIndex] = a.WeightKg
		}
		if wd := a.GivenAt.Weekday(); !slices.Contains(days[a.CourseIndex], wd) {
			days[a.CourseIndex] = append(days[a.CourseIndex], wd)
		}
	}
	perRoute := map[clinic.Route]int{}
	var out []PlanSpec
	for p := range c.Patients {
		ci, ok := latest[p]
		if !ok || weight[ci] == 0 {
			continue
		}
		co := c.Courses[ci]
		route := co.Route
		portal := p < PortalPatients
		if !portal && ((route != clinic.RouteIV && route != clinic.RouteEsketamine) || perRoute[route] >= demoPlansPerRoute) {
			continue
		}
		if !portal {
			perRoute[route]++
		}
		wds := slices.Clone(days[ci])
		if len(wds) < 2 { // too few to schedule a series on: the usual Monday, Wednesday, Friday
			wds = []time.Weekday{time.Monday, time.Wednesday, time.Friday}
		}
		slices.Sort(wds)
		s := PlanSpec{PatientIndex: p, CourseIndex: ci, TemplateID: templateForRoute[route], WeightKg: weight[ci],
			Start: co.StartedAt, Weekdays: wds}
		switch route {
		case clinic.RouteIV:
			s.ConcentrationMgPerML, s.DiluentML = 10, 100 // 10 mg/mL into a 100 mL bag of 0.9% NaCl
		case clinic.RouteIM:
			s.ConcentrationMgPerML = 50
		}
		out = append(out, s)
	}
	return out
}
