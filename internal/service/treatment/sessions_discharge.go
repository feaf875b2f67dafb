package treatment

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/service"
	"onset/internal/session"
)

// dischargeState is the discharge decision's view of a record at now.
func dischargeState(rec record.SessionRecord, now time.Time, alertOriented, adult bool) session.DischargeState {
	st := session.DischargeState{Route: rec.Session.Route, Now: now, Baseline: rec.Session.Baseline,
		AlertOriented: alertOriented, ResponsibleAdult: adult}
	if rec.Dose != nil {
		st.Dosed, st.DoseStart, st.DoseEnd = true, rec.Dose.StartedAt, rec.Dose.EndedAt
	}
	for i := range rec.Vitals {
		v := rec.Vitals[i]
		if st.Last == nil || !v.TakenAt.Before(st.Last.At) {
			st.Last = &session.Reading{At: v.TakenAt, Vitals: v.Vitals}
		}
	}
	for _, a := range rec.Alerts {
		if a.Open() {
			st.OpenAlerts++
		}
	}
	return st
}

// DischargeBlockers lists the criteria a session does not yet meet, apart
// from the two that staff attest at discharge (alert and oriented, a
// responsible adult present), which the discharge form asks for.
func DischargeBlockers(rec record.SessionRecord, now time.Time, rules record.SessionRules) []string {
	return rules.Discharge.Unmet(dischargeState(rec, now, true, true), rules.Alerts)
}

// EarliestDischarge is when the minimum monitoring time ends (zero before the dose).
func EarliestDischarge(rec record.SessionRecord, rules record.SessionRules) time.Time {
	if rec.Dose == nil {
		return time.Time{}
	}
	return rules.Discharge.MinimumEnd(rec.Session.Route, rec.Dose.StartedAt, rec.Dose.EndedAt)
}

// NextVitalsDue is when the next vital signs are due after the latest
// (or after check-in): every VitalsDuring while the dose runs, every
// VitalsAfter once it has ended. Zero once the session is closed.
func NextVitalsDue(rec record.SessionRecord, rules record.SessionRules, now time.Time) time.Time {
	ts := rec.Session
	if ts.Status == record.SessionDischarged || ts.Status == record.SessionCancelled {
		return time.Time{}
	}
	last := ts.CheckedInAt
	for _, v := range rec.Vitals {
		if v.TakenAt.After(last) {
			last = v.TakenAt
		}
	}
	every := rules.VitalsAfter
	if d := rec.Dose; d != nil && (d.EndedAt.IsZero() || now.Before(d.EndedAt)) {
		every = rules.VitalsDuring
	}
	return last.Add(every)
}

// DischargeInput is what staff attest and write at discharge.
type DischargeInput struct {
	AlertOriented, AdultPresent bool
	Instructions                string
}

// Discharge discharges a dosed session when every criterion passes;
// otherwise it is refused with the unmet criteria listed and nothing changes.
func (s *Service) Discharge(ctx context.Context, a service.Actor, sessionID int64, in DischargeInput) (record.TreatmentSession, error) {
	ts, err := s.loadWritable(ctx, a, service.ActSessionDischarge, sessionID)
	if err != nil {
		return ts, err
	}
	if ts.Status != record.SessionDosed {
		return ts, clinic.Errorf(clinic.Conflict, "Only a dosed session that is still open can be discharged (this one is %s).", ts.Status)
	}
	instr, err := noteText("the discharge instructions", true).Clean(in.Instructions)
	if err != nil {
		return ts, err
	}
	now := s.Now()
	rules, err := service.SessionRulesIn(ctx, s.store.Read(), a.ClinicID)
	if err != nil {
		return ts, clinic.Wrap(err, "Could not load the clinic's session rules.")
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := lockOpen(ctx, tx, ts); err != nil {
			return err
		}
		rec, err := tx.SessionRecord(ctx, a.ClinicID, sessionID)
		if err != nil {
			return err
		}
		if unmet := rules.Discharge.Unmet(dischargeState(rec, now, in.AlertOriented, in.AdultPresent), rules.Alerts); len(unmet) > 0 {
			return clinic.Errorf(clinic.Conflict, "Discharge is not allowed yet: %s", strings.Join(unmet, " "))
		}
		ts = rec.Session
		ts.Status, ts.AlertOriented, ts.AdultPresent, ts.DischargeInstructions = record.SessionDischarged, in.AlertOriented, in.AdultPresent, instr
		ts.DischargedBy, ts.DischargedByName, ts.DischargedAt = a.UserID, service.ActorName(a), now
		if err := tx.DischargeSession(ctx, ts); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, sessionEntry(s, a, service.ActSessionDischarge, ts))
	})
	return ts, clinic.Wrap(err, "Could not save the discharge.")
}

// SessionPage is a session with the decisions the page shows.
type SessionPage struct {
	Record            record.SessionRecord
	Patient           clinic.Patient
	DischargeBlockers []string
	EarliestDischarge time.Time
	REMS              *session.REMSForm // esketamine only
	REMSMissing       []string
	REMSStatus        session.FormStatus
	REMSDue           time.Time
	Prefill           DosePrefill                // for the dose form, from the signed plan
	Expected          *SessionExpectation        // the modelled concentration; nil when there is nothing to model
	NextVitals        time.Time                  // when the next vital signs are due; zero when closed
	VitalsOverdue     time.Duration              // how late the next vital signs are; 0 when not yet due
	VitalsFlags       map[int64]session.Abnormal // each reading's values outside the alert limits, by vitals ID
}

// DosePrefill is the dose preparation the plan implies for the planned dose.
type DosePrefill struct {
	ConcentrationMgPerML, VolumeML, RateMLPerHour float64
	DurationMin                                   int
}

// dosePrefill prepares the planned dose as the plan does: the stocked
// concentration, the volume to draw and, for IV, the pump rate over the
// plan's infusion time into its bag.
func dosePrefill(ts record.TreatmentSession, p record.Plan, day time.Time) DosePrefill {
	var d DosePrefill
	if p.ConcentrationMgPerML <= 0 || ts.PlannedDoseMg <= 0 {
		return d
	}
	d.ConcentrationMgPerML = p.ConcentrationMgPerML
	d.VolumeML = math.Round(ts.PlannedDoseMg/p.ConcentrationMgPerML*100) / 100
	if ps, ok := nextPlannedSession(p, day); ok && ts.Route == clinic.RouteIV && ps.DurationMin > 0 {
		d.DurationMin = ps.DurationMin
		d.RateMLPerHour = math.Round((d.VolumeML+p.DiluentML)/float64(ps.DurationMin)*60*10) / 10
	}
	return d
}

// Session returns a session's record for the session page (audited).
func (s *Service) Session(ctx context.Context, a service.Actor, sessionID int64) (SessionPage, error) {
	ts, err := s.loadSession(ctx, a, service.ActSessionRead, sessionID)
	if err != nil {
		return SessionPage{}, err
	}
	r := s.store.Read()
	var pg SessionPage
	if pg.Record, err = r.SessionRecord(ctx, a.ClinicID, ts.ID); err != nil {
		return pg, clinic.Wrap(err, "Could not load the session.")
	}
	if pg.Patient, err = r.Patient(ctx, a.ClinicID, ts.PatientID); err != nil {
		return pg, clinic.Wrap(err, "Could not load the patient.")
	}
	now := s.Now()
	rules, err := service.SessionRulesIn(ctx, r, a.ClinicID)
	if err != nil {
		return pg, clinic.Wrap(err, "Could not load the clinic's session rules.")
	}
	if ts.Status == record.SessionDosed {
		pg.DischargeBlockers = DischargeBlockers(pg.Record, now, rules)
	}
	pg.EarliestDischarge = EarliestDischarge(pg.Record, rules)
	pg.NextVitals = NextVitalsDue(pg.Record, rules, now)
	if !pg.NextVitals.IsZero() && now.After(pg.NextVitals) {
		pg.VitalsOverdue = now.Sub(pg.NextVitals).Truncate(time.Minute)
	}
	pg.VitalsFlags = map[int64]session.Abnormal{}
	for _, v := range pg.Record.Vitals {
		pg.VitalsFlags[v.ID] = rules.Alerts.Flags(ts.Baseline, v.Vitals)
	}
	if ts.PlanID > 0 && ts.Status == record.SessionReady {
		if plan, err := r.Plan(ctx, a.ClinicID, ts.PlanID); err == nil {
			pg.Prefill = dosePrefill(ts, plan, ts.CheckedInAt)
		}
	}
	if x, ok := sessionExpectation(pg.Record); ok {
		pg.Expected = &x
	}
	if ts.Drug == record.DrugEsketamine && pg.Record.Dose != nil {
		f := buildREMSForm(pg.Record, rules.Alerts)
		pg.REMS, pg.REMSMissing = &f, f.Missing()
		pg.REMSStatus = session.Status(f, pg.Record.REMS != nil && !pg.Record.REMS.SignedAt.IsZero(), ts.CheckedInAt, now)
		pg.REMSDue = ts.CheckedInAt.Add(session.FormDueWithin)
	}
	return pg, s.AuditRead(ctx, sessionEntry(s, a, service.ActSessionRead, ts))
}

// buildREMSForm fills the Patient Monitoring Form from a session record.
func buildREMSForm(rec record.SessionRecord, limits session.AlertLimits) session.REMSForm {
	r := session.REMSRecord{Baseline: rec.Session.Baseline, Discharged: rec.Session.DischargedAt,
		BaselineHeld: rec.Session.HoldReason != ""}
	if rec.Dose != nil {
		r.DoseMg, r.LotNumber, r.FirstDevice = int(rec.Dose.DoseMg), rec.Dose.LotNumber, rec.Dose.StartedAt
	}
	for _, v := range rec.Vitals {
		r.Readings = append(r.Readings, session.Reading{At: v.TakenAt, Vitals: v.Vitals})
	}
	for _, e := range rec.SideEffects {
		switch e.Effect {
		case "sedation":
			r.SedationNoted = true
		case "dissociation":
			r.DissociationNoted = true
		case "respiratory depression":
			r.RespiratoryDepressionNoted = true
		}
	}
	if rec.REMS != nil {
		r.Medications, r.ReadyToLeave = rec.REMS.Medications, rec.REMS.ReadyMinutes
	}
	if n := len(r.Readings); n > 0 {
		last := slices.MaxFunc(r.Readings, func(x, y session.Reading) int { return x.At.Compare(y.At) })
		r.EndAlerts = limits.WithinLimits(rec.Session.Baseline, last)
	}
	return session.BuildREMS(r, limits)
}

// PatientSessions is a patient's sessions and what a new check-in needs.
type PatientSessions struct {
	Patient     clinic.Patient
	Sessions    []record.TreatmentSession
	Plan        *record.Plan // the signed plan in force; nil when none
	PlannedDose float64
	CeilingMg   float64
	// REMSEnrolments are the patient's Spravato REMS enrolment records,
	// newest first (the first is the current status).
	REMSEnrolments []record.REMSEnrolment
	// PreSession is the questionnaire due before a session — the
	// condition's instrument (PrimaryInstrument) — and its latest answer in
	// the preSessionAhead window, if any.
	PreSessionInstrument string
	PreSession           *clinic.Assessment
}

// REMSEnrolled reports the patient's current REMS status.
func (p PatientSessions) REMSEnrolled() bool {
	return len(p.REMSEnrolments) > 0 && p.REMSEnrolments[0].Enrolled
}

// PatientTreatment lists a patient's sessions (audited).
func (s *Service) PatientTreatment(ctx context.Context, a service.Actor, patientID int64) (PatientSessions, error) {
	if err := service.AuthorizePatient(a, service.ActSessionRead, patientID); err != nil {
		return PatientSessions{}, err
	}
	r := s.store.Read()
	var out PatientSessions
	var err error
	if out.Patient, err = r.Patient(ctx, a.ClinicID, patientID); err != nil {
		return out, clinic.Wrap(err, "Could not load the patient.")
	}
	if out.Sessions, err = r.PatientTreatmentSessions(ctx, a.ClinicID, patientID); err != nil {
		return out, clinic.Wrap(err, "Could not load the sessions.")
	}
	if out.REMSEnrolments, err = r.REMSEnrolments(ctx, a.ClinicID, patientID); err != nil {
		return out, clinic.Wrap(err, "Could not load the REMS enrolment.")
	}
	courses, err := r.Courses(ctx, a.ClinicID, patientID)
	if err != nil {
		return out, clinic.Wrap(err, "Could not load the patient's courses.")
	}
	if cond, ok := clinic.TreatedCondition(courses, out.Patient); ok {
		out.PreSessionInstrument = scales.PrimaryFor(cond)
		as, err := r.Assessments(ctx, a.ClinicID, patientID)
		if err != nil {
			return out, clinic.Wrap(err, "Could not load the questionnaires.")
		}
		since := s.Now().Add(-scales.PreSessionAhead)
		for i := range as {
			if as[i].Instrument == out.PreSessionInstrument && !as[i].TakenAt.Before(since) {
				out.PreSession = &as[i] // oldest first: the last match is the latest
			}
		}
	}
	if service.Allowed(a.Role, service.ActPlanRead) {
		p, err := s.plans.SignedPlan(ctx, a, patientID)
		switch {
		case err == nil:
			out.Plan, out.PlannedDose, out.CeilingMg = &p, NextPlannedDose(p, s.Now()), planCeilingMg(p)
		case clinic.ErrorCode(err) != clinic.NotFound:
			return out, err
		}
	}
	e := s.Entry(a, service.ActSessionRead, patientID)
	e.RecordType, e.RecordID = "patient", patientID
	return out, s.AuditRead(ctx, e)
}

// REMSInput is the form's own answers: "yes", "no" or "" for each
// concomitant medication, and the minutes until ready to leave.
type REMSInput struct {
	Medications  [4]string
	ReadyMinutes string
}

// SaveREMS saves the REMS answers the session record does not hold.
func (s *Service) SaveREMS(ctx context.Context, a service.Actor, sessionID int64, in REMSInput) error {
	ts, err := s.loadWritable(ctx, a, service.ActSessionChart, sessionID)
	if err != nil {
		return err
	}
	if ts.Drug != record.DrugEsketamine {
		return clinic.Errorf(clinic.Invalid, "The REMS form is for esketamine sessions only.")
	}
	ans := record.REMSAnswers{SessionID: ts.ID, ClinicID: a.ClinicID, UpdatedAt: s.Now()}
	for i, m := range in.Medications {
		switch strings.TrimSpace(m) {
		case "yes":
			ans.Medications[i] = new(bool)
			*ans.Medications[i] = true
		case "no":
			ans.Medications[i] = new(bool)
		case "":
		default:
			return clinic.Errorf(clinic.Invalid, "Answer each medication question with yes or no.")
		}
	}
	if v := strings.TrimSpace(in.ReadyMinutes); v != "" {
		m, err := clinic.ParseInt("the minutes until ready to leave", v)
		if err != nil || clinic.MonitorMin.CheckInt("", m) != nil {
			return clinic.Errorf(clinic.Invalid, "Enter the minutes until the patient would have been ready to leave, from 0 to 1440.")
		}
		ans.ReadyMinutes = &m
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := lockOpen(ctx, tx, ts); err != nil {
			return err
		}
		if err := tx.SaveREMSAnswers(ctx, ans); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, sessionEntry(s, a, service.ActSessionChart, ts))
	})
	return clinic.Wrap(err, "Could not save the REMS form.")
}

// SignREMS signs a complete REMS form; an incomplete one is refused with
// the missing fields listed.
func (s *Service) SignREMS(ctx context.Context, a service.Actor, sessionID int64) error {
	ts, err := s.loadWritable(ctx, a, service.ActREMSSign, sessionID)
	if err != nil {
		return err
	}
	if ts.Drug != record.DrugEsketamine {
		return clinic.Errorf(clinic.Invalid, "The REMS form is for esketamine sessions only.")
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := lockOpen(ctx, tx, ts); err != nil {
			return err
		}
		rec, err := tx.SessionRecord(ctx, a.ClinicID, ts.ID)
		if err != nil {
			return err
		}
		rules, err := service.SessionRulesIn(ctx, tx, a.ClinicID)
		if err != nil {
			return err
		}
		if missing := buildREMSForm(rec, rules.Alerts).Missing(); len(missing) > 0 || rec.REMS == nil {
			if len(missing) == 0 {
				missing = []string{"the form's answers"}
			}
			return clinic.Errorf(clinic.Invalid, "The REMS form cannot be signed while incomplete. Missing: %s.", strings.Join(missing, ", "))
		}
		if err := tx.SignREMSForm(ctx, a.ClinicID, ts.ID, a.UserID, service.ActorName(a), s.Now()); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, sessionEntry(s, a, service.ActREMSSign, ts))
	})
	return clinic.Wrap(err, "Could not sign the REMS form.")
}

// REMSQueueRow is one form in the queue.
type REMSQueueRow struct {
	Session record.TreatmentSession
	Patient clinic.Patient
	Status  session.FormStatus
	Due     time.Time
	Missing int
}

// REMSQueue lists the esketamine sessions of the last 14 days whose forms
// are due (7 days from the session), unsigned first by due date (audited).
func (s *Service) REMSQueue(ctx context.Context, a service.Actor) ([]REMSQueueRow, error) {
	if err := service.Authorize(a, service.ActSessionRead); err != nil {
		return nil, err
	}
	now := s.Now()
	r := s.store.Read()
	rules, err := service.SessionRulesIn(ctx, r, a.ClinicID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the clinic's session rules.")
	}
	ss, err := r.EsketamineSessionsSince(ctx, a.ClinicID, now.Add(-2*session.FormDueWithin))
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the sessions.")
	}
	var out []REMSQueueRow
	for _, ts := range ss {
		rec, err := r.SessionRecord(ctx, a.ClinicID, ts.ID)
		if err != nil {
			return nil, clinic.Wrap(err, "Could not load the sessions.")
		}
		pt, err := r.Patient(ctx, a.ClinicID, ts.PatientID)
		if err != nil {
			return nil, clinic.Wrap(err, "Could not load the patient.")
		}
		f := buildREMSForm(rec, rules.Alerts)
		signed := rec.REMS != nil && !rec.REMS.SignedAt.IsZero()
		out = append(out, REMSQueueRow{Session: ts, Patient: pt, Status: session.Status(f, signed, ts.CheckedInAt, now),
			Due: ts.CheckedInAt.Add(session.FormDueWithin), Missing: len(f.Missing())})
	}
	slices.SortStableFunc(out, func(x, y REMSQueueRow) int {
		if (x.Status == session.FormSigned) != (y.Status == session.FormSigned) {
			if x.Status == session.FormSigned {
				return 1
			}
			return -1
		}
		return x.Due.Compare(y.Due)
	})
	e := s.Entry(a, service.ActSessionRead, 0)
	e.RecordType = "rems_queue"
	return out, s.AuditRead(ctx, e)
}
