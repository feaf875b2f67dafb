package demo

import (
	"fmt"
	"time"

	"onset/internal/clinic"
	"onset/internal/service/booking"
)

// newInductions is how many patients between courses start a repeat
// induction this week, so that its chairs hold plan sessions from today
// on, as a clinic's do.
const newInductions = 5

// planInductions picks, nine days before today, patients with no plan in
// force and no sessions in the live weeks whose latest course was IV or
// esketamine. Their prescriber plans a repeat induction from today, and a
// week ahead the front desk books its first three sessions at the
// product's proposals; the ones before now are given.
func (s *sim) planInductions(treated map[int]bool) {
	at := date(s.end).AddDate(0, 0, -9).Add(10 * time.Hour)
	if !at.After(s.start) {
		at = s.start.Add(time.Hour)
	}
	s.at(at, func() error {
		made := 0
		for _, p := range s.patients[min(portalPatients, len(s.patients)):] {
			if made == newInductions {
				break
			}
			route, kg, _ := s.latestCourse(p)
			if treated[p.index] || p.plan.ID != 0 || (route != clinic.RouteIV && route != clinic.RouteEsketamine) {
				continue
			}
			made++
			if err := s.recordIntake(p, kg); err != nil {
				return err
			}
			draft, err := s.draftPlan(p, planInput(route, kg, date(s.end), nil))
			if err != nil {
				if err := s.refused(fmt.Sprintf("drafting patient %d's plan", p.id), err); err != nil {
					return err
				}
				continue
			}
			s.at(s.clock.Now().Add(5*time.Hour), func() error {
				if err := s.signPlan(p, draft); err != nil || route != clinic.RouteEsketamine {
					return err
				}
				return s.enrolREMS(p)
			})
			mg := 56.0 // esketamine: the label's 56 mg after day 1
			if route == clinic.RouteIV {
				mg = 0.5 * kg
			}
			s.at(date(s.end).AddDate(0, 0, -7).Add(16*time.Hour+30*time.Minute), func() error {
				return s.bookInduction(p, &visit{p: p, route: route, doseMg: mg, weightKg: kg})
			})
		}
		return nil
	})
}

// bookInduction books the induction's first three sessions from today at
// the product's proposals and plans those before now.
func (s *sim) bookInduction(p *patient, v *visit) error {
	if p.plan.ID == 0 {
		return nil
	}
	desk := s.desk[p.index%len(s.desk)]
	slots, err := s.svc.FindPlanSlots(s.ctx, desk, p.id, date(s.end).Add(8*time.Hour), 3, 0, 0)
	if err != nil {
		return s.refused(fmt.Sprintf("finding patient %d's induction times", p.id), err)
	}
	ins := make([]booking.BookingInput, len(slots))
	for i, sl := range slots {
		ins[i] = sl.Input(p.id)
	}
	aps, err := s.svc.BookSeries(s.ctx, desk, ins)
	if err != nil {
		return s.refused(fmt.Sprintf("booking patient %d's induction", p.id), err)
	}
	p.open -= len(aps)
	for _, ap := range aps {
		if !ap.Start.Add(sessionSpan).After(s.end) {
			who, ok := s.providers[ap.ProviderID]
			if !ok {
				who = s.nurse(p)
			}
			vv := *v
			vv.at = ap.Start
			s.at(ap.Start, func() error { return s.treat(&vv, ap.Start, who) })
		}
	}
	return nil
}
