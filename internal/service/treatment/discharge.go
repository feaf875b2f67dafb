package treatment

import (
	"context"
	"math"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/service"
	"onset/internal/session"
)

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
		if _, err := service.LockOpenSession(ctx, tx, ts); err != nil {
			return err
		}
		rec, err := tx.SessionRecord(ctx, a.ClinicID, sessionID)
		if err != nil {
			return err
		}
		if unmet := rules.Discharge.Unmet(record.DischargeState(rec, now, in.AlertOriented, in.AdultPresent), rules.Alerts); len(unmet) > 0 {
			return clinic.Errorf(clinic.Conflict, "Discharge is not allowed yet: %s", strings.Join(unmet, " "))
		}
		ts = rec.Session
		ts.Status, ts.AlertOriented, ts.AdultPresent, ts.DischargeInstructions = record.SessionDischarged, in.AlertOriented, in.AdultPresent, instr
		ts.DischargedBy, ts.DischargedByName, ts.DischargedAt = a.UserID, service.ActorName(a), now
		if err := tx.DischargeSession(ctx, ts); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.SessionEntry(a, service.ActSessionDischarge, ts))
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
		pg.DischargeBlockers = record.DischargeBlockers(pg.Record, now, rules)
	}
	pg.EarliestDischarge = record.EarliestDischarge(pg.Record, rules)
	pg.NextVitals = record.NextVitalsDue(pg.Record, rules, now)
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
		f := record.BuildREMSForm(pg.Record, rules.Alerts)
		pg.REMS, pg.REMSMissing = &f, f.Missing()
		pg.REMSStatus = session.Status(f, pg.Record.REMS != nil && !pg.Record.REMS.SignedAt.IsZero(), ts.CheckedInAt, now)
		pg.REMSDue = ts.CheckedInAt.Add(session.FormDueWithin)
	}
	return pg, s.AuditRead(ctx, s.SessionEntry(a, service.ActSessionRead, ts))
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
		settings, _, err := service.ClinicSettingsIn(ctx, r, a.ClinicID)
		if err != nil {
			return out, clinic.Wrap(err, "Could not read the clinic's settings.")
		}
		since := s.Now().Add(-settings.Cadence().PreAhead)
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
