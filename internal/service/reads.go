package service

import (
	"context"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"strings"
	"time"
)

// Reads more than one capability makes inside its own transactions: the
// clinic's calendar, the signed plan, the screening gate, the REMS
// enrolment and the session rules. Each takes only the reads it needs, so
// any capability whose storage has them can ask.

// CalendarReader reads what a clinic's calendar is built from.
type CalendarReader interface {
	ClinicSettings(ctx context.Context, clinicID int64) (record.ClinicSettings, bool, error)
	BookingSettings(ctx context.Context, clinicID int64) (record.BookingSettings, error)
	BookingResources(ctx context.Context, clinicID int64) ([]record.BookingResource, error)
	BookingProviders(ctx context.Context, clinicID int64) ([]record.BookingProvider, error)
}

// PlanReader reads a patient's treatment plans.
type PlanReader interface {
	Plans(ctx context.Context, clinicID, patientID int64) ([]record.Plan, error)
}

// ScreeningReader reads a patient's latest intake and its override.
// LatestIntake and IntakeOverride are clinic.NotFound when there is none.
type ScreeningReader interface {
	LatestIntake(ctx context.Context, clinicID, patientID int64) (record.Intake, error)
	IntakeOverride(ctx context.Context, clinicID, intakeID int64) (record.ScreeningOverride, error)
}

// SessionRulesReader reads the clinic's saved session rules.
type SessionRulesReader interface {
	SessionSettings(ctx context.Context, clinicID int64) (record.SessionSettings, bool, error)
}

// REMSReader reads a patient's Spravato REMS enrolment records.
type REMSReader interface {
	REMSEnrolments(ctx context.Context, clinicID, patientID int64) ([]record.REMSEnrolment, error)
}

// CalendarSetup is what a Calendar is built from.
type CalendarSetup struct {
	Settings  record.BookingSettings
	Loc       *time.Location
	Resources []record.BookingResource
	Providers []record.BookingProvider
}

func LoadCalendarSetup(ctx context.Context, q CalendarReader, clinicID int64) (CalendarSetup, error) {
	var cs CalendarSetup
	var err error
	if cs.Settings, err = q.BookingSettings(ctx, clinicID); err != nil {
		return cs, err
	}
	// The clinic's own settings name its time zone; booking's own setting
	// is the fallback for a clinic that has saved none.
	if st, ok, err := q.ClinicSettings(ctx, clinicID); err != nil {
		return cs, err
	} else if ok && st.Timezone != "" {
		cs.Settings.Timezone = st.Timezone
	}
	if cs.Loc, err = time.LoadLocation(cs.Settings.Timezone); err != nil || cs.Settings.Timezone == "" {
		cs.Loc = time.UTC
	}
	if len(cs.Settings.Hours) == 0 {
		cs.Settings.Hours = record.DefaultHours()
	}
	if cs.Resources, err = q.BookingResources(ctx, clinicID); err != nil {
		return cs, err
	}
	cs.Providers, err = q.BookingProviders(ctx, clinicID)
	return cs, err
}

// Calendar builds the schedule.Calendar of the live appointments given.
func (cs CalendarSetup) Calendar(appts []record.Appointment) (*schedule.Calendar, error) {
	rs := make([]schedule.Resource, len(cs.Resources))
	for i, r := range cs.Resources {
		rs[i] = schedule.Resource{ID: r.ID, Name: r.Name, Kind: r.Kind, Hosts: r.Hosts}
	}
	ps := make([]schedule.Provider, len(cs.Providers))
	for i, p := range cs.Providers {
		ps[i] = schedule.Provider{ID: p.ID, Name: p.Name, Kinds: p.Kinds, Hours: p.Hours}
	}
	var bs []schedule.Booking
	for _, a := range appts {
		if a.Status != record.AppointmentCancelled {
			bs = append(bs, schedule.Booking{ID: a.ID, PatientID: a.PatientID, Slot: a.Slot()})
		}
	}
	return schedule.NewCalendar(schedule.Hours{Location: cs.Loc, Open: cs.Settings.Hours}, schedule.DefaultTypes(), rs, ps, bs)
}

// SignedPlanIn is SignedPlan's choice, read through q (inside a transaction).
func SignedPlanIn(ctx context.Context, q PlanReader, clinicID, patientID int64) (record.Plan, error) {
	all, err := q.Plans(ctx, clinicID, patientID)
	if err != nil {
		return record.Plan{}, err
	}
	var best *record.Plan
	for i := range all {
		p := &all[i]
		if p.Status == record.PlanSigned && (best == nil || !p.SignedAt.Before(best.SignedAt)) {
			best = p
		}
	}
	if best == nil {
		return record.Plan{}, clinic.Errorf(clinic.Conflict, "Treatment sessions can only be booked against a signed treatment plan, and this patient has none.")
	}
	return *best, nil
}

// ScreeningStateIn reads a patient's screening state through q (a read
// or a transaction).
func ScreeningStateIn(ctx context.Context, q ScreeningReader, clinicID, patientID int64) (record.ScreeningState, error) {
	var st record.ScreeningState
	latest, err := q.LatestIntake(ctx, clinicID, patientID)
	if clinic.ErrorCode(err) == clinic.NotFound {
		return st, nil
	} else if err != nil {
		return st, err
	}
	st.HasIntake, st.Latest = true, latest
	if len(latest.Excludes()) > 0 {
		o, err := q.IntakeOverride(ctx, clinicID, latest.ID)
		switch {
		case err == nil:
			st.Override = &o
		case clinic.ErrorCode(err) == clinic.NotFound:
			st.Blocked = true
		default:
			return st, err
		}
	}
	st.NeedsCheck = len(latest.Findings) > len(latest.Excludes()) || len(latest.Unrecognized) > 0
	return st, nil
}

// ScreeningGate refuses a treatment booking while the latest screening
// has an exclusion without a clinician's override. No intake: allowed
// (the booking page warns). Called inside the booking transaction.
func ScreeningGate(ctx context.Context, q ScreeningReader, clinicID, patientID int64) error {
	st, err := ScreeningStateIn(ctx, q, clinicID, patientID)
	if err != nil || !st.Blocked {
		return err
	}
	var why []string
	for _, f := range st.Latest.Excludes() {
		why = append(why, strings.TrimSuffix(firstSentence(f.Message), "."))
	}
	return clinic.Errorf(clinic.Conflict, "Treatment sessions cannot be booked: the eligibility screening of %s excludes treatment (%s). A clinician must review it and record an override with a written reason on the patient's intake page first.",
		st.Latest.RecordedAt.Format("2006-01-02"), strings.Join(why, "; "))
}

// SessionRulesIn are the clinic's rules in force: its saved settings,
// else the published defaults.
func SessionRulesIn(ctx context.Context, q SessionRulesReader, clinicID int64) (record.SessionRules, error) {
	st, ok, err := q.SessionSettings(ctx, clinicID)
	if err != nil || !ok {
		return record.DefaultSessionRules(), err
	}
	return st.Rules()
}

// EnrolledInREMS reads a patient's current REMS status from q (a read or a
// transaction; booking may call it inside its own transaction).
func EnrolledInREMS(ctx context.Context, q REMSReader, clinicID, patientID int64) (bool, error) {
	es, err := q.REMSEnrolments(ctx, clinicID, patientID)
	if err != nil {
		return false, err
	}
	return len(es) > 0 && es[0].Enrolled, nil
}

func firstSentence(s string) string {
	if i := strings.Index(s, ": "); i > 0 && i < 60 {
		return s[:i]
	}
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i]
	}
	return s
}

// SessionLocker reads a treatment session inside a write, holding its row
// until commit.
type SessionLocker interface {
	LockTreatmentSession(ctx context.Context, clinicID, id int64) (record.TreatmentSession, error)
}

// SessionReader reads a treatment session.
type SessionReader interface {
	TreatmentSession(ctx context.Context, clinicID, id int64) (record.TreatmentSession, error)
}

// LoadSession reads a session of the actor's clinic after checking action.
func LoadSession(ctx context.Context, q SessionReader, a Actor, action Action, id int64) (record.TreatmentSession, error) {
	if err := Authorize(a, action); err != nil {
		return record.TreatmentSession{}, err
	}
	ts, err := q.TreatmentSession(ctx, a.ClinicID, id)
	if err != nil {
		return ts, clinic.Wrap(err, "Could not load the session.")
	}
	return ts, AuthorizePatient(a, action, ts.PatientID)
}

// LockedError is the refusal of a write to a signed session.
func LockedError(ts record.TreatmentSession) error {
	return clinic.Errorf(clinic.Conflict, "This session was signed by %s on %s UTC and is locked: nothing in it can change. Add an addendum instead.",
		ts.SignedByName, ts.SignedAt.Format("2006-01-02 15:04"))
}

// LockOpenSession re-reads the session inside tx, holding its row until commit,
// and refuses a signed one. Every write to a session calls it first.
func LockOpenSession(ctx context.Context, tx SessionLocker, ts record.TreatmentSession) (record.TreatmentSession, error) {
	cur, err := tx.LockTreatmentSession(ctx, ts.ClinicID, ts.ID)
	if err != nil {
		return cur, err
	}
	if cur.Signed() {
		return cur, LockedError(cur)
	}
	return cur, nil
}

// LoadWritableSession is LoadSession for a write: a signed session is
// refused at once with the lock's message rather than a status message.
func LoadWritableSession(ctx context.Context, q SessionReader, a Actor, action Action, id int64) (record.TreatmentSession, error) {
	ts, err := LoadSession(ctx, q, a, action, id)
	if err == nil && ts.Signed() {
		err = LockedError(ts)
	}
	return ts, err
}

// SettingsReader reads the clinic and its saved settings.
type SettingsReader interface {
	Clinic(ctx context.Context, id int64) (clinic.Clinic, error)
	ClinicSettings(ctx context.Context, clinicID int64) (record.ClinicSettings, bool, error)
	BookingSettings(ctx context.Context, clinicID int64) (record.BookingSettings, error)
}

// ClinicSettingsIn are the clinic's settings in force and its time zone:
// the saved ones, else the clinic's name with the booking calendar's zone
// (the clinic's own, then UTC, when that has none) — the zone
// LoadCalendarSetup uses, so pages, messages and bookings agree.
func ClinicSettingsIn(ctx context.Context, q SettingsReader, clinicID int64) (record.ClinicSettings, *time.Location, error) {
	st, ok, err := q.ClinicSettings(ctx, clinicID)
	if err != nil {
		return st, time.UTC, err
	}
	if !ok {
		c, err := q.Clinic(ctx, clinicID)
		if err != nil {
			return st, time.UTC, err
		}
		bs, err := q.BookingSettings(ctx, clinicID)
		if err != nil {
			return st, time.UTC, err
		}
		st = record.ClinicSettings{Name: c.Name, Timezone: bs.Timezone}
		if st.Timezone == "" {
			st.Timezone = c.Timezone
		}
	}
	loc, err := st.Location()
	if err != nil || st.Timezone == "" {
		loc, st.Timezone = time.UTC, "UTC"
	}
	return st, loc, nil
}

// ContactReader reads how a patient wants to be reached.
type ContactReader interface {
	ContactPreferences(ctx context.Context, clinicID, patientID int64) ([]record.ContactPreference, error)
}

// ContactsOf lists how to reach p now: by their newest recorded choice,
// else automatically (record.Contacts).
func ContactsOf(ctx context.Context, q ContactReader, p clinic.Patient) ([]record.Contact, error) {
	prefs, err := q.ContactPreferences(ctx, p.ClinicID, p.ID)
	if err != nil {
		return nil, err
	}
	pref := record.ContactAuto
	if len(prefs) > 0 {
		pref = prefs[0].Preference
	}
	return record.Contacts(p, pref), nil
}
