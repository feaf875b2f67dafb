package export

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/record"
	"onset/internal/store/accounts"
	"onset/internal/store/booking"
	"onset/internal/store/dbconn"
	"onset/internal/store/measurement"
	"onset/internal/store/messaging"
	"onset/internal/store/notes"
	"onset/internal/store/patients"
	"onset/internal/store/plans"
	"onset/internal/store/treatment"
)

// A whole clinic's data, read for export (service/export): each Each*
// method streams one table of one clinic in ID order, calling fn with one
// row at a time as it is scanned, so a clinic of any size is read in
// constant memory. Run them inside Snapshot, one after another, so that
// every file of one export shows the database at one moment.

// each runs query and hands each row to scan, one at a time.
func (q *Queries) each(ctx context.Context, scan func(*sql.Rows) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// withExtra scans a row whose first columns a scanner reads (patients.ScanPatient,
// treatment.ScanVitals, …) and whose last columns go to extra.
type withExtra struct {
	rows  *sql.Rows
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.rows.Scan(append(dest, w.extra...)...) }

// exportCounts counts, per export file (named as service/export names its
// files, without ".csv"), the rows its Each* method streams for a clinic.
var exportCounts = []struct{ file, query string }{
	{"users", `SELECT COUNT(*) FROM users WHERE clinic_id = $1`},
	{"patients", `SELECT COUNT(*) FROM patients WHERE clinic_id = $1`},
	{"courses", `SELECT COUNT(*) FROM courses WHERE clinic_id = $1`},
	{"plans", `SELECT COUNT(*) FROM treatment_plans WHERE clinic_id = $1`},
	{"plan_sessions", `SELECT COUNT(*) FROM plan_sessions WHERE clinic_id = $1`},
	{"sessions", `SELECT COUNT(*) FROM treatment_sessions WHERE clinic_id = $1`},
	{"doses", `SELECT COUNT(*) FROM administrations a LEFT JOIN session_doses d ON d.administration_id = a.id
		WHERE a.clinic_id = $1`},
	{"vitals", `SELECT COUNT(*) FROM session_vitals WHERE clinic_id = $1`},
	{"session_alerts", `SELECT COUNT(*) FROM session_alerts WHERE clinic_id = $1`},
	{"side_effects", `SELECT COUNT(*) FROM session_side_effects WHERE clinic_id = $1`},
	{"session_addenda", `SELECT COUNT(*) FROM session_addenda WHERE clinic_id = $1`},
	{"assessments", `SELECT COUNT(*) FROM assessments WHERE clinic_id = $1`},
	// Item answers are kept as "2,1,0,…": one answer more than commas.
	{"assessment_answers", `SELECT COALESCE(SUM(LENGTH(answers) - LENGTH(REPLACE(answers, ',', '')) + 1), 0)
		FROM assessments WHERE clinic_id = $1 AND answers <> ''`},
	{"safety_alerts", `SELECT COUNT(*) FROM safety_alerts WHERE clinic_id = $1`},
	{"appointments", `SELECT COUNT(*) FROM appointments WHERE clinic_id = $1`},
	{"intakes", `SELECT COUNT(*) FROM intakes WHERE clinic_id = $1`},
	{"rems_forms", `SELECT COUNT(*) FROM rems_forms WHERE clinic_id = $1`},
	{"contact_preferences", `SELECT COUNT(*) FROM contact_preferences WHERE clinic_id = $1`},
	{"waitlist", `SELECT COUNT(*) FROM booking_waitlist WHERE clinic_id = $1`},
	{"settings", `SELECT COUNT(*) FROM clinic_settings WHERE clinic_id = $1`},
	{"ledger", `SELECT COUNT(*) FROM ledger_entries WHERE clinic_id = $1`},
	{"notes", `SELECT COUNT(*) FROM clinical_notes WHERE clinic_id = $1`},
	{"note_addenda", `SELECT COUNT(*) FROM note_addenda WHERE clinic_id = $1`},
	{"messages", `SELECT COUNT(*) FROM messages WHERE clinic_id = $1`},
	{"audit", `SELECT COUNT(*) FROM audit_log WHERE clinic_id = $1`},
}

// ExportRowCounts counts a clinic's rows of each export file, keyed by
// the file's name without ".csv" (users, patients, courses, plans,
// plan_sessions, sessions, doses, vitals, session_alerts, side_effects,
// session_addenda, assessments, assessment_answers, safety_alerts,
// appointments, ledger, notes, note_addenda, messages, audit): in one
// query, so inside Snapshot they are the rows the Each* methods stream.
func (q *Queries) ExportRowCounts(ctx context.Context, clinicID int64) (map[string]int64, error) {
	parts := make([]string, len(exportCounts))
	for i, c := range exportCounts {
		parts[i] = `SELECT '` + c.file + `' AS file, (` + c.query + `) AS n`
	}
	out := make(map[string]int64, len(exportCounts))
	err := q.each(ctx, func(r *sql.Rows) error {
		var file string
		var n int64
		err := r.Scan(&file, &n)
		out[file] = n
		return err
	}, strings.Join(parts, " UNION ALL "), clinicID)
	return out, err
}

// EachUser streams a clinic's accounts, staff and patients, without their
// secrets (password hash and TOTP secret are left empty).
func (q *Queries) EachUser(ctx context.Context, clinicID int64, fn func(clinic.User) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		u, err := accounts.ScanUser(r)
		if err != nil {
			return err
		}
		return fn(u)
	}, `SELECT id, clinic_id, email, name, role, '', '', totp_enabled, COALESCE(patient_id, 0), disabled, org_admin, created_at
		FROM users WHERE clinic_id = $1 ORDER BY id`, clinicID)
}

// EachPatient streams a clinic's patients with their conditions.
func (q *Queries) EachPatient(ctx context.Context, clinicID int64, fn func(clinic.Patient) error) error {
	agg := `group_concat(c.condition, ';')`
	if q.Engine == dbconn.Postgres {
		agg = `string_agg(c.condition, ';')`
	}
	return q.each(ctx, func(r *sql.Rows) error {
		var conditions string
		p, err := patients.ScanPatient(withExtra{r, []any{&conditions}})
		if err != nil {
			return err
		}
		for c := range strings.SplitSeq(conditions, ";") {
			if c != "" {
				p.Conditions = append(p.Conditions, clinic.Condition(c))
			}
		}
		slices.Sort(p.Conditions)
		return fn(p)
	}, `SELECT `+patients.PatientColumns+`, COALESCE((SELECT `+agg+` FROM patient_conditions c WHERE c.patient_id = patients.id), '')
		FROM patients WHERE clinic_id = $1 ORDER BY id`, clinicID)
}

// EachCourse streams a clinic's courses.
func (q *Queries) EachCourse(ctx context.Context, clinicID int64, fn func(clinic.Course) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var c clinic.Course
		var started, first dbconn.Time
		if err := r.Scan(&c.ID, &c.ClinicID, &c.PatientID, &c.Condition, &c.Route, &started, &c.Therapy, &c.TherapySessions,
			&first); err != nil {
			return err
		}
		c.StartedAt, c.TherapyFirstAt = started.Time, first.Time
		return fn(c)
	}, `SELECT id, clinic_id, patient_id, condition, route, started_at, therapy, therapy_sessions, therapy_first_at
		FROM courses WHERE clinic_id = $1 ORDER BY id`, clinicID)
}

// EachPlan streams a clinic's plan versions (without their sessions:
// EachPlannedSession).
func (q *Queries) EachPlan(ctx context.Context, clinicID int64, fn func(record.Plan) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		p, err := plans.ScanPlan(r)
		if err != nil {
			return err
		}
		return fn(p)
	}, `SELECT `+plans.PlanColumns+` FROM treatment_plans WHERE clinic_id = $1 ORDER BY id`, clinicID)
}

// EachPlannedSession streams the sessions of a clinic's plan versions,
// with each one's plan and patient.
func (q *Queries) EachPlannedSession(ctx context.Context, clinicID int64, fn func(planID, patientID int64, s record.PlannedSession) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var planID, patientID int64
		var s record.PlannedSession
		var on dbconn.Time
		var steps string
		if err := r.Scan(&planID, &patientID, &s.Number, &s.Phase, &on, &s.Route, &s.DoseMg, &s.MgPerKg, &s.Devices,
			&s.DurationMin, &s.MonitorMin, &s.VolumeML, &s.TotalML, &s.RateMLPerHour, &steps); err != nil {
			return err
		}
		s.Date = on.Time
		if steps != "" {
			s.Steps = strings.Split(steps, "\n")
		}
		return fn(planID, patientID, s)
	}, `SELECT s.plan_id, p.patient_id, s.number, s.phase, s.planned_on, s.route, s.dose_mg, s.mg_per_kg, s.devices,
		s.duration_min, s.monitor_min, s.volume_ml, s.total_ml, s.rate_ml_per_hour, s.steps
		FROM plan_sessions s JOIN treatment_plans p ON p.id = s.plan_id
		WHERE s.clinic_id = $1 ORDER BY s.plan_id, s.number`, clinicID)
}

// EachTreatmentSession streams a clinic's treatment sessions.
func (q *Queries) EachTreatmentSession(ctx context.Context, clinicID int64, fn func(record.TreatmentSession) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		s, err := treatment.ScanTreatmentSession(r)
		if err != nil {
			return err
		}
		return fn(s)
	}, `SELECT `+treatment.TreatmentSessionColumns+` FROM treatment_sessions WHERE clinic_id = $1 ORDER BY id`, clinicID)
}

// EachDose streams every dose a clinic gave, imported ones too: the
// administration, and the session's dose record when it was given in a
// treatment session (d.ID 0 when not).
func (q *Queries) EachDose(ctx context.Context, clinicID int64, fn func(a clinic.Administration, d record.Dose) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var a clinic.Administration
		var given dbconn.Time
		d, err := treatment.ScanDose(withExtra{r, []any{&a.ID, &a.CourseID, &a.PatientID, &given, &a.Route, &a.DoseMg, &a.WeightKg}})
		if err != nil {
			return err
		}
		a.ClinicID, a.GivenAt = clinicID, given.Time
		a.ProviderID, a.ProviderName = d.AdministeredBy, d.AdministeredByName
		return fn(a, d)
	}, `SELECT COALESCE(d.id, 0), COALESCE(d.clinic_id, 0), COALESCE(d.session_id, 0), COALESCE(d.administration_id, 0),
		COALESCE(d.drug, ''), COALESCE(d.route, ''), COALESCE(d.dose_mg, 0), COALESCE(d.mg_per_kg, 0),
		COALESCE(d.concentration_mg_per_ml, 0), COALESCE(d.volume_ml, 0), COALESCE(d.rate_ml_per_hour, 0),
		COALESCE(d.duration_min, 0), COALESCE(d.devices, 0), COALESCE(d.lot_number, ''), d.lot_expiry, d.started_at,
		d.ended_at, COALESCE(d.administered_by, 0), COALESCE(d.administered_by_name, ''), d.created_at,
		a.id, a.course_id, a.patient_id, a.given_at, a.route, a.dose_mg, a.weight_kg
		FROM administrations a LEFT JOIN session_doses d ON d.administration_id = a.id
		WHERE a.clinic_id = $1 ORDER BY a.id, d.id`, clinicID)
}

// sessionPatient is a column that names the patient of a row of a
// session's table (vitals, alerts, side effects, addenda).
func sessionPatient(table string) string {
	return `(SELECT t.patient_id FROM treatment_sessions t WHERE t.id = ` + table + `.session_id)`
}

// EachVitals streams a clinic's vital-signs entries with each one's patient.
func (q *Queries) EachVitals(ctx context.Context, clinicID int64, fn func(patientID int64, v record.VitalsEntry) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var patientID int64
		v, err := treatment.ScanVitals(withExtra{r, []any{&patientID}})
		if err != nil {
			return err
		}
		return fn(patientID, v)
	}, `SELECT `+treatment.VitalsColumns+`, `+sessionPatient("session_vitals")+` FROM session_vitals WHERE clinic_id = $1 ORDER BY id`,
		clinicID)
}

// EachVitalsAlert streams the alerts a clinic's vital signs raised in
// sessions, with each one's patient.
func (q *Queries) EachVitalsAlert(ctx context.Context, clinicID int64, fn func(patientID int64, a record.VitalsAlert) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var patientID int64
		a, err := treatment.ScanVitalsAlert(withExtra{r, []any{&patientID}})
		if err != nil {
			return err
		}
		return fn(patientID, a)
	}, `SELECT `+treatment.VitalsAlertColumns+`, `+sessionPatient("session_alerts")+` FROM session_alerts WHERE clinic_id = $1 ORDER BY id`,
		clinicID)
}

// EachSideEffect streams a clinic's side effects and adverse events, with
// each one's patient.
func (q *Queries) EachSideEffect(ctx context.Context, clinicID int64, fn func(patientID int64, e record.SideEffect) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var patientID int64
		e, err := treatment.ScanSideEffect(withExtra{r, []any{&patientID}})
		if err != nil {
			return err
		}
		return fn(patientID, e)
	}, `SELECT `+treatment.SideEffectColumns+`, `+sessionPatient("session_side_effects")+` FROM session_side_effects
		WHERE clinic_id = $1 ORDER BY id`, clinicID)
}

// EachSessionAddendum streams the addenda of a clinic's closed sessions,
// with each one's patient.
func (q *Queries) EachSessionAddendum(ctx context.Context, clinicID int64, fn func(patientID int64, a record.Addendum) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var patientID int64
		a, err := treatment.ScanAddendum(withExtra{r, []any{&patientID}})
		if err != nil {
			return err
		}
		return fn(patientID, a)
	}, `SELECT `+treatment.AddendumColumns+`, `+sessionPatient("session_addenda")+` FROM session_addenda WHERE clinic_id = $1 ORDER BY id`,
		clinicID)
}

// EachAssessment streams a clinic's questionnaires with their item answers.
func (q *Queries) EachAssessment(ctx context.Context, clinicID int64, fn func(clinic.Assessment) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var a clinic.Assessment
		var taken dbconn.Time
		var answers string
		if err := r.Scan(&a.ID, &a.ClinicID, &a.PatientID, &a.Instrument, &taken, &a.Total, &answers, &a.Source); err != nil {
			return err
		}
		a.TakenAt = taken.Time
		var err error
		if a.Answers, err = patients.SplitAnswers(answers); err != nil {
			return err
		}
		return fn(a)
	}, `SELECT id, clinic_id, patient_id, instrument, taken_at, total, answers, source FROM assessments
		WHERE clinic_id = $1 ORDER BY id`, clinicID)
}

// EachSafetyAlert streams a clinic's safety alerts, open and acknowledged.
func (q *Queries) EachSafetyAlert(ctx context.Context, clinicID int64, fn func(record.SafetyAlert) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		a, err := measurement.ScanAlert(r)
		if err != nil {
			return err
		}
		return fn(a)
	}, `SELECT `+measurement.AlertColumns+measurement.AlertFrom+` WHERE a.clinic_id = $1 ORDER BY a.id`, clinicID)
}

// EachAppointment streams a clinic's appointments of every status.
func (q *Queries) EachAppointment(ctx context.Context, clinicID int64, fn func(record.Appointment) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		a, err := booking.ScanAppointment(r)
		if err != nil {
			return err
		}
		return fn(a)
	}, `SELECT `+booking.AppointmentColumns+` WHERE a.clinic_id = $1 ORDER BY a.id`, clinicID)
}

// EachLedgerEntry streams a clinic's controlled-substance ledger in entry
// order, each entry with its container (ID, drug, form, NDC, lot, expiry).
func (q *Queries) EachLedgerEntry(ctx context.Context, clinicID int64, fn func(c ledger.Container, e ledger.Entry) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var c ledger.Container
		var expires dbconn.Time
		var id int64
		var data string
		if err := r.Scan(&id, &data, &c.ID, &c.Drug, &c.Form, &c.NDC, &c.Lot, &expires); err != nil {
			return err
		}
		var e ledger.Entry
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return fmt.Errorf("store: ledger entry %d: %w", id, err)
		}
		e.ID, c.Expires = id, expires.Time
		return fn(c, e)
	}, `SELECT e.id, e.data, c.id, c.drug, c.form, c.ndc, c.lot, c.expires
		FROM ledger_entries e JOIN ledger_containers c ON c.id = e.container_id
		WHERE e.clinic_id = $1 ORDER BY e.id`, clinicID)
}

// EachNote streams a clinic's clinical notes (without their addenda:
// EachNoteAddendum).
func (q *Queries) EachNote(ctx context.Context, clinicID int64, fn func(record.ClinicalNote) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		n, err := notes.ScanNote(r)
		if err != nil {
			return err
		}
		return fn(n)
	}, `SELECT `+notes.NoteColumns+` FROM clinical_notes WHERE clinic_id = $1 ORDER BY id`, clinicID)
}

// EachNoteAddendum streams the addenda of a clinic's signed notes, with
// each one's patient.
func (q *Queries) EachNoteAddendum(ctx context.Context, clinicID int64, fn func(patientID int64, a record.NoteAddendum) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var patientID int64
		var a record.NoteAddendum
		var at dbconn.Time
		if err := r.Scan(&a.ID, &a.NoteID, &a.Body, &a.AuthorID, &a.AuthorName, &at, &patientID); err != nil {
			return err
		}
		a.CreatedAt = at.Time
		return fn(patientID, a)
	}, `SELECT a.id, a.note_id, a.body, a.author_id, a.author_name, a.created_at, n.patient_id
		FROM note_addenda a JOIN clinical_notes n ON n.id = a.note_id
		WHERE a.clinic_id = $1 ORDER BY a.id`, clinicID)
}

// EachMessage streams a clinic's secure messages in the order they were
// written, each with its thread's subject and assignee.
func (q *Queries) EachMessage(ctx context.Context, clinicID int64, fn func(t record.Thread, m record.Message) error) error {
	return q.each(ctx, func(r *sql.Rows) error {
		var t record.Thread
		m, err := messaging.ScanMessage(withExtra{r, []any{&t.Subject, &t.AssignedTo}})
		if err != nil {
			return err
		}
		t.ID, t.ClinicID, t.PatientID = m.ThreadID, m.ClinicID, m.PatientID
		return fn(t, m)
	}, `SELECT `+messaging.MessageColumns+`, t.subject, COALESCE(t.assigned_to, 0)
		FROM messages m LEFT JOIN users u ON u.id = m.author_id JOIN message_threads t ON t.id = m.thread_id
		WHERE m.clinic_id = $1 ORDER BY m.id`, clinicID)
}

// CreateClinicExport records an export and returns its ID.
func (q *Queries) CreateClinicExport(ctx context.Context, e record.ClinicExport) (int64, error) {
	counts := make([]string, len(e.Files))
	for i, f := range e.Files {
		counts[i] = f.Name + "=" + strconv.FormatInt(f.Rows, 10)
	}
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO clinic_exports (clinic_id, format, counts, user_id, user_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		e.ClinicID, e.Format, strings.Join(counts, " "), dbconn.NullInt(e.UserID), e.UserName, q.T(e.CreatedAt)).Scan(&id)
	return id, err
}

// ClinicExports lists a clinic's latest exports, newest first.
func (q *Queries) ClinicExports(ctx context.Context, clinicID int64, limit int) ([]record.ClinicExport, error) {
	var out []record.ClinicExport
	err := q.each(ctx, func(r *sql.Rows) error {
		var e record.ClinicExport
		var counts string
		var at dbconn.Time
		if err := r.Scan(&e.ID, &e.ClinicID, &e.Format, &counts, &e.UserID, &e.UserName, &at); err != nil {
			return err
		}
		e.CreatedAt = at.Time
		for f := range strings.FieldsSeq(counts) {
			name, n, _ := strings.Cut(f, "=")
			rows, err := strconv.ParseInt(n, 10, 64)
			if err != nil {
				return fmt.Errorf("store: export %d: bad counts %q", e.ID, counts)
			}
			e.Files = append(e.Files, record.ExportedFile{Name: name, Rows: rows})
		}
		out = append(out, e)
		return nil
	}, `SELECT id, clinic_id, format, counts, COALESCE(user_id, 0), user_name, created_at FROM clinic_exports
		WHERE clinic_id = $1 ORDER BY id DESC LIMIT `+strconv.Itoa(max(limit, 1)), clinicID)
	return out, err
}
