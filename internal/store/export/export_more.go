package export

import (
	"context"
	"database/sql"
	"encoding/json"

	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/store/dbconn"
	"onset/internal/store/plans"
	"onset/internal/store/treatment"
)

// The whole-clinic export's records of intake, REMS, contact, waitlist and
// settings, each streamed in ID order (export.go has the rest).

// EachIntake streams every version of every patient's intake.
func (q *Queries) EachIntake(ctx context.Context, clinicID int64, fn func(record.Intake) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		in, err := plans.ScanIntake(r)
		if err != nil {
			return err
		}
		return fn(in)
	}, `SELECT `+plans.IntakeColumns+` FROM intakes WHERE clinic_id = $1 ORDER BY id`, clinicID)
}

// EachREMSForm streams the Spravato REMS monitoring forms, with the
// patient of each session.
func (q *Queries) EachREMSForm(ctx context.Context, clinicID int64, fn func(patientID int64, f record.REMSAnswers) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var f record.REMSAnswers
		var pid int64
		var meds [4]sql.NullBool
		var ready sql.NullInt64
		var updated, signed dbconn.Time
		if err := r.Scan(&f.SessionID, &f.ClinicID, &pid, &meds[0], &meds[1], &meds[2], &meds[3], &ready, &updated,
			&f.SignedBy, &f.SignedByName, &signed); err != nil {
			return err
		}
		for i, m := range meds {
			f.Medications[i] = treatment.NullBoolPtr(m)
		}
		if ready.Valid {
			n := int(ready.Int64)
			f.ReadyMinutes = &n
		}
		f.UpdatedAt, f.SignedAt = updated.Time, signed.Time
		return fn(pid, f)
	}, `SELECT f.session_id, f.clinic_id, s.patient_id, f.benzodiazepines, f.sedative_hypnotics, f.psychostimulants, f.maois,
		f.ready_minutes, f.updated_at, COALESCE(f.signed_by, 0), f.signed_by_name, f.signed_at
		FROM rems_forms f JOIN treatment_sessions s ON s.id = f.session_id AND s.clinic_id = f.clinic_id
		WHERE f.clinic_id = $1 ORDER BY f.session_id`, clinicID)
}

// EachContactPreference streams every recorded choice of how patients are
// reached (each change a row).
func (q *Queries) EachContactPreference(ctx context.Context, clinicID int64, fn func(record.ContactPreference) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var c record.ContactPreference
		var at dbconn.Time
		if err := r.Scan(&c.ID, &c.ClinicID, &c.PatientID, &c.Preference, &c.Source, &c.RecordedBy, &c.RecordedByName, &at); err != nil {
			return err
		}
		c.RecordedAt = at.Time
		return fn(c)
	}, `SELECT id, clinic_id, patient_id, preference, source, COALESCE(recorded_by, 0), recorded_by_name, recorded_at
		FROM contact_preferences WHERE clinic_id = $1 ORDER BY id`, clinicID)
}

// EachWaitlistEntry streams the waitlist, waiting, booked and removed.
func (q *Queries) EachWaitlistEntry(ctx context.Context, clinicID int64, fn func(record.WaitlistEntry) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var w record.WaitlistEntry
		var kind, days string
		var added, earliest, latest dbconn.Time
		var after, before int
		if err := r.Scan(&w.ID, &w.ClinicID, &w.PatientID, &kind, &added, &w.Priority, &earliest, &latest,
			&days, &after, &before, &w.ProviderID, &w.Note, &w.Status); err != nil {
			return err
		}
		w.Kind, w.AddedAt, w.Earliest, w.Latest = schedule.Kind(kind), added.Time, earliest.Time, latest.Time
		w.After, w.Before = schedule.Clock(after), schedule.Clock(before)
		var err error
		if w.Days, err = plans.SplitWeekdays(days); err != nil {
			return err
		}
		return fn(w)
	}, `SELECT id, clinic_id, patient_id, kind, added_at, priority, earliest, latest, days, after_min, before_min,
		COALESCE(provider_id, 0), note, status FROM booking_waitlist WHERE clinic_id = $1 ORDER BY id`, clinicID)
}

// EachClinicSettings streams every saved version of the clinic's settings.
func (q *Queries) EachClinicSettings(ctx context.Context, clinicID int64, fn func(record.ClinicSettings) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var body string
		if err := r.Scan(&body); err != nil {
			return err
		}
		var st record.ClinicSettings
		if err := json.Unmarshal([]byte(body), &st); err != nil {
			return err
		}
		return fn(st)
	}, `SELECT body FROM clinic_settings WHERE clinic_id = $1 ORDER BY id`, clinicID)
}
