package treatment

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/protocol"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/session"
)

// SideEffectNames are the structured side effects a nurse picks from: the
// Spravato label's pooled table and the IV reports (clinical-reference
// §5.1), plus respiratory depression, which the REMS form asks about.
var SideEffectNames = []string{"dissociation", "dizziness", "nausea", "sedation", "vertigo", "headache", "dysgeusia",
	"hypoesthesia", "anxiety", "lethargy", "blood pressure increased", "vomiting", "insomnia", "feeling drunk",
	"euphoric mood", "feeling strange", "visual distortion", "difficulty speaking", "numbness", "respiratory depression", "other"}

// Grades of side effects; adverse events may also be life-threatening.
var (
	SideEffectGrades    = []string{"mild", "moderate", "severe"}
	AdverseEventGrades  = []string{"mild", "moderate", "severe", "life-threatening"}
	AdverseEventOutcome = []string{"resolved", "resolving", "ongoing", "transferred for emergency care"}
	// AlertActions are what a nurse or clinician did about an alert.
	AlertActions = []string{"observed and rechecked", "paused infusion", "rate reduced", "infusion stopped",
		"medication given", "clinician informed", "other"}
)

const maxNoteLen = 1000

// lotText is a lot number as printed on a vial or device.
var lotText = clinic.Text{Name: "the lot number", Max: 40, Required: true}

// CheckIn is the pre-dose checklist, baseline vital signs and the planned
// dose. The route and the drug come from the patient's signed plan.
type CheckIn struct {
	Checklist     record.Checklist // PlanSigned is ignored: the service finds the signed plan
	PlannedDoseMg float64
	Baseline      session.Vitals // Sedation is not scored at baseline
	// OverrideReason is a clinician's reason to check in despite the dose
	// spacing (one treatment a day, the plan's days apart); usually "".
	OverrideReason string
}

// planCeilingMg is the most the signed plan allows in one dose for its
// weight: the protocol template's ceiling (mg/kg × the plan's weight, or
// a fixed ceiling), never above the largest dose the label allows for
// esketamine (84 mg).
func planCeilingMg(p record.Plan) float64 {
	t, ok := p.Protocol()
	var c float64
	if ok {
		switch {
		case t.CeilingMgPerKg > 0:
			c = t.CeilingMgPerKg * p.WeightKg
		case t.CeilingMg > 0:
			c = t.CeilingMg
		}
	}
	if c == 0 { // an unknown template: the plan's own largest dose
		for _, s := range p.Sessions {
			c = math.Max(c, s.DoseMg)
		}
	}
	if p.Route == clinic.RouteEsketamine && (c == 0 || c > protocol.EsketamineMaxMg) {
		c = protocol.EsketamineMaxMg
	}
	return math.Round(c*100) / 100
}

// NextPlannedDose is the dose of the plan's first session on or after day,
// or of its last session; 0 for a plan without sessions.
func NextPlannedDose(p record.Plan, day time.Time) float64 {
	ps, _ := nextPlannedSession(p, day)
	return ps.DoseMg
}

func nextPlannedSession(p record.Plan, day time.Time) (record.PlannedSession, bool) {
	for _, s := range p.Sessions {
		if !s.Date.Before(day.Truncate(24 * time.Hour)) {
			return s, true
		}
	}
	if n := len(p.Sessions); n > 0 {
		return p.Sessions[n-1], true
	}
	return record.PlannedSession{}, false
}

// CheckInPatient records a check-in. Every checklist item must be met
// and the baseline plausible; a blood pressure above the hold threshold
// stores the session as held until a clinician decides.
func (s *Service) CheckInPatient(ctx context.Context, a service.Actor, patientID int64, in CheckIn) (record.TreatmentSession, error) {
	if err := service.AuthorizePatient(a, service.ActSessionCheckIn, patientID); err != nil {
		return record.TreatmentSession{}, err
	}
	pt, err := s.store.Read().Patient(ctx, a.ClinicID, patientID)
	if err != nil {
		return record.TreatmentSession{}, clinic.Wrap(err, "Could not load the patient.")
	}
	if err := service.NotTransferred(ctx, s.store.Read(), a.ClinicID, patientID); err != nil {
		return record.TreatmentSession{}, clinic.Wrap(err, "Could not check the patient in.")
	}
	plan, err := s.plans.SignedPlan(ctx, a, patientID)
	if err != nil && clinic.ErrorCode(err) != clinic.NotFound {
		return record.TreatmentSession{}, err
	}
	c := in.Checklist
	c.PlanSigned = err == nil
	c.Pregnancy = strings.TrimSpace(c.Pregnancy)
	var unmet []string
	if !c.IdentityConfirmed {
		unmet = append(unmet, "identity not confirmed")
	}
	if !c.ConsentCurrent {
		unmet = append(unmet, "consent not current")
	}
	if !c.PlanSigned {
		unmet = append(unmet, "no signed treatment plan")
	}
	if !c.NothingByMouth {
		unmet = append(unmet, "nothing by mouth for the required time not confirmed")
	}
	if !c.ResponsibleAdult {
		unmet = append(unmet, "no responsible adult to drive the patient home")
	}
	if c.PlanSigned && plan.Route == clinic.RouteEsketamine {
		enrolled, err := service.EnrolledInREMS(ctx, s.store.Read(), a.ClinicID, patientID)
		if err != nil {
			return record.TreatmentSession{}, clinic.Wrap(err, "Could not read the REMS enrolment.")
		}
		if !enrolled {
			unmet = append(unmet, notEnrolledMessage)
		}
	}
	switch c.Pregnancy {
	case record.PregnancyNegative, record.PregnancyNotApplicable:
	case "positive":
		unmet = append(unmet, "positive pregnancy test: do not dose")
	default:
		unmet = append(unmet, "pregnancy test result not recorded (negative, or not applicable)")
	}
	if len(unmet) > 0 {
		return record.TreatmentSession{}, clinic.Errorf(clinic.Invalid, "Check-in is not complete: %s.", strings.Join(unmet, "; "))
	}
	in.Baseline.Sedation = session.NoSedation
	if err := in.Baseline.Validate(false); err != nil {
		return record.TreatmentSession{}, err
	}
	ceiling := planCeilingMg(plan)
	if err := checkPlannedDose(plan.Route, in.PlannedDoseMg, ceiling); err != nil {
		return record.TreatmentSession{}, err
	}
	now := s.Now()
	rules, err := service.SessionRulesIn(ctx, s.store.Read(), a.ClinicID)
	if err != nil {
		return record.TreatmentSession{}, clinic.Wrap(err, "Could not load the clinic's session rules.")
	}
	ts := record.TreatmentSession{ClinicID: a.ClinicID, PatientID: patientID, PlanID: plan.ID, Route: plan.Route,
		Drug: drugFor(plan.Route), PlannedDoseMg: in.PlannedDoseMg, CeilingMg: ceiling, WeightKg: plan.WeightKg,
		AgeYears: clinic.AgeAt(pt.BirthDate, now), Status: record.SessionReady, Checklist: c, Baseline: in.Baseline,
		CheckedInBy: a.UserID, CheckedInByName: service.ActorName(a), CheckedInAt: now}
	place, err := placeCheckIn(ctx, s.store.Read(), a.ClinicID, patientID, plan, now)
	if err != nil {
		return record.TreatmentSession{}, clinic.Wrap(err, "Could not read the patient's appointments and doses.")
	}
	if err := overrideSpacing(a, &ts, place.problem, strings.TrimSpace(in.OverrideReason)); err != nil {
		return record.TreatmentSession{}, err
	}
	if place.appointment != nil {
		ts.AppointmentID = place.appointment.ID
	}
	ts.PlanSession = place.planSession
	if ts.HoldReason = rules.Hold.Check(in.Baseline, ts.AgeYears); ts.HoldReason != "" {
		ts.Status = record.SessionHeld
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if ts.Drug == record.DrugEsketamine { // the enrolment may have changed since the check above
			if ok, err := service.EnrolledInREMS(ctx, tx, a.ClinicID, patientID); err != nil || !ok {
				if err == nil {
					err = clinic.Errorf(clinic.Invalid, "Check-in is not complete: %s.", notEnrolledMessage)
				}
				return err
			}
		}
		var err error
		if ts.ID, err = tx.CreateTreatmentSession(ctx, ts); err != nil {
			return err
		}
		if ts.SpacingOverride != "" {
			if err := tx.AppendAudit(ctx, s.SessionEntry(a, service.ActSessionOverride, ts)); err != nil {
				return err
			}
		}
		return tx.AppendAudit(ctx, s.SessionEntry(a, service.ActSessionCheckIn, ts))
	})
	if err == nil && ts.Status == record.SessionHeld {
		s.PublishRoom(record.RoomProblem{Kind: record.RoomHold, ClinicID: ts.ClinicID, PatientID: patientID, PatientName: pt.Name(),
			SessionID: ts.ID, Message: record.HoldMessage(ts.HoldReason), At: now})
	}
	return ts, clinic.Wrap(err, "Could not save the check-in.")
}

func drugFor(r clinic.Route) string {
	if r == clinic.RouteEsketamine {
		return record.DrugEsketamine
	}
	return record.DrugRacemic
}

func checkPlannedDose(route clinic.Route, mg, ceiling float64) error {
	if err := clinic.DoseMg.Check("the dose", mg); err != nil {
		return err
	}
	switch {
	case mg > ceiling+1e-9:
		return clinic.Errorf(clinic.Invalid, "The dose of %s mg is above the signed plan's ceiling of %s mg.", fmtNum(mg), fmtNum(ceiling))
	case route == clinic.RouteEsketamine && math.Mod(mg, protocol.EsketamineDeviceMg) != 0:
		return clinic.Errorf(clinic.Invalid, "An esketamine dose is a whole number of %g mg devices.", float64(protocol.EsketamineDeviceMg))
	}
	return nil
}

func fmtNum(x float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}

// loadSession reads a session of the actor's clinic after checking action.
func (s *Service) loadSession(ctx context.Context, a service.Actor, action service.Action, id int64) (record.TreatmentSession, error) {
	return service.LoadSession(ctx, s.store.Read(), a, action, id)
}

// loadWritable is loadSession for a write: a signed session is refused at
// once with the lock's message.
func (s *Service) loadWritable(ctx context.Context, a service.Actor, action service.Action, id int64) (record.TreatmentSession, error) {
	return service.LoadWritableSession(ctx, s.store.Read(), a, action, id)
}

// notEnrolledMessage is the check-in refusal for an unenrolled patient.
const notEnrolledMessage = "the patient is not enrolled in the Spravato REMS: enrol them with the REMS (spravatorems.com), then record the enrolment under “Spravato REMS enrolment” on this page"

// noteText is a free-text field of the session record (a note, a reason):
// lines allowed, at most maxNoteLen characters, cleaned by clinic.Text.
func noteText(what string, required bool) clinic.Text {
	return clinic.Text{Name: what, Max: maxNoteLen, Lines: true, Required: required}
}

func oneOf(v string, allowed []string, what string) (string, error) {
	v = strings.TrimSpace(v)
	for _, x := range allowed {
		if v == x {
			return v, nil
		}
	}
	return "", clinic.Errorf(clinic.Invalid, "Choose the %s from the list.", what)
}

// DecideHold records a clinician's decision on a dose held for blood
// pressure: "proceed" (the session may be dosed) or "cancel", with a reason.
func (s *Service) DecideHold(ctx context.Context, a service.Actor, sessionID int64, decision, reason string) (record.TreatmentSession, error) {
	ts, err := s.loadWritable(ctx, a, service.ActSessionHold, sessionID)
	if err != nil {
		return ts, err
	}
	if ts.Status != record.SessionHeld {
		return ts, clinic.Errorf(clinic.Conflict, "This session is not waiting for a decision on its blood pressure.")
	}
	switch decision {
	case "proceed":
		ts.Status = record.SessionReady
	case "cancel":
		ts.Status = record.SessionCancelled
	default:
		return ts, clinic.Errorf(clinic.Invalid, "Choose to proceed with the dose or to cancel it.")
	}
	if reason, err = noteText("the reason for the decision", true).Clean(reason); err != nil {
		return ts, err
	}
	ts.HoldDecision, ts.HoldDecisionReason = decision, reason
	ts.HoldDecidedBy, ts.HoldDecidedByName, ts.HoldDecidedAt = a.UserID, service.ActorName(a), s.Now()
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := service.LockOpenSession(ctx, tx, ts); err != nil {
			return err
		}
		if err := tx.DecideSessionHold(ctx, ts); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.SessionEntry(a, service.ActSessionHold, ts))
	})
	return ts, clinic.Wrap(err, "Could not save the decision.")
}

// clockTime turns "HH:MM" (on the clinic's clocks, as the session page shows times) into the
// most recent such moment not after now; "" is now. Staff enter times as
// they read them off the monitor.
func (s *Service) clockTime(ctx context.Context, clinicID int64, hhmm string) (time.Time, error) {
	now := s.Now()
	hhmm = strings.TrimSpace(hhmm)
	if hhmm == "" {
		return now, nil
	}
	hm, err := time.Parse("15:04", hhmm)
	if err != nil {
		return time.Time{}, clinic.Errorf(clinic.Invalid, "Enter times as HH:MM, for example 09:40.")
	}
	// The time on the clinic's clocks, today (or yesterday, for a time
	// still ahead: a reading written up after midnight).
	_, loc, err := service.ClinicSettingsIn(ctx, s.store.Read(), clinicID)
	if err != nil {
		return time.Time{}, clinic.Wrap(err, "Could not read the clinic's time zone.")
	}
	local := now.In(loc)
	t := time.Date(local.Year(), local.Month(), local.Day(), hm.Hour(), hm.Minute(), 0, 0, loc)
	if t.After(now.Add(time.Minute)) {
		t = t.AddDate(0, 0, -1)
	}
	return t, nil
}

// DoseInput is the administration record as staff enter it.
type DoseInput struct {
	DoseMg               float64
	ConcentrationMgPerML float64 // IV, IM (required); sublingual, oral (optional)
	VolumeML             float64
	RateMLPerHour        float64 // IV
	DurationMin          int     // IV
	Devices              int     // esketamine
	LotNumber            string
	LotExpiry            string // YYYY-MM-DD
	Start, End           string // HH:MM, clinic time; "" = now
	// Stock is the ledger container drawn from (ledger_dose.go).
	Stock service.DoseStock
}

// checkNumbers checks each number entered against its quantity; 0 is
// "not entered" (the route decides which are required).
func (in DoseInput) checkNumbers() error {
	return clinic.CheckEntered(
		clinic.Entered{Field: "the dose", Q: clinic.DoseMg, X: in.DoseMg},
		clinic.Entered{Field: "the concentration", Q: clinic.ConcentrationMgPerML, X: in.ConcentrationMgPerML},
		clinic.Entered{Field: "the volume drawn", Q: clinic.VolumeML, X: in.VolumeML},
		clinic.Entered{Field: "the pump rate", Q: clinic.RateMLPerHour, X: in.RateMLPerHour},
		clinic.Entered{Field: "the infusion duration", Q: clinic.InfusionMin, X: float64(in.DurationMin)},
		clinic.Entered{Field: "the number of devices", Q: clinic.Devices, X: float64(in.Devices)},
		clinic.Entered{Field: "the waste", Q: clinic.StockMg, X: in.Stock.WasteMg})
}

// RecordDose records the dose given in a session that is ready for it,
// and the administration that outcome analytics count. A dose above the
// signed plan's ceiling, an expired lot or an inconsistent volume is
// refused and nothing is stored.
func (s *Service) RecordDose(ctx context.Context, a service.Actor, sessionID int64, in DoseInput) (record.Dose, error) {
	ts, err := s.loadWritable(ctx, a, service.ActSessionDose, sessionID)
	if err != nil {
		return record.Dose{}, err
	}
	switch ts.Status {
	case record.SessionReady:
	case record.SessionHeld:
		return record.Dose{}, clinic.Errorf(clinic.Conflict, "The dose is held for blood pressure until a clinician decides.")
	default:
		return record.Dose{}, clinic.Errorf(clinic.Conflict, "This session is %s; no dose can be recorded.", ts.Status)
	}
	d := record.Dose{ClinicID: a.ClinicID, SessionID: ts.ID, Drug: ts.Drug, Route: ts.Route, DoseMg: in.DoseMg,
		ConcentrationMgPerML: in.ConcentrationMgPerML, VolumeML: in.VolumeML, RateMLPerHour: in.RateMLPerHour,
		DurationMin: in.DurationMin, Devices: in.Devices, AdministeredBy: a.UserID, AdministeredByName: service.ActorName(a),
		CreatedAt: s.Now()}
	if err := in.checkNumbers(); err != nil {
		return d, err
	}
	if ts.Route == clinic.RouteEsketamine {
		if d.Devices < 1 || d.Devices > 3 {
			return d, clinic.Errorf(clinic.Invalid, "Enter the number of esketamine devices used, 1 to 3.")
		}
		if d.DoseMg == 0 {
			d.DoseMg = float64(d.Devices * protocol.EsketamineDeviceMg)
		}
		if d.DoseMg != float64(d.Devices*protocol.EsketamineDeviceMg) {
			return d, clinic.Errorf(clinic.Invalid, "%d device(s) deliver %d mg, not %s mg.", d.Devices, d.Devices*protocol.EsketamineDeviceMg, fmtNum(d.DoseMg))
		}
		d.ConcentrationMgPerML, d.VolumeML, d.RateMLPerHour, d.DurationMin = 0, 0, 0, 0
	} else {
		d.Devices = 0
	}
	if err := checkPlannedDose(ts.Route, d.DoseMg, ts.CeilingMg); err != nil {
		return d, err
	}
	needVolume := ts.Route == clinic.RouteIV || ts.Route == clinic.RouteIM
	if needVolume && !(d.ConcentrationMgPerML > 0 && d.VolumeML > 0) {
		return d, clinic.Errorf(clinic.Invalid, "Enter the concentration (mg/mL) and the volume drawn (mL).")
	}
	if d.ConcentrationMgPerML > 0 && d.VolumeML > 0 {
		if got := d.ConcentrationMgPerML * d.VolumeML; math.Abs(got-d.DoseMg) > math.Max(0.02*d.DoseMg, 0.5) {
			return d, clinic.Errorf(clinic.Invalid, "%s mL of %s mg/mL is %s mg, not the dose of %s mg.",
				fmtNum(d.VolumeML), fmtNum(d.ConcentrationMgPerML), fmtNum(got), fmtNum(d.DoseMg))
		}
	}
	if ts.Route == clinic.RouteIV {
		if d.DurationMin == 0 { // not entered: the plan's infusion time
			d.DurationMin = s.plannedInfusionMin(ctx, ts)
		}
		if d.RateMLPerHour == 0 || d.DurationMin == 0 {
			return d, clinic.Errorf(clinic.Invalid, "Enter the pump rate (mL/h) and the infusion duration (1 to 240 minutes).")
		}
	} else {
		d.RateMLPerHour, d.DurationMin = 0, 0
	}
	d.MgPerKg = math.Round(d.DoseMg/ts.WeightKg*1000) / 1000
	src, err := s.doseLedger.DoseContainer(ctx, a, ts.Drug, in.Stock, in.LotNumber, in.LotExpiry) // the controlled-substance ledger
	if err != nil {
		return d, err
	}
	containerID := src.ContainerID
	if containerID != 0 {
		in.LotNumber, in.LotExpiry = src.Lot, src.Expiry
	}
	if d.LotNumber, err = lotText.Clean(in.LotNumber); err != nil {
		return d, err
	}
	if d.LotExpiry, err = clinic.LotExpiry.ParseDate(in.LotExpiry, s.Now()); err != nil {
		return d, err
	}
	if d.StartedAt, err = s.clockTime(ctx, a.ClinicID, in.Start); err != nil {
		return d, err
	}
	if d.StartedAt.Before(ts.CheckedInAt.Truncate(time.Minute)) {
		return d, clinic.Errorf(clinic.Invalid, "The dose cannot start before check-in.")
	}
	if d.EndedAt, err = doseEnd(d, in.End); err != nil {
		return d, err
	}
	if !d.StartedAt.Before(d.LotExpiry.AddDate(0, 0, 1)) {
		return d, clinic.Errorf(clinic.Invalid, "Lot %s expired on %s; use a lot that is in date.", d.LotNumber, d.LotExpiry.Format(time.DateOnly))
	}
	waste, err := s.doseLedger.ConfirmDoseWaste(ctx, a, containerID, in.Stock) // its witness is confirmed before the write
	if err != nil {
		return d, err
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := service.LockOpenSession(ctx, tx, ts); err != nil {
			return err
		}
		if err := checkDoseSpacing(ctx, tx, ts, d.StartedAt); err != nil {
			return err
		}
		if err := attendAppointment(ctx, tx, ts); err != nil {
			return err
		}
		courseID, err := sessionCourse(ctx, tx, ts, d.StartedAt)
		if err != nil {
			return err
		}
		if d.AdministrationID, err = tx.CreateAdministration(ctx, clinic.Administration{ClinicID: ts.ClinicID,
			CourseID: courseID, PatientID: ts.PatientID, GivenAt: d.StartedAt, Route: ts.Route, DoseMg: d.DoseMg,
			WeightKg: ts.WeightKg}); err != nil {
			return err
		}
		if d.ID, err = tx.CreateSessionDose(ctx, d); err != nil {
			return err
		}
		if err := s.doseLedger.DrawForDose(ctx, tx, a, ts, d, containerID, waste); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.SessionEntry(a, service.ActSessionDose, ts))
	})
	return d, clinic.Wrap(err, "Could not save the dose.")
}

// doseEnd is when the dose ended: as entered (HH:MM, the first such time
// at or after the start), or else as long after the start as the dose
// lasts — the infusion time for IV, the rests between esketamine devices,
// none for a single injection or tablet. An entered end must agree with
// an infusion's duration: a blank end used to record a 40-minute infusion
// as 0 minutes and let discharge come 40 minutes early.
func doseEnd(d record.Dose, entered string) (time.Time, error) {
	lasts := time.Duration(d.DurationMin) * time.Minute
	if d.Devices > 1 {
		lasts = time.Duration(d.Devices-1) * protocol.EsketamineRestMin * time.Minute
	}
	entered = strings.TrimSpace(entered)
	if entered == "" {
		return d.StartedAt.Add(lasts), nil
	}
	hm, err := time.Parse("15:04", entered)
	if err != nil {
		return time.Time{}, clinic.Errorf(clinic.Invalid, "Enter times as HH:MM, for example 09:40.")
	}
	st := d.StartedAt
	end := time.Date(st.Year(), st.Month(), st.Day(), hm.Hour(), hm.Minute(), 0, 0, st.Location())
	if end.Before(st.Truncate(time.Minute)) {
		end = end.AddDate(0, 0, 1) // an infusion that ran past midnight
	}
	ran := end.Sub(st.Truncate(time.Minute))
	switch {
	case ran > 6*time.Hour && end.AddDate(0, 0, -1).Before(st.Truncate(time.Minute)):
		return time.Time{}, clinic.Errorf(clinic.Invalid, "The dose cannot end before it started (%s is before the start at %s).",
			entered, st.Format("15:04"))
	case ran > 6*time.Hour:
		return time.Time{}, clinic.Errorf(clinic.Invalid, "Check the start and end times: the dose would have lasted over 6 hours.")
	case d.Route == clinic.RouteIV && (ran-lasts > 5*time.Minute || lasts-ran > 5*time.Minute):
		return time.Time{}, clinic.Errorf(clinic.Invalid,
			"The infusion ran %d minutes by its start and end times, but its duration is %d minutes: correct one of them (a stopped infusion's duration is the minutes it ran).",
			int(ran.Minutes()), d.DurationMin)
	}
	return end, nil
}

// plannedInfusionMin is the infusion time of the plan session the
// session gives (or the plan's next one); 0 when the plan has none.
func (s *Service) plannedInfusionMin(ctx context.Context, ts record.TreatmentSession) int {
	plan, err := s.store.Read().Plan(ctx, ts.ClinicID, ts.PlanID)
	if err != nil {
		return 0
	}
	for _, ps := range plan.Sessions {
		if ps.Number == ts.PlanSession {
			return ps.DurationMin
		}
	}
	ps, _ := nextPlannedSession(plan, ts.CheckedInAt)
	return ps.DurationMin
}

// sessionCourse is the patient's latest course on the session's route, or
// a new one starting with this dose (its T0) when there is none.
func sessionCourse(ctx context.Context, tx Tx, ts record.TreatmentSession, start time.Time) (int64, error) {
	cs, err := tx.Courses(ctx, ts.ClinicID, ts.PatientID)
	if err != nil {
		return 0, err
	}
	var best *clinic.Course
	for i := range cs {
		if cs[i].Route == ts.Route && !cs[i].StartedAt.After(start) && (best == nil || cs[i].StartedAt.After(best.StartedAt)) {
			best = &cs[i]
		}
	}
	if best != nil {
		return best.ID, nil
	}
	pt, err := tx.Patient(ctx, ts.ClinicID, ts.PatientID)
	if err != nil {
		return 0, err
	}
	cond := clinic.Depression
	if len(pt.Conditions) > 0 {
		cond = pt.Conditions[0]
	}
	return tx.CreateCourse(ctx, clinic.Course{ClinicID: ts.ClinicID, PatientID: ts.PatientID, Condition: cond,
		Route: ts.Route, StartedAt: start})
}

// VitalsInput is one row of the grid as entered.
type VitalsInput struct {
	Time string // HH:MM clinic time; "" = now
	session.Vitals
	Note string
}

// RecordVitals saves one grid entry and the alerts it raises against the
// session's baseline and earlier entries, in one transaction.
func (s *Service) RecordVitals(ctx context.Context, a service.Actor, sessionID int64, in VitalsInput) (record.VitalsEntry, []record.VitalsAlert, error) {
	ts, err := s.loadWritable(ctx, a, service.ActSessionChart, sessionID)
	if err != nil {
		return record.VitalsEntry{}, nil, err
	}
	if ts.Status == record.SessionCancelled || ts.Status == record.SessionDischarged {
		return record.VitalsEntry{}, nil, clinic.Errorf(clinic.Conflict, "This session is %s; vital signs can no longer be added.", ts.Status)
	}
	if err := in.Vitals.Validate(true); err != nil {
		return record.VitalsEntry{}, nil, err
	}
	v := record.VitalsEntry{ClinicID: a.ClinicID, SessionID: ts.ID, Vitals: in.Vitals, RecordedBy: a.UserID,
		RecordedByName: service.ActorName(a), CreatedAt: s.Now()}
	if v.Note, err = noteText("the note", false).Clean(in.Note); err != nil {
		return v, nil, err
	}
	if v.TakenAt, err = s.clockTime(ctx, a.ClinicID, in.Time); err != nil {
		return v, nil, err
	}
	if v.TakenAt.Before(ts.CheckedInAt.Truncate(time.Minute)) {
		return v, nil, clinic.Errorf(clinic.Invalid, "Vital signs cannot be taken before check-in (%s UTC).", ts.CheckedInAt.Format("15:04"))
	}
	rules, err := service.SessionRulesIn(ctx, s.store.Read(), a.ClinicID)
	if err != nil {
		return v, nil, clinic.Wrap(err, "Could not load the clinic's session rules.")
	}
	limits := rules.Alerts
	var alerts []record.VitalsAlert
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := service.LockOpenSession(ctx, tx, ts); err != nil {
			return err
		}
		earlier, err := tx.SessionVitals(ctx, ts.ClinicID, ts.ID)
		if err != nil {
			return err
		}
		rs := make([]session.Reading, len(earlier))
		for i, e := range earlier {
			rs[i] = session.Reading{At: e.TakenAt, Vitals: e.Vitals}
		}
		if v.ID, err = tx.CreateSessionVitals(ctx, v); err != nil {
			return err
		}
		// One reading, one alert with every limit it broke.
		if al, ok := session.Combine(limits.Check(ts.Baseline, rs, session.Reading{At: v.TakenAt, Vitals: v.Vitals})); ok {
			va := record.VitalsAlert{ClinicID: ts.ClinicID, SessionID: ts.ID, VitalsID: v.ID, Kind: al.Kind, Message: al.Message,
				CreatedAt: v.CreatedAt}
			if va.ID, err = tx.CreateVitalsAlert(ctx, va); err != nil {
				return err
			}
			alerts = append(alerts, va)
		}
		return tx.AppendAudit(ctx, s.SessionEntry(a, service.ActSessionChart, ts))
	})
	if err != nil {
		return v, nil, clinic.Wrap(err, "Could not save the vital signs.")
	}
	if len(alerts) > 0 {
		s.publishVitalsAlerts(ctx, ts, v, alerts)
	}
	return v, alerts, nil
}

// AcknowledgeVitalsAlert records what was done about an alert.
func (s *Service) AcknowledgeVitalsAlert(ctx context.Context, a service.Actor, sessionID, alertID int64, action, note string) error {
	ts, err := s.loadWritable(ctx, a, service.ActSessionChart, sessionID)
	if err != nil {
		return err
	}
	al := record.VitalsAlert{ID: alertID, ClinicID: a.ClinicID, SessionID: ts.ID, AckBy: a.UserID, AckByName: service.ActorName(a), AckAt: s.Now()}
	if al.AckAction, err = oneOf(action, AlertActions, "action taken"); err != nil {
		return err
	}
	if al.AckNote, err = noteText("a note on the action taken", true).Clean(note); err != nil {
		return err
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := service.LockOpenSession(ctx, tx, ts); err != nil {
			return err
		}
		if err := tx.AcknowledgeVitalsAlert(ctx, al); err != nil {
			return err
		}
		e := s.SessionEntry(a, service.ActSessionChart, ts)
		e.RecordType, e.RecordID = "session_alert", alertID
		return tx.AppendAudit(ctx, e)
	})
	return clinic.Wrap(err, "Could not save the acknowledgement.")
}

// SideEffectInput is a side effect (Kind "side-effect", Effect from
// SideEffectNames) or an adverse event (Kind "adverse-event", Effect a
// description, with an outcome).
type SideEffectInput struct {
	Kind, Effect, Grade, Outcome, Time, Note string
}

// RecordSideEffect saves a side effect or adverse event.
func (s *Service) RecordSideEffect(ctx context.Context, a service.Actor, sessionID int64, in SideEffectInput) (record.SideEffect, error) {
	ts, err := s.loadWritable(ctx, a, service.ActSessionChart, sessionID)
	if err != nil {
		return record.SideEffect{}, err
	}
	if ts.Status == record.SessionDischarged {
		return record.SideEffect{}, clinic.Errorf(clinic.Conflict, "This session is closed; record later effects as an addendum.")
	}
	e := record.SideEffect{ClinicID: a.ClinicID, SessionID: ts.ID, Kind: in.Kind, RecordedBy: a.UserID, RecordedByName: service.ActorName(a)}
	if e.Note, err = noteText("the note", false).Clean(in.Note); err != nil {
		return e, err
	}
	switch in.Kind {
	case "side-effect":
		if e.Effect, err = oneOf(in.Effect, SideEffectNames, "side effect"); err != nil {
			return e, err
		}
		if e.Effect == "other" && e.Note == "" {
			return e, clinic.Errorf(clinic.Invalid, "Describe the side effect in the note.")
		}
		if e.Grade, err = oneOf(in.Grade, SideEffectGrades, "grade"); err != nil {
			return e, err
		}
	case "adverse-event":
		if e.Effect, err = noteText("what happened", true).Clean(in.Effect); err != nil {
			return e, err
		}
		if e.Grade, err = oneOf(in.Grade, AdverseEventGrades, "severity"); err != nil {
			return e, err
		}
		if e.Outcome, err = oneOf(in.Outcome, AdverseEventOutcome, "outcome"); err != nil {
			return e, err
		}
	default:
		return e, clinic.Errorf(clinic.Invalid, "Choose a side effect or an adverse event.")
	}
	if e.NotedAt, err = s.clockTime(ctx, a.ClinicID, in.Time); err != nil {
		return e, err
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := service.LockOpenSession(ctx, tx, ts); err != nil {
			return err
		}
		if e.ID, err = tx.CreateSideEffect(ctx, e); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.SessionEntry(a, service.ActSessionChart, ts))
	})
	return e, clinic.Wrap(err, "Could not save the entry.")
}
