package treatment

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/session"
)

// Doses follow the plan and the calendar: a check-in becomes the patient's
// booked appointment of the day and the plan session it gives, and neither
// check-in nor dose may break the dose spacing (one treatment a clinic
// day, the plan's minimum days apart) unless a clinician overrides it with
// a reason at check-in.

// placement is where a check-in falls in the calendar and the plan.
type placement struct {
	appointment *record.Appointment // the booked treatment appointment of the day; nil for a walk-in
	planSession int                 // the plan's session number it gives; 0 when none is left
	problem     string              // why the spacing rule refuses it; "" when it does not
}

// schedulingLocation is the clinic's scheduling time zone: where its days begin.
func schedulingLocation(ctx context.Context, q Queries, clinicID int64) (*time.Location, error) {
	st, err := q.BookingSettings(ctx, clinicID)
	if err != nil {
		return time.UTC, err
	}
	loc, err := time.LoadLocation(st.Timezone)
	if err != nil || st.Timezone == "" {
		return time.UTC, nil
	}
	return loc, nil
}

// doseSpacing is the spacing rule of a plan in the clinic's time zone.
func doseSpacing(p record.Plan, loc *time.Location) session.DoseSpacing {
	r := session.DoseSpacing{Loc: loc}
	if t, ok := p.Protocol(); ok {
		r.MinHoursApart = t.MinHoursApart
	}
	return r
}

// doseTimes are when the patient's doses were given (every route: one
// treatment a day holds across routes), from the administrations that
// every recorded dose and every imported treatment leaves.
func doseTimes(ctx context.Context, q Queries, clinicID, patientID int64) ([]time.Time, error) {
	as, err := q.Administrations(ctx, clinicID, patientID)
	if err != nil {
		return nil, err
	}
	out := make([]time.Time, len(as))
	for i, a := range as {
		out[i] = a.GivenAt
	}
	return out, nil
}

// placeCheckIn finds the appointment and plan session a check-in at now
// is, and whether the spacing rule allows it.
func placeCheckIn(ctx context.Context, q Queries, clinicID, patientID int64, plan record.Plan, now time.Time) (placement, error) {
	var pl placement
	loc, err := schedulingLocation(ctx, q, clinicID)
	if err != nil {
		return pl, err
	}
	sessions, err := q.PatientTreatmentSessions(ctx, clinicID, patientID)
	if err != nil {
		return pl, err
	}
	rule := doseSpacing(plan, loc)
	for _, ts := range sessions {
		if (ts.Status == record.SessionReady || ts.Status == record.SessionHeld) && sameDay(ts.CheckedInAt, now, loc) {
			pl.problem = "One treatment a day: this patient was already checked in at " + ts.CheckedInAt.In(loc).Format("15:04") +
				" and that session is still open; continue it."
			break
		}
	}
	if pl.problem == "" {
		times, err := doseTimes(ctx, q, clinicID, patientID)
		if err != nil {
			return pl, err
		}
		pl.problem = rule.Check(times, now)
	}
	appts, err := q.PatientAppointments(ctx, clinicID, patientID)
	if err != nil {
		return pl, err
	}
	for i, ap := range appts {
		if ap.Status != record.AppointmentBooked || !schedule.IsTreatment(ap.Kind) || !sameDay(ap.Start, now, loc) {
			continue
		}
		if pl.appointment == nil || absDuration(ap.Start.Sub(now)) < absDuration(pl.appointment.Start.Sub(now)) {
			pl.appointment = &appts[i]
		}
	}
	if ap := pl.appointment; ap != nil && ap.PlanID == plan.ID && ap.PlanSession > 0 {
		pl.planSession = ap.PlanSession
		return pl, nil
	}
	pl.planSession = nextPlanSession(plan, sessions)
	return pl, nil
}

// nextPlanSession is the plan's first session that no live session of
// the patient gives yet; 0 when every one is given.
func nextPlanSession(plan record.Plan, sessions []record.TreatmentSession) int {
	taken := map[int]bool{}
	for _, ts := range sessions {
		if ts.PlanID == plan.ID && ts.Status != record.SessionCancelled && ts.PlanSession > 0 {
			taken[ts.PlanSession] = true
		}
	}
	for _, ps := range plan.Sessions {
		if !taken[ps.Number] {
			return ps.Number
		}
	}
	return 0
}

func sameDay(a, b time.Time, loc *time.Location) bool {
	ya, ma, da := a.In(loc).Date()
	yb, mb, db := b.In(loc).Date()
	return ya == yb && ma == mb && da == db
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// overrideSpacing records a clinician's override of a spacing refusal on
// the session, or refuses the check-in with the reason and who may
// override it.
func overrideSpacing(a service.Actor, ts *record.TreatmentSession, problem, reason string) error {
	if problem == "" {
		return nil
	}
	if reason == "" {
		return clinic.Errorf(clinic.Conflict, "%s A clinician may check the patient in with an override and its reason.", problem)
	}
	if !service.Allowed(a.Role, service.ActSessionOverride) {
		return clinic.Errorf(clinic.Forbidden, "%s Only a clinician may override the spacing.", problem)
	}
	reason, err := noteText("the reason for the override", true).Clean(reason)
	if err != nil {
		return err
	}
	ts.SpacingOverride, ts.SpacingOverrideBy, ts.SpacingOverrideByName = reason, a.UserID, service.ActorName(a)
	return nil
}

// checkDoseSpacing refuses a dose at start that breaks the spacing rule,
// unless the session was checked in with an override. It runs in the
// dose's transaction, so two sessions dosed at once are both checked.
func checkDoseSpacing(ctx context.Context, tx Tx, ts record.TreatmentSession, start time.Time) error {
	if ts.SpacingOverride != "" {
		return nil
	}
	plan, err := tx.Plan(ctx, ts.ClinicID, ts.PlanID)
	if err != nil {
		return err
	}
	loc, err := schedulingLocation(ctx, tx, ts.ClinicID)
	if err != nil {
		return err
	}
	times, err := doseTimes(ctx, tx, ts.ClinicID, ts.PatientID)
	if err != nil {
		return err
	}
	if problem := doseSpacing(plan, loc).Check(times, start); problem != "" {
		return clinic.Errorf(clinic.Conflict, "%s No dose is recorded: cancel this session, or a clinician checks the patient in again with an override and its reason.", problem)
	}
	return nil
}

// attendAppointment marks the session's appointment attended once dosed.
func attendAppointment(ctx context.Context, tx Tx, ts record.TreatmentSession) error {
	if ts.AppointmentID == 0 {
		return nil
	}
	ap, err := tx.Appointment(ctx, ts.ClinicID, ts.AppointmentID)
	if err != nil {
		return err
	}
	if ap.Status != record.AppointmentBooked {
		return nil
	}
	ap.Status = record.AppointmentAttended
	return tx.UpdateAppointment(ctx, ap)
}
