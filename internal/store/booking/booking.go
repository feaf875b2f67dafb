package booking

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/store/dbconn"
	"onset/internal/store/plans"
)

// Booking (issue 4 items 5-6): settings, chairs and rooms, providers,
// appointments and the waitlist. See 0006_booking.sql for the locking.

// LockBooking takes the clinic's booking lock for the rest of the
// transaction: it creates the clinic's settings row if needed and bumps
// its lock_version. On PostgreSQL the UPDATE holds a row lock until commit,
// so a concurrent booking transaction of the same clinic waits here and,
// under READ COMMITTED, its later reads see the bookings committed before
// it. On SQLite the single writer connection and BEGIN IMMEDIATE already
// make write transactions serial; the statement is then only bookkeeping.
// Call it before reading the bookings a decision rests on.
func (q *Queries) LockBooking(ctx context.Context, clinicID int64) error {
	if _, err := q.ExecContext(ctx,
		`INSERT INTO booking_settings (clinic_id) VALUES ($1) ON CONFLICT (clinic_id) DO NOTHING`, clinicID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx,
		`UPDATE booking_settings SET lock_version = lock_version + 1 WHERE clinic_id = $1`, clinicID)
	return err
}

// BookingSettings returns the clinic's scheduling set-up; a clinic without
// saved settings gets its own time zone and the defaults.
func (q *Queries) BookingSettings(ctx context.Context, clinicID int64) (record.BookingSettings, error) {
	s := record.BookingSettings{ClinicID: clinicID, Policy: schedule.DefaultPolicy()}
	var tz, hours, clinicTZ string
	err := q.QueryRowContext(ctx,
		`SELECT c.timezone, COALESCE(b.timezone, ''), COALESCE(b.hours, ''), COALESCE(b.notice_hours, 24),
		 COALESCE(b.max_reschedules, 2), COALESCE(b.within_days, 7)
		 FROM clinics c LEFT JOIN booking_settings b ON b.clinic_id = c.id WHERE c.id = $1`, clinicID).
		Scan(&clinicTZ, &tz, &hours, &s.Policy.NoticeHours, &s.Policy.MaxReschedules, &s.Policy.WithinDays)
	if errors.Is(err, sql.ErrNoRows) {
		return s, clinic.Errorf(clinic.NotFound, "There is no such clinic.")
	}
	if err != nil {
		return s, err
	}
	s.Timezone = tz
	if s.Timezone == "" {
		s.Timezone = clinicTZ
	}
	if s.Hours, err = parseWindows(hours); err != nil {
		return s, err
	}
	return s, nil
}

// SaveBookingSettings stores the clinic's time zone, hours and policy.
func (q *Queries) SaveBookingSettings(ctx context.Context, s record.BookingSettings) error {
	_, err := q.ExecContext(ctx,
		`INSERT INTO booking_settings (clinic_id, timezone, hours, notice_hours, max_reschedules, within_days)
		 VALUES ($1, $2, $3, $4, $5, $6)
		 ON CONFLICT (clinic_id) DO UPDATE SET timezone = excluded.timezone, hours = excluded.hours,
		 notice_hours = excluded.notice_hours, max_reschedules = excluded.max_reschedules, within_days = excluded.within_days`,
		s.ClinicID, s.Timezone, formatWindows(s.Hours), s.Policy.NoticeHours, s.Policy.MaxReschedules, s.Policy.WithinDays)
	return err
}

// CreateBookingResource adds a chair or room; a name used twice is a conflict.
func (q *Queries) CreateBookingResource(ctx context.Context, r record.BookingResource) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO booking_resources (clinic_id, name, kind, hosts) VALUES ($1, $2, $3, $4) RETURNING id`,
		r.ClinicID, r.Name, string(r.Kind), joinKinds(r.Hosts)).Scan(&id)
	if dbconn.IsUniqueViolation(err) {
		return 0, clinic.Errorf(clinic.Conflict, "There is already a chair or room called %q.", r.Name)
	}
	return id, err
}

// BookingResources lists the clinic's chairs and rooms by ID.
func (q *Queries) BookingResources(ctx context.Context, clinicID int64) ([]record.BookingResource, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT id, clinic_id, name, kind, hosts FROM booking_resources WHERE clinic_id = $1 ORDER BY id`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.BookingResource
	for rows.Next() {
		var r record.BookingResource
		var kind, hosts string
		if err := rows.Scan(&r.ID, &r.ClinicID, &r.Name, &kind, &hosts); err != nil {
			return nil, err
		}
		r.Kind, r.Hosts = schedule.ResourceKind(kind), splitKinds(hosts)
		out = append(out, r)
	}
	return out, rows.Err()
}

// CreateBookingProvider adds a provider; a user listed twice is a conflict.
func (q *Queries) CreateBookingProvider(ctx context.Context, p record.BookingProvider) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO booking_providers (clinic_id, user_id, name, kinds, hours) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		p.ClinicID, p.UserID, p.Name, joinKinds(p.Kinds), formatWindows(p.Hours)).Scan(&id)
	if dbconn.IsUniqueViolation(err) {
		return 0, clinic.Errorf(clinic.Conflict, "%s is already a provider.", p.Name)
	}
	return id, err
}

// BookingProviders lists the clinic's providers by ID.
func (q *Queries) BookingProviders(ctx context.Context, clinicID int64) ([]record.BookingProvider, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT id, clinic_id, user_id, name, kinds, hours FROM booking_providers WHERE clinic_id = $1 ORDER BY id`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.BookingProvider
	for rows.Next() {
		var p record.BookingProvider
		var kinds, hours string
		if err := rows.Scan(&p.ID, &p.ClinicID, &p.UserID, &p.Name, &kinds, &hours); err != nil {
			return nil, err
		}
		p.Kinds = splitKinds(kinds)
		if p.Hours, err = parseWindows(hours); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CreateAppointment inserts a booking. The unique indexes refuse a second
// live booking of one chair at one start, and of one plan session.
func (q *Queries) CreateAppointment(ctx context.Context, a record.Appointment) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO appointments (clinic_id, patient_id, kind, start_at, end_at, provider_end_at, resource_id, provider_id,
		 status, plan_id, plan_session, reschedules, late_change, note, created_by, created_at, video, join_link)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
		a.ClinicID, a.PatientID, string(a.Kind), q.T(a.Start), q.T(a.End), q.T(a.ProviderEnd), dbconn.NullInt(a.ResourceID), a.ProviderID,
		string(a.Status), dbconn.NullInt(a.PlanID), dbconn.NullInt(a.PlanSession), a.Reschedules, boolInt(a.LateChange), a.Note,
		dbconn.NullInt(a.CreatedBy), q.T(a.CreatedAt), boolInt(a.Video), a.JoinLink).Scan(&id)
	if dbconn.IsUniqueViolation(err) {
		return 0, clinic.Errorf(clinic.Conflict, "That chair or plan session has just been booked by someone else; choose another time.")
	}
	return id, err
}

// UpdateAppointment saves a cancellation, reschedule or attendance.
func (q *Queries) UpdateAppointment(ctx context.Context, a record.Appointment) error {
	var cancelled any
	if !a.CancelledAt.IsZero() {
		cancelled = q.T(a.CancelledAt)
	}
	res, err := q.ExecContext(ctx,
		`UPDATE appointments SET start_at = $1, end_at = $2, provider_end_at = $3, resource_id = $4, provider_id = $5,
		 status = $6, reschedules = $7, late_change = $8, note = $9, cancelled_at = $10, video = $11, join_link = $12
		 WHERE id = $13 AND clinic_id = $14`,
		q.T(a.Start), q.T(a.End), q.T(a.ProviderEnd), dbconn.NullInt(a.ResourceID), a.ProviderID, string(a.Status), a.Reschedules,
		boolInt(a.LateChange), a.Note, cancelled, boolInt(a.Video), a.JoinLink, a.ID, a.ClinicID)
	if dbconn.IsUniqueViolation(err) {
		return clinic.Errorf(clinic.Conflict, "That chair has just been booked by someone else; choose another time.")
	}
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return cmpErr(err, clinic.Errorf(clinic.NotFound, "There is no such appointment."))
	}
	return nil
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// A video visit has no chair or room (resource_id NULL): its place reads "Video".
const AppointmentColumns = `a.id, a.clinic_id, a.patient_id, p.given_name || ' ' || p.family_name, a.kind, a.start_at, a.end_at,
 a.provider_end_at, COALESCE(a.resource_id, 0), COALESCE(r.name, 'Video'), a.provider_id, v.name, a.status, COALESCE(a.plan_id, 0),
 COALESCE(a.plan_session, 0), a.reschedules, a.late_change, a.note, COALESCE(a.created_by, 0), a.created_at, a.cancelled_at,
 a.arrived_at, a.video, a.join_link
 FROM appointments a JOIN patients p ON p.id = a.patient_id LEFT JOIN booking_resources r ON r.id = a.resource_id
 JOIN booking_providers v ON v.id = a.provider_id`

func (q *Queries) appointments(ctx context.Context, where string, args ...any) ([]record.Appointment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+AppointmentColumns+` WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.Appointment
	for rows.Next() {
		a, err := ScanAppointment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ScanAppointment reads a row of AppointmentColumns.
func ScanAppointment(row interface{ Scan(...any) error }) (record.Appointment, error) {
	var a record.Appointment
	var kind, status string
	var start, end, pend, created, cancelled, arrived dbconn.Time
	var late, video int
	err := row.Scan(&a.ID, &a.ClinicID, &a.PatientID, &a.PatientName, &kind, &start, &end, &pend, &a.ResourceID,
		&a.ResourceName, &a.ProviderID, &a.ProviderName, &status, &a.PlanID, &a.PlanSession, &a.Reschedules, &late,
		&a.Note, &a.CreatedBy, &created, &cancelled, &arrived, &video, &a.JoinLink)
	a.Kind, a.Status, a.LateChange, a.Video = schedule.Kind(kind), record.AppointmentStatus(status), late != 0, video != 0
	a.Start, a.End, a.ProviderEnd, a.CreatedAt, a.CancelledAt, a.ArrivedAt = start.Time, end.Time, pend.Time, created.Time,
		cancelled.Time, arrived.Time
	return a, err
}

// Appointment returns one appointment of the clinic.
func (q *Queries) Appointment(ctx context.Context, clinicID, id int64) (record.Appointment, error) {
	as, err := q.appointments(ctx, `a.clinic_id = $1 AND a.id = $2`, clinicID, id)
	if err != nil {
		return record.Appointment{}, err
	}
	if len(as) == 0 {
		return record.Appointment{}, clinic.Errorf(clinic.NotFound, "There is no such appointment.")
	}
	return as[0], nil
}

// Appointments lists the clinic's appointments of every status that
// overlap [from, to), by start, chair and ID.
func (q *Queries) Appointments(ctx context.Context, clinicID int64, from, to time.Time) ([]record.Appointment, error) {
	return q.appointments(ctx, `a.clinic_id = $1 AND a.start_at < $2 AND a.end_at > $3 ORDER BY a.start_at, a.resource_id, a.id`,
		clinicID, q.T(to), q.T(from))
}

// PatientAppointments lists a patient's appointments of every status by start.
func (q *Queries) PatientAppointments(ctx context.Context, clinicID, patientID int64) ([]record.Appointment, error) {
	return q.appointments(ctx, `a.clinic_id = $1 AND a.patient_id = $2 ORDER BY a.start_at, a.id`, clinicID, patientID)
}

// CreateWaitlistEntry adds a patient to the waitlist.
func (q *Queries) CreateWaitlistEntry(ctx context.Context, w record.WaitlistEntry) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO booking_waitlist (clinic_id, patient_id, kind, added_at, priority, earliest, latest, days, after_min,
		 before_min, provider_id, note, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		w.ClinicID, w.PatientID, string(w.Kind), q.T(w.AddedAt), w.Priority, q.OptTime(w.Earliest), q.OptTime(w.Latest),
		plans.JoinWeekdays(w.Days), int(w.After), int(w.Before), dbconn.NullInt(w.ProviderID), w.Note, w.Status).Scan(&id)
	return id, err
}

// SetWaitlistStatus closes a waitlist entry (booked or removed).
func (q *Queries) SetWaitlistStatus(ctx context.Context, clinicID, id int64, status string) error {
	res, err := q.ExecContext(ctx, `UPDATE booking_waitlist SET status = $1 WHERE id = $2 AND clinic_id = $3`, status, id, clinicID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return cmpErr(err, clinic.Errorf(clinic.NotFound, "There is no such waitlist entry."))
	}
	return nil
}

// Waitlist lists the clinic's waiting entries, oldest first.
func (q *Queries) Waitlist(ctx context.Context, clinicID int64) ([]record.WaitlistEntry, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT w.id, w.clinic_id, w.patient_id, p.given_name || ' ' || p.family_name, w.kind, w.added_at, w.priority,
		 w.earliest, w.latest, w.days, w.after_min, w.before_min, COALESCE(w.provider_id, 0), w.note, w.status
		 FROM booking_waitlist w JOIN patients p ON p.id = w.patient_id
		 WHERE w.clinic_id = $1 AND w.status = 'waiting' ORDER BY w.added_at, w.id`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.WaitlistEntry
	for rows.Next() {
		var w record.WaitlistEntry
		var kind, days string
		var added, earliest, latest dbconn.Time
		var after, before int
		if err := rows.Scan(&w.ID, &w.ClinicID, &w.PatientID, &w.PatientName, &kind, &added, &w.Priority, &earliest, &latest,
			&days, &after, &before, &w.ProviderID, &w.Note, &w.Status); err != nil {
			return nil, err
		}
		w.Kind, w.AddedAt, w.Earliest, w.Latest = schedule.Kind(kind), added.Time, earliest.Time, latest.Time
		w.After, w.Before = schedule.Clock(after), schedule.Clock(before)
		if w.Days, err = plans.SplitWeekdays(days); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func joinKinds(ks []schedule.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ",")
}

func splitKinds(s string) []schedule.Kind {
	if s == "" {
		return nil
	}
	var out []schedule.Kind
	for _, k := range strings.Split(s, ",") {
		out = append(out, schedule.Kind(k))
	}
	return out
}

// formatWindows writes weekly windows as "1 08:00-18:00,2 08:00-12:00".
func formatWindows(ws []schedule.Window) string {
	s := make([]string, len(ws))
	for i, w := range ws {
		s[i] = fmt.Sprintf("%d %s-%s", int(w.Day), w.From, w.To)
	}
	return strings.Join(s, ",")
}

func parseWindows(s string) ([]schedule.Window, error) {
	if s == "" {
		return nil, nil
	}
	var out []schedule.Window
	for _, part := range strings.Split(s, ",") {
		day, span, ok := strings.Cut(part, " ")
		from, to, ok2 := strings.Cut(span, "-")
		d, err := strconv.Atoi(day)
		if !ok || !ok2 || err != nil {
			return nil, fmt.Errorf("store: bad stored hours %q", s)
		}
		f, err := schedule.ParseClock(from)
		if err != nil {
			return nil, err
		}
		t, err := schedule.ParseClock(to)
		if err != nil {
			return nil, err
		}
		out = append(out, schedule.Window{Day: time.Weekday(d), From: f, To: t})
	}
	return out, nil
}

// MarkArrived records that the patient of a booked appointment arrived;
// false when the appointment is not booked or was already marked.
func (q *Queries) MarkArrived(ctx context.Context, clinicID, id int64, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE appointments SET arrived_at = $1 WHERE id = $2 AND clinic_id = $3 AND status = $4
		AND arrived_at IS NULL`, q.T(at), id, clinicID, string(record.AppointmentBooked))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
