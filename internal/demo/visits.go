package demo

import (
	"slices"
	"time"

	"onset/internal/clinic"
)

// visit is a treatment session the generated clinic wants: given in the
// live weeks, or planned for the days after today (upcoming) and only
// booked.
type visit struct {
	p        *patient
	course   int // index in c.Courses
	at       time.Time
	doseMg   float64 // as generated; the session doses from the signed plan
	weightKg float64
	route    clinic.Route
	upcoming bool

	withAlert bool // its vital signs raise a blood pressure alert
	formLeft  bool // esketamine: its REMS form is left to complete
}

// sessionSpan is the longest a session takes from check-in to discharge;
// a session that would not end by today's now is not started.
const sessionSpan = 3 * time.Hour

// visits lists the generated sessions from the go-live on, in time order.
// The first patient's are left out: their portal shows a patient about to
// start a new course (finalWeek).
func (s *sim) visits() []*visit {
	var out []*visit
	add := func(a Administration, upcoming bool) {
		if a.PatientIndex == 0 || a.GivenAt.Before(s.start) {
			return
		}
		out = append(out, &visit{p: s.patients[a.PatientIndex], course: a.CourseIndex, at: a.GivenAt, doseMg: a.DoseMg,
			weightKg: a.WeightKg, route: a.Route, upcoming: upcoming})
	}
	for _, a := range s.c.Administrations {
		add(a, false)
	}
	for _, a := range s.c.Upcoming {
		add(a, true)
	}
	slices.SortStableFunc(out, func(a, b *visit) int { return a.at.Compare(b.at) })
	// The demo's showpieces: the last IV session before today raises a
	// blood pressure alert, and the last esketamine session's REMS form
	// is still to do.
	today := date(s.end)
	var iv, esk *visit
	for _, v := range out {
		switch {
		case v.upcoming || v.at.Add(sessionSpan).After(s.end):
		case v.route == clinic.RouteIV && v.at.Before(today):
			iv = v
		case v.route == clinic.RouteEsketamine:
			esk = v
		}
	}
	if iv != nil {
		iv.withAlert = true
	}
	if esk != nil {
		esk.formLeft = true
	}
	return out
}

// plan puts the weeks after the go-live on the agenda.
func (s *sim) plan() {
	vs := s.visits()
	// Each course's care starts before its first visit; its sessions are
	// booked a week ahead, or walk in when their route is not booked.
	type key struct{ patient, course int }
	byCourse := map[key][]*visit{}
	var order []key
	for _, v := range vs {
		k := key{v.p.index, v.course}
		if _, ok := byCourse[k]; !ok {
			order = append(order, k)
		}
		byCourse[k] = append(byCourse[k], v)
	}
	treated := map[int]bool{}
	for _, k := range order {
		cv := byCourse[k]
		s.startCare(cv[0].p, cv[0].route, cv)
		for _, v := range cv {
			s.planVisit(v)
		}
		treated[k.patient] = true
	}
	s.planInductions(treated)
	s.planQuestionnaires()
	s.planStock()
	s.planSignOffs()
	s.finalWeek()
	s.planCareTeam()
}

// clinicDays lists the weekdays from the go-live to the end.
func (s *sim) clinicDays() []time.Time {
	var out []time.Time
	for d := date(s.start); !d.After(s.end); d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			out = append(out, d)
		}
	}
	return out
}
