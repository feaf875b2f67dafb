package demo

import (
	"fmt"
	"math"
	"time"

	"onset/internal/clinic"
	"onset/internal/protocol"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/signoff"
	"onset/internal/service/treatment"
	"onset/internal/session"
)

// room is the treatment room's paperwork still to do.
type room struct {
	toSign []signOff // discharged sessions awaiting the prescriber's signature
}

type signOff struct {
	p     *patient
	id    int64
	nurse service.Actor
	alert bool // add the next morning's telephone follow-up as an addendum
}

// inRoom is one session in the room.
type inRoom struct {
	v    *visit
	by   service.Actor // the nurse (or clinician) the booking gave
	mg   float64
	base session.Vitals
	ts   record.TreatmentSession
	dose record.Dose
}

// doseFor is the session's dose: the generated mg/kg (0.5, or 0.75 once
// titrated) at the signed plan's weight for IV and IM, rounded down so
// it stays within the plan's ceiling; the generated fixed dose for
// esketamine and sublingual ketamine.
func doseFor(v *visit) float64 {
	switch v.route {
	case clinic.RouteIV, clinic.RouteIM:
		perKg := math.Round(v.doseMg/v.weightKg*100) / 100
		return floor1(perKg * v.p.plan.WeightKg)
	}
	return v.doseMg
}

// treat checks the patient in at at: the checklist, baseline vital signs
// and the planned dose, which the product checks against the signed plan,
// the REMS enrolment and the dose spacing.
func (s *sim) treat(v *visit, at time.Time, by service.Actor) error {
	p := v.p
	if p.plan.ID == 0 || p.plan.Route != v.route {
		return s.refused(fmt.Sprintf("session of patient %d", p.id), clinic.Errorf(clinic.Conflict, "no signed %s plan", v.route))
	}
	t := &inRoom{v: v, by: by, mg: doseFor(v), base: s.baseline(p)}
	pregnancy := record.PregnancyNotApplicable
	if p.Sex == "female" {
		pregnancy = record.PregnancyNegative
	}
	ts, err := s.svc.CheckInPatient(s.ctx, by, p.id, treatment.CheckIn{PlannedDoseMg: t.mg, Baseline: t.base,
		Checklist: record.Checklist{IdentityConfirmed: true, ConsentCurrent: true, NothingByMouth: true, ResponsibleAdult: true,
			Pregnancy: pregnancy}})
	if err != nil {
		return s.refused(fmt.Sprintf("check-in of patient %d", p.id), err)
	}
	t.ts = ts
	s.at(at.Add(10*time.Minute), func() error { return s.giveDose(t) })
	return nil
}

// giveDose records the dose, drawn from the ledger's container in use,
// then plans the vital signs as often as the session rules ask, side
// effects, and the discharge once the minimum monitoring time is over.
func (s *sim) giveDose(t *inRoom) error {
	p, plan := t.v.p, t.v.p.plan
	in := treatment.DoseInput{DoseMg: t.mg}
	switch t.v.route {
	case clinic.RouteEsketamine:
		in.DoseMg, in.Devices = 0, int(t.mg)/protocol.EsketamineDeviceMg
	case clinic.RouteIV:
		in.ConcentrationMgPerML = plan.ConcentrationMgPerML
		in.VolumeML = math.Round(t.mg/in.ConcentrationMgPerML*100) / 100
		in.DurationMin = infusionMin(plan)
		in.RateMLPerHour = math.Round((in.VolumeML+plan.DiluentML)/float64(in.DurationMin)*60*10) / 10
	case clinic.RouteIM:
		in.ConcentrationMgPerML = plan.ConcentrationMgPerML
		in.VolumeML = math.Round(t.mg/in.ConcentrationMgPerML*100) / 100
	}
	c, err := s.draw(t.v.route, t.mg, t.by)
	if err != nil {
		return err
	}
	if c == nil {
		return s.refused(fmt.Sprintf("dose of patient %d", p.id), clinic.Errorf(clinic.Conflict, "no %s in stock", t.v.route))
	}
	in.Stock.ContainerID = c.id
	if c.kind.single { // the rest of the vial is wasted with the dose
		in.Stock.WasteMg, in.Stock.Witness = math.Round((c.left-t.mg)*1000)/1000, s.witness(t.by)
	}
	d, err := s.svc.RecordDose(s.ctx, t.by, t.ts.ID, in)
	if err != nil {
		return s.refused(fmt.Sprintf("dose of patient %d", p.id), err)
	}
	c.take(t.mg)
	if c.kind.single {
		c.left = 0
	}
	t.dose = d
	rules := record.DefaultSessionRules()
	ready := rules.Discharge.MinimumEnd(t.v.route, d.StartedAt, d.EndedAt)
	var times []time.Time
	for at := d.StartedAt.Add(rules.VitalsDuring); at.Before(ready); {
		times = append(times, at)
		if at.Before(d.EndedAt) {
			at = at.Add(rules.VitalsDuring)
		} else {
			at = at.Add(rules.VitalsAfter)
		}
	}
	times = append(times, ready)
	for i, at := range times {
		s.at(at, func() error { return s.vitals(t, i, len(times), at.Sub(d.EndedAt)) })
	}
	s.plannedEffects(t)
	last := times[len(times)-1]
	s.at(last.Add(2*time.Minute), func() error { return s.discharge(t, last.Add(2*time.Minute).Sub(d.StartedAt)) })
	return nil
}

// infusionMin is the plan's infusion time (the template's 40 minutes).
func infusionMin(p record.Plan) int {
	for _, ps := range p.Sessions {
		if ps.DurationMin > 0 {
			return ps.DurationMin
		}
	}
	return 40
}

// baseline draws the patient's pre-dose vital signs: their own usual
// values, within the product's pre-dose limits (session.DefaultHoldRule).
func (s *sim) baseline(p *patient) session.Vitals {
	i := p.index
	return session.Vitals{Systolic: 114 + (i*7)%20 + s.rng.IntN(5), Diastolic: 70 + (i*3)%14 + s.rng.IntN(5),
		HeartRate: 62 + (i*5)%22 + s.rng.IntN(6), SpO2: 96 + s.rng.IntN(4), RespRate: 12 + s.rng.IntN(5),
		Sedation: session.NoSedation}
}

// vitals records reading i of n, sinceEnd after the end of the dose:
// ketamine raises blood pressure and heart rate during and just after the
// dose, back to about baseline by the end. The session chosen for it has
// a rise past the alert limit at its second reading, which the nurse
// acknowledges at once.
func (s *sim) vitals(t *inRoom, i, n int, sinceEnd time.Duration) error {
	b := t.base
	v := session.Vitals{Systolic: b.Systolic + s.rng.IntN(5) - 2, Diastolic: b.Diastolic + s.rng.IntN(5) - 2,
		HeartRate: b.HeartRate + s.rng.IntN(5), SpO2: max(95, b.SpO2-s.rng.IntN(2)), RespRate: b.RespRate, Sedation: 5}
	if i < n-1 && sinceEnd < 30*time.Minute {
		v.Systolic += 8 + s.rng.IntN(11)
		v.Diastolic += 4 + s.rng.IntN(7)
		v.HeartRate += 6 + s.rng.IntN(10)
		v.Sedation = 4 + s.rng.IntN(2)
	}
	spike := t.v.withAlert && i == 1
	if spike {
		v.Systolic, v.Diastolic = b.Systolic+44, b.Diastolic+18
	}
	_, alerts, err := s.svc.RecordVitals(s.ctx, t.by, t.ts.ID, treatment.VitalsInput{Vitals: v})
	if err != nil {
		return s.refused(fmt.Sprintf("vital signs of patient %d", t.v.p.id), err)
	}
	for _, a := range alerts {
		action := "observed and rechecked"
		if t.v.route == clinic.RouteIV {
			action = "rate reduced"
		}
		s.at(s.clock.Now().Add(2*time.Minute), func() error {
			err := s.svc.AcknowledgeVitalsAlert(s.ctx, t.by, t.ts.ID, a.ID, action,
				"Patient calm, no headache or chest pain; rechecked in 10 minutes and clinician informed.")
			return s.refused(fmt.Sprintf("acknowledging an alert of patient %d", t.v.p.id), err)
		})
	}
	return nil
}

// plannedEffects records the side effects the nurse notes: dissociation
// often, with esketamine dizziness too, and now and then nausea.
func (s *sim) plannedEffects(t *inRoom) {
	type effect struct {
		name, grade string
		share       float64
	}
	effects := []effect{{"dissociation", "mild", 0.4}, {"nausea", "mild", 0.1}}
	if t.v.route == clinic.RouteEsketamine {
		effects = []effect{{"dissociation", "moderate", 0.35}, {"dissociation", "mild", 0.5}, {"dizziness", "mild", 0.3}}
	}
	seen := map[string]bool{}
	for i, e := range effects {
		if seen[e.name] || s.rng.Float64() >= e.share {
			continue
		}
		seen[e.name] = true
		s.at(t.dose.StartedAt.Add(time.Duration(15+5*i)*time.Minute), func() error {
			_, err := s.svc.RecordSideEffect(s.ctx, t.by, t.ts.ID, treatment.SideEffectInput{Kind: "side-effect",
				Effect: e.name, Grade: e.grade})
			return s.refused(fmt.Sprintf("side effect of patient %d", t.v.p.id), err)
		})
	}
}

// discharge discharges the patient (the product checks the minimum
// monitoring time and the last vital signs) and, for esketamine, fills in
// the REMS Patient Monitoring Form — except the one left to do. The
// session then waits for the prescriber's signature.
func (s *sim) discharge(t *inRoom, monitored time.Duration) error {
	p := t.v.p
	if _, err := s.svc.Discharge(s.ctx, t.by, t.ts.ID, treatment.DischargeInput{AlertOriented: true, AdultPresent: true,
		Instructions: session.DrivingAdvice + " Call the clinic with any concern."}); err != nil {
		return s.refused(fmt.Sprintf("discharge of patient %d", p.id), err)
	}
	s.integration(p.id, t.dose.StartedAt)
	if t.v.route == clinic.RouteEsketamine {
		if t.v.formLeft {
			return nil
		}
		in := signoff.REMSInput{Medications: [4]string{"no", "no", "no", "no"},
			ReadyMinutes: fmt.Sprint(int(monitored.Minutes())/5*5 - 5)}
		for _, m := range medications(p) {
			switch m {
			case "lorazepam 0.5 mg as needed":
				in.Medications[0] = "yes" // a benzodiazepine
			case "Adderall XR 20 mg":
				in.Medications[2] = "yes" // a psychostimulant
			}
		}
		if err := s.svc.SaveREMS(s.ctx, t.by, t.ts.ID, in); err != nil {
			return s.refused(fmt.Sprintf("REMS form of patient %d", p.id), err)
		}
	}
	s.room.toSign = append(s.room.toSign, signOff{p: p, id: t.ts.ID, nurse: t.by, alert: t.v.withAlert})
	return nil
}

// planSignOffs has each prescriber sign the day's discharged sessions at
// the end of every clinic day; the session with an alert gets the next
// morning's telephone follow-up as an addendum.
func (s *sim) planSignOffs() {
	for _, d := range s.clinicDays() {
		s.at(d.Add(17*time.Hour+30*time.Minute), func() error {
			todo := s.room.toSign
			s.room.toSign = nil
			for _, so := range todo {
				if _, err := s.svc.SignSession(s.ctx, so.p.prescriber, so.id); err != nil {
					if err := s.refused(fmt.Sprintf("signing patient %d's session", so.p.id), err); err != nil {
						return err
					}
					continue
				}
				if so.alert {
					s.at(d.AddDate(0, 0, 1).Add(9*time.Hour), func() error {
						_, err := s.svc.AddAddendum(s.ctx, so.nurse, so.id,
							"Telephone follow-up the next morning: slept well, mild headache resolved with paracetamol, no other effects.")
						return s.refused("addendum", err)
					})
				}
			}
			return nil
		})
	}
}
