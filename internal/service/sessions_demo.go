package service

import (
	"context"
	"fmt"
	"math"
	"time"

	"onset/internal/clinic"
	"onset/internal/protocol"
	"onset/internal/session"
)

// demoReading is one grid entry, minutes after check-in.
type demoReading struct {
	min                      int
	sys, dia, hr, spo2, moaa int
}

// demoSessionSpec is a finished session for the demo clinic.
type demoSessionSpec struct {
	daysAgo       int
	base          session.Vitals
	doseMin       int // dose start, minutes after check-in
	doseLen       int // minutes
	readings      []demoReading
	ack           string // action for any alert
	effects       [][2]string
	dischargeMin  int
	remsAnswered  bool // REMS answers saved (esketamine)
	remsSigned    bool
	readyToLeave  int
	medicationYes int    // index of the one "yes" concomitant medication, -1 for none
	signed        bool   // signed off by the clinician, locking the record
	addendum      string // a note added after sign-off
}

// loadDemoSessions gives the demo clinic finished treatment sessions: an
// IV session with a BP alert that was acknowledged, and esketamine
// sessions with a signed REMS form and one still incomplete (due).
func (s *Service) loadDemoSessions(ctx context.Context, tx Tx, clinicID int64, patientIDs []int64, now time.Time) error {
	users, err := tx.Users(ctx, clinicID)
	if err != nil {
		return err
	}
	var nurse, clin clinic.User
	for _, u := range users {
		if u.Role == clinic.RoleNurse && nurse.ID == 0 {
			nurse = u
		}
		if u.Role == clinic.RoleClinician && clin.ID == 0 {
			clin = u
		}
	}
	iv := []demoSessionSpec{{daysAgo: 1, base: session.Vitals{Systolic: 128, Diastolic: 80, HeartRate: 72, SpO2: 98, RespRate: 14},
		doseMin: 10, doseLen: 40, readings: []demoReading{{20, 138, 86, 80, 98, 4}, {30, 172, 98, 88, 97, 3}, {40, 150, 90, 84, 98, 4},
			{65, 134, 84, 76, 98, 5}, {115, 128, 80, 72, 98, 5}}, ack: "rate reduced",
		effects: [][2]string{{"dissociation", "mild"}, {"nausea", "mild"}}, dischargeMin: 120, signed: true,
		addendum: "Telephone follow-up the next morning: slept well, mild headache resolved with paracetamol, no other effects."}}
	esk := []demoSessionSpec{
		{daysAgo: 3, base: session.Vitals{Systolic: 126, Diastolic: 80, HeartRate: 70, SpO2: 98, RespRate: 14}, doseMin: 10, doseLen: 5,
			readings: []demoReading{{50, 140, 88, 76, 98, 4}, {90, 132, 84, 72, 98, 5}, {125, 124, 78, 70, 98, 5}},
			effects:  [][2]string{{"dissociation", "moderate"}, {"dizziness", "mild"}}, dischargeMin: 135,
			remsAnswered: true, remsSigned: true, readyToLeave: 125, medicationYes: -1, signed: true},
		{daysAgo: 1, base: session.Vitals{Systolic: 134, Diastolic: 84, HeartRate: 76, SpO2: 97, RespRate: 15}, doseMin: 10, doseLen: 10,
			readings: []demoReading{{52, 168, 96, 84, 97, 4}, {95, 140, 88, 78, 98, 5}, {128, 132, 84, 74, 98, 5}}, ack: "observed and rechecked",
			effects: [][2]string{{"dissociation", "mild"}, {"sedation", "mild"}}, dischargeMin: 140, medicationYes: 2},
	}
	if err := demoREMSEnrolments(ctx, tx, clinicID, patientIDs, clin, now); err != nil {
		return err
	}
	// The portal patients' records stay as the generator made them (other
	// pages and tests show their doses); the sessions go to the next
	// patients with signed IV and esketamine plans.
	for i, pid := range patientIDs {
		if i < demoPatientAccounts {
			continue
		}
		if len(iv) == 0 && len(esk) == 0 {
			break
		}
		plans, err := tx.Plans(ctx, clinicID, pid)
		if err != nil {
			return err
		}
		for _, p := range plans {
			if p.Status != PlanSigned {
				continue
			}
			var specs *[]demoSessionSpec
			switch p.Route {
			case clinic.RouteIV:
				specs = &iv
			case clinic.RouteEsketamine:
				specs = &esk
			default:
				continue
			}
			if len(*specs) == 0 {
				continue
			}
			if err := s.demoSession(ctx, tx, p, (*specs)[0], nurse, clin, now); err != nil {
				return err
			}
			*specs = (*specs)[1:]
			break
		}
	}
	return nil
}

func (s *Service) demoSession(ctx context.Context, tx Tx, p Plan, sp demoSessionSpec, nurse, clin clinic.User, now time.Time) error {
	day := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -sp.daysAgo)
	checkIn := day.Add(9 * time.Hour)
	at := func(min int) time.Time { return checkIn.Add(time.Duration(min) * time.Minute) }
	pt, err := tx.Patient(ctx, p.ClinicID, p.PatientID)
	if err != nil {
		return err
	}
	dose := NextPlannedDose(p, day)
	if ceiling := planCeilingMg(p); dose > ceiling || dose <= 0 {
		dose = ceiling
	}
	sp.base.Sedation = session.NoSedation
	ts := TreatmentSession{ClinicID: p.ClinicID, PatientID: p.PatientID, PlanID: p.ID, Route: p.Route, Drug: drugFor(p.Route),
		PlannedDoseMg: dose, CeilingMg: planCeilingMg(p), WeightKg: p.WeightKg, AgeYears: ageAt(pt.BirthDate, day),
		Status: SessionReady, Checklist: Checklist{IdentityConfirmed: true, ConsentCurrent: true, PlanSigned: true, NothingByMouth: true,
			ResponsibleAdult: true, Pregnancy: PregnancyNotApplicable}, Baseline: sp.base,
		CheckedInBy: nurse.ID, CheckedInByName: nurse.Name, CheckedInAt: checkIn}
	if pt.Sex == "female" {
		ts.Checklist.Pregnancy = PregnancyNegative
	}
	if ts.ID, err = tx.CreateTreatmentSession(ctx, ts); err != nil {
		return err
	}
	d := Dose{ClinicID: ts.ClinicID, SessionID: ts.ID, Drug: ts.Drug, Route: ts.Route, DoseMg: dose,
		MgPerKg: math.Round(dose/ts.WeightKg*1000) / 1000, LotNumber: "DEMO-" + string(ts.Route) + "-0425",
		LotExpiry: day.AddDate(1, 0, 0), StartedAt: at(sp.doseMin), EndedAt: at(sp.doseMin + sp.doseLen),
		AdministeredBy: nurse.ID, AdministeredByName: nurse.Name, CreatedAt: at(sp.doseMin + sp.doseLen)}
	if ts.Route == clinic.RouteEsketamine {
		d.Devices = int(dose) / protocol.EsketamineDeviceMg
	} else if p.ConcentrationMgPerML > 0 {
		d.ConcentrationMgPerML = p.ConcentrationMgPerML
		d.VolumeML = math.Round(dose/p.ConcentrationMgPerML*100) / 100
		if ts.Route == clinic.RouteIV {
			d.DurationMin = sp.doseLen
			d.RateMLPerHour = math.Round((d.VolumeML+p.DiluentML)/float64(sp.doseLen)*60*10) / 10
		}
	}
	courseID, err := sessionCourse(ctx, tx, ts, d.StartedAt)
	if err != nil {
		return err
	}
	if d.AdministrationID, err = tx.CreateAdministration(ctx, clinic.Administration{ClinicID: ts.ClinicID, CourseID: courseID,
		PatientID: ts.PatientID, GivenAt: d.StartedAt, Route: ts.Route, DoseMg: dose, WeightKg: ts.WeightKg}); err != nil {
		return err
	}
	if _, err := tx.CreateSessionDose(ctx, d); err != nil {
		return err
	}
	limits := DefaultSessionRules().Alerts
	var earlier []session.Reading
	for _, r := range sp.readings {
		v := VitalsEntry{ClinicID: ts.ClinicID, SessionID: ts.ID, TakenAt: at(r.min), Vitals: session.Vitals{Systolic: r.sys,
			Diastolic: r.dia, HeartRate: r.hr, SpO2: r.spo2, RespRate: 14, Sedation: r.moaa}, RecordedBy: nurse.ID,
			RecordedByName: nurse.Name, CreatedAt: at(r.min)}
		if v.ID, err = tx.CreateSessionVitals(ctx, v); err != nil {
			return err
		}
		reading := session.Reading{At: v.TakenAt, Vitals: v.Vitals}
		for _, al := range limits.Check(ts.Baseline, earlier, reading) {
			a := VitalsAlert{ClinicID: ts.ClinicID, SessionID: ts.ID, VitalsID: v.ID, Kind: al.Kind, Message: al.Message, CreatedAt: v.TakenAt}
			if a.ID, err = tx.CreateVitalsAlert(ctx, a); err != nil {
				return err
			}
			a.AckBy, a.AckByName, a.AckAt, a.AckAction = nurse.ID, nurse.Name, v.TakenAt.Add(2*time.Minute), sp.ack
			a.AckNote = "Patient calm, no headache or chest pain; rechecked in 10 minutes and clinician informed."
			if err := tx.AcknowledgeVitalsAlert(ctx, a); err != nil {
				return err
			}
		}
		earlier = append(earlier, reading)
	}
	for i, e := range sp.effects {
		if _, err := tx.CreateSideEffect(ctx, SideEffect{ClinicID: ts.ClinicID, SessionID: ts.ID, Kind: "side-effect", Effect: e[0],
			Grade: e[1], NotedAt: at(sp.doseMin + 15 + 5*i), RecordedBy: nurse.ID, RecordedByName: nurse.Name}); err != nil {
			return err
		}
	}
	ts.Status = SessionDosed
	ts.AlertOriented, ts.AdultPresent = true, true
	ts.DischargeInstructions = "No driving or operating machinery until the next day after a night's sleep. Call the clinic with any concern."
	ts.DischargedBy, ts.DischargedByName, ts.DischargedAt = nurse.ID, nurse.Name, at(sp.dischargeMin)
	if err := tx.DischargeSession(ctx, ts); err != nil {
		return err
	}
	if ts.Drug == DrugEsketamine && sp.remsAnswered {
		if err := demoREMSAnswers(ctx, tx, ts, sp, clin, at); err != nil {
			return err
		}
	}
	if !sp.signed {
		return nil
	}
	signAt := at(sp.dischargeMin + 45)
	if err := tx.SignTreatmentSession(ctx, ts.ClinicID, ts.ID, clin.ID, clin.Name, signAt); err != nil {
		return err
	}
	if sp.addendum == "" {
		return nil
	}
	noted := signAt.Add(20 * time.Hour) // the next morning's call
	if noted.After(now) {
		noted = now
	}
	_, err = tx.CreateAddendum(ctx, Addendum{ClinicID: ts.ClinicID, SessionID: ts.ID, Body: sp.addendum, AuthorID: nurse.ID,
		AuthorName: nurse.Name, AuthorRole: nurse.Role, CreatedAt: noted})
	return err
}

// demoREMSEnrolments enrols every demo patient with a signed esketamine
// plan in the Spravato REMS, a month before the demo day.
func demoREMSEnrolments(ctx context.Context, tx Tx, clinicID int64, patientIDs []int64, clin clinic.User, now time.Time) error {
	day := now.UTC().Truncate(24 * time.Hour)
	for i, pid := range patientIDs {
		plans, err := tx.Plans(ctx, clinicID, pid)
		if err != nil {
			return err
		}
		for _, p := range plans {
			if p.Status != PlanSigned || p.Route != clinic.RouteEsketamine {
				continue
			}
			if _, err := tx.CreateREMSEnrolment(ctx, REMSEnrolment{ClinicID: clinicID, PatientID: pid, Enrolled: true,
				EnrolledOn: day.AddDate(0, 0, -30), REMSPatientID: fmt.Sprintf("DEMO-%06d", 100000+i), RecordedBy: clin.ID,
				RecordedByName: clin.Name, RecordedAt: day.AddDate(0, 0, -30).Add(10 * time.Hour)}); err != nil {
				return err
			}
			break
		}
	}
	return nil
}

func demoREMSAnswers(ctx context.Context, tx Tx, ts TreatmentSession, sp demoSessionSpec, clin clinic.User, at func(int) time.Time) error {
	ans := REMSAnswers{SessionID: ts.ID, ClinicID: ts.ClinicID, UpdatedAt: at(sp.dischargeMin)}
	for i := range ans.Medications {
		v := i == sp.medicationYes
		ans.Medications[i] = &v
	}
	ready := sp.readyToLeave
	ans.ReadyMinutes = &ready
	if err := tx.SaveREMSAnswers(ctx, ans); err != nil {
		return err
	}
	if sp.remsSigned {
		return tx.SignREMSForm(ctx, ts.ClinicID, ts.ID, clin.ID, clin.Name, at(sp.dischargeMin+30))
	}
	return nil
}
