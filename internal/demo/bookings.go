package demo

import (
	"fmt"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service/booking"
)

// bookAhead is how long before a session the front desk books it.
const bookAhead = 7 * 24 * time.Hour

// planVisit books a visit at the front desk's afternoon round a week
// before it (or as soon as its plan is signed); the session then follows
// the booking. A sublingual dose is not booked in a chair: the patient
// walks in at the generated time.
func (s *sim) planVisit(v *visit) {
	if _, ok := booking.KindOfRoute(v.route); !ok {
		if !v.upcoming && !v.at.Add(sessionSpan).After(s.end) {
			s.at(v.at, func() error { return s.treat(v, v.at, s.nurse(v.p)) })
		}
		return
	}
	at := date(v.at.Add(-bookAhead)).Add(16*time.Hour + 30*time.Minute)
	if !at.After(s.start) {
		at = s.start.Add(2 * time.Hour)
	}
	if latest := v.at.Add(-time.Hour); at.After(latest) {
		at = latest
	}
	s.at(at, func() error { return s.book(v) })
}

// book is the front desk booking a visit against the patient's signed
// plan at its time. Every refusal is the product's rule: with no plan
// session left the prescriber amends the plan first; with the chair,
// provider or spacing in the way, the desk takes the product's first
// proposal for that day on.
func (s *sim) book(v *visit) error {
	p := v.p
	if p.plan.ID == 0 || p.plan.Route != v.route {
		return s.refused(fmt.Sprintf("booking patient %d", p.id), clinic.Errorf(clinic.Conflict, "no signed %s plan", v.route))
	}
	if p.open == 0 {
		if err := s.amendPlan(p, v.at); err != nil || p.open == 0 {
			return err
		}
	}
	kind, _ := booking.KindOfRoute(v.route)
	desk := s.desk[p.index%len(s.desk)]
	ap, err := s.svc.BookAppointment(s.ctx, desk, booking.BookingInput{PatientID: p.id, Kind: kind, Start: v.at})
	if code := clinic.ErrorCode(err); code == clinic.Conflict || code == clinic.Invalid {
		var slots []booking.PlanSlot
		if slots, err = s.svc.FindPlanSlots(s.ctx, desk, p.id, date(v.at), 1, 0, 0); err == nil {
			var aps []record.Appointment
			if aps, err = s.svc.BookSeries(s.ctx, desk, []booking.BookingInput{slots[0].Input(p.id)}); err == nil {
				ap = aps[0]
			}
		}
	}
	if err != nil {
		return s.refused(fmt.Sprintf("booking patient %d for %s", p.id, v.at.Format(time.DateTime)), err)
	}
	p.open--
	if !v.upcoming && !ap.Start.Add(sessionSpan).After(s.end) {
		who, ok := s.providers[ap.ProviderID]
		if !ok {
			who = s.nurse(p)
		}
		s.at(ap.Start, func() error { return s.treat(v, ap.Start, who) })
	}
	return nil
}

// finalWeek is what the last days before today add: plans for the portal
// patients' next courses, the coming week's consultations and follow-ups,
// two patients on the waitlist and questionnaire links not yet answered.
func (s *sim) finalWeek() {
	s.at(s.end.Add(-50*time.Hour), s.portalPlans)
	s.at(s.end.Add(-30*time.Minute), s.consultations)
	for i, k := range []schedule.Kind{schedule.Consultation, schedule.FollowUp} {
		s.at(s.end.Add(-time.Duration(3-i)*24*time.Hour), func() error {
			others := s.notInTreatment()
			if len(others) == 0 {
				return nil
			}
			p := others[(len(others)/2+i)%len(others)]
			_, err := s.svc.AddToWaitlist(s.ctx, s.desk[0], record.WaitlistEntry{PatientID: p.id, Kind: k, Priority: 1 - i,
				Note: "would like an earlier appointment"})
			return s.refused("waitlist", err)
		})
	}
	s.at(s.end.Add(-2*time.Hour), s.pendingLinks)
}

// portalPlans gives each portal patient with no plan in force a plan for
// a new course on their latest course's route, from the next clinic day:
// the portal then shows what to expect and sessions to book online.
func (s *sim) portalPlans() error {
	start := date(s.end).AddDate(0, 0, 1)
	for start.Weekday() == time.Saturday || start.Weekday() == time.Sunday {
		start = start.AddDate(0, 0, 1)
	}
	for _, p := range s.patients[:min(portalPatients, len(s.patients))] {
		if p.plan.ID != 0 {
			continue
		}
		route, kg, days := s.latestCourse(p)
		if route == "" {
			continue
		}
		if err := s.recordIntake(p, kg); err != nil {
			return err
		}
		draft, err := s.draftPlan(p, planInput(route, kg, start, days))
		if err != nil {
			if err := s.refused(fmt.Sprintf("drafting patient %d's plan", p.id), err); err != nil {
				return err
			}
			continue
		}
		s.at(s.end.Add(-26*time.Hour), func() error {
			if err := s.signPlan(p, draft); err != nil || route != clinic.RouteEsketamine {
				return err
			}
			return s.enrolREMS(p)
		})
	}
	return nil
}

// latestCourse is the route, the last weight and the weekdays of the
// patient's latest generated course; "" when they have none.
func (s *sim) latestCourse(p *patient) (clinic.Route, float64, []time.Weekday) {
	ci := -1
	for i, c := range s.c.Courses {
		if c.PatientIndex == p.index && (ci < 0 || c.StartedAt.After(s.c.Courses[ci].StartedAt)) {
			ci = i
		}
	}
	if ci < 0 {
		return "", 0, nil
	}
	var kg float64
	var times []time.Time
	for _, a := range s.c.Administrations {
		if a.CourseIndex == ci {
			kg = a.WeightKg
			times = append(times, a.GivenAt)
		}
	}
	return s.c.Courses[ci].Route, round1(kg), weekdaysOf(times)
}

// notInTreatment are the patients with no treatment booked from now on.
func (s *sim) notInTreatment() []*patient {
	booked := map[int64]bool{}
	from, to := s.clock.Now(), s.end.AddDate(0, 0, UpcomingDays)
	if v, err := s.svc.Calendar(s.ctx, s.desk[0], from, to); err == nil {
		for _, a := range v.Appointments {
			if a.PlanID != 0 {
				booked[a.PatientID] = true
			}
		}
	}
	var out []*patient
	for _, p := range s.patients {
		if !booked[p.id] {
			out = append(out, p)
		}
	}
	return out
}

// consultations books the coming week's consultations and follow-ups in
// the rooms — three of each a clinic day, morning, midday and afternoon —
// for patients with no treatment booked.
func (s *sim) consultations() error {
	others := s.notInTreatment()
	if len(others) == 0 {
		return nil
	}
	next := 0
	for d := date(s.end); d.Before(date(s.end).AddDate(0, 0, 7)); d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		for _, at := range []time.Duration{9 * time.Hour, 11*time.Hour + 30*time.Minute, 14 * time.Hour} {
			for _, k := range []schedule.Kind{schedule.Consultation, schedule.FollowUp} {
				start := d.Add(at)
				if !start.After(s.clock.Now()) {
					continue
				}
				p := others[next%len(others)]
				next++
				// The desk offers the time, then the next half hours.
				var err error
				for try := range 6 {
					_, err = s.svc.BookAppointment(s.ctx, s.desk[next%len(s.desk)],
						booking.BookingInput{PatientID: p.id, Kind: k, Start: start.Add(time.Duration(try) * 30 * time.Minute)})
					if clinic.ErrorCode(err) != clinic.Conflict {
						break
					}
				}
				if err := s.refused(fmt.Sprintf("%s for patient %d", k, p.id), err); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
