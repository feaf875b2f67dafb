package patients

import (
	"context"
	"fmt"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/store/dbconn"
)

// CreatePatient inserts a patient and their conditions; a duplicate MRN in
// the same clinic is a conflict.
func (q *Queries) CreatePatient(ctx context.Context, p clinic.Patient) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO patients (clinic_id, mrn, given_name, family_name, sex, birth_date, email, phone, created_at,
		 gender, emergency_name, emergency_phone, allergies)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		p.ClinicID, p.MRN, p.GivenName, p.FamilyName, p.Sex, q.T(p.BirthDate), p.Email, p.Phone, q.T(p.CreatedAt),
		p.Gender, p.EmergencyName, p.EmergencyPhone, p.Allergies).Scan(&id)
	if dbconn.IsUniqueViolation(err) {
		return 0, clinic.Errorf(clinic.Conflict, "a patient with MRN %s already exists", p.MRN)
	}
	if err != nil {
		return 0, err
	}
	return id, q.insertConditions(ctx, p.ClinicID, id, p.Conditions)
}

func (q *Queries) insertConditions(ctx context.Context, clinicID, patientID int64, cs []clinic.Condition) error {
	for _, c := range cs {
		if _, err := q.ExecContext(ctx,
			`INSERT INTO patient_conditions (clinic_id, patient_id, condition) VALUES ($1, $2, $3)`,
			clinicID, patientID, string(c)); err != nil {
			return err
		}
	}
	return nil
}

// UpdatePatient saves a patient's edited details and conditions; an MRN
// another patient of the clinic has is a conflict.
func (q *Queries) UpdatePatient(ctx context.Context, p clinic.Patient) error {
	_, err := q.ExecContext(ctx, `UPDATE patients SET mrn = $1, given_name = $2, family_name = $3, sex = $4, birth_date = $5,
		email = $6, phone = $7, gender = $8, emergency_name = $9, emergency_phone = $10, allergies = $11
		WHERE id = $12 AND clinic_id = $13`, p.MRN, p.GivenName, p.FamilyName, p.Sex, q.T(p.BirthDate), p.Email, p.Phone,
		p.Gender, p.EmergencyName, p.EmergencyPhone, p.Allergies, p.ID, p.ClinicID)
	if dbconn.IsUniqueViolation(err) {
		return clinic.Errorf(clinic.Conflict, "Another patient already has the MRN %s.", p.MRN)
	}
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM patient_conditions WHERE patient_id = $1 AND clinic_id = $2`, p.ID, p.ClinicID); err != nil {
		return err
	}
	return q.insertConditions(ctx, p.ClinicID, p.ID, p.Conditions)
}

const PatientColumns = `id, clinic_id, mrn, given_name, family_name, sex, birth_date, email, phone, created_at,
	gender, emergency_name, emergency_phone, allergies`

func ScanPatient(row interface{ Scan(...any) error }) (clinic.Patient, error) {
	var p clinic.Patient
	var birth, created dbconn.Time
	err := row.Scan(&p.ID, &p.ClinicID, &p.MRN, &p.GivenName, &p.FamilyName, &p.Sex, &birth, &p.Email, &p.Phone, &created,
		&p.Gender, &p.EmergencyName, &p.EmergencyPhone, &p.Allergies)
	p.BirthDate, p.CreatedAt = birth.Time, created.Time
	return p, err
}

// Patient returns one patient of a clinic with their conditions. A patient
// of another clinic is "not found": staff only reach their own clinic.
func (q *Queries) Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error) {
	p, err := ScanPatient(q.QueryRowContext(ctx,
		`SELECT `+PatientColumns+` FROM patients WHERE id = $1 AND clinic_id = $2`, id, clinicID))
	if err != nil {
		return p, dbconn.NotFound(err, "patient")
	}
	rows, err := q.QueryContext(ctx,
		`SELECT condition FROM patient_conditions WHERE patient_id = $1 ORDER BY condition`, id)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var c clinic.Condition
		if err := rows.Scan(&c); err != nil {
			return p, err
		}
		p.Conditions = append(p.Conditions, c)
	}
	return p, rows.Err()
}

// SearchPatients finds a clinic's patients whose name, MRN or email
// contains query (case-insensitive), ordered by name.
func (q *Queries) SearchPatients(ctx context.Context, clinicID int64, query string, limit, offset int) (clinic.PatientPage, error) {
	return q.searchPatients(ctx, clinicID, 0, query, limit, offset)
}

// SearchCaseloadPatients is SearchPatients among the patients on a
// therapist's caseload.
func (q *Queries) SearchCaseloadPatients(ctx context.Context, clinicID, therapistID int64, query string, limit, offset int) (clinic.PatientPage, error) {
	return q.searchPatients(ctx, clinicID, therapistID, query, limit, offset)
}

// searchPatients searches all the clinic's patients (therapistID 0) or a
// therapist's caseload.
func (q *Queries) searchPatients(ctx context.Context, clinicID, therapistID int64, query string, limit, offset int) (clinic.PatientPage, error) {
	query = strings.TrimSpace(query)
	like := "%" + strings.ToLower(query) + "%"
	// A number is also looked for among phone numbers, whatever their
	// punctuation, and a YYYY-MM-DD date among birth dates.
	phone := ""
	if d := digitsOnly(query); len(d) >= 4 && strings.Trim(query, "0123456789 +-().") == "" {
		if len(d) > 10 {
			d = d[len(d)-10:] // a country code the stored number may not have
		}
		phone = "%" + d + "%"
	}
	// Every patient matches an empty query: the clinic's list is read
	// through its indexes, with no expression evaluated per patient. The
	// phone's digits are looked at only when the query is a number, a
	// birth date only when it is a date: each arm left is one PostgreSQL's
	// trigram index serves (migration 0037), so no search reads every
	// patient there.
	match := `(LOWER(given_name || ' ' || family_name) LIKE $3
		OR LOWER(family_name || ', ' || given_name) LIKE $3 OR LOWER(mrn) LIKE $3 OR LOWER(email) LIKE $3`
	if q.Engine == dbconn.SQLite {
		// The same fields, one line each, in SQLite's trigram index
		// (migration 0038's patient_search, rowid the patient's ID).
		match = `(id IN (SELECT rowid FROM patient_search WHERE body LIKE $3)`
	}
	args := []any{clinicID, therapistID, like}
	if phone != "" {
		args = append(args, phone)
		if q.Engine == dbconn.SQLite {
			match += fmt.Sprintf(` OR id IN (SELECT rowid FROM patient_search WHERE body LIKE $%d)`, len(args))
		} else {
			match += fmt.Sprintf(`
		OR REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '') LIKE $%d`, len(args))
		}
	}
	if t, err := time.Parse(time.DateOnly, query); err == nil {
		args = append(args, q.T(t))
		match += fmt.Sprintf(` OR birth_date = $%d`, len(args))
	}
	match += ")"
	if query == "" {
		match, args = "TRUE", args[:2]
	}
	where := ` FROM patients WHERE clinic_id = $1 AND ` + match + `
		AND ($2 = 0 OR id IN (SELECT patient_id FROM caseloads WHERE clinic_id = $1 AND therapist_id = $2 AND ended_at IS NULL))`
	n := len(args)
	var page clinic.PatientPage
	rows, err := q.QueryContext(ctx, `SELECT `+PatientColumns+where+
		fmt.Sprintf(` ORDER BY family_name, given_name, id LIMIT $%d OFFSET $%d`, n+1, n+2), append(args, limit, offset)...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := ScanPatient(rows)
		if err != nil {
			return page, err
		}
		page.Patients = append(page.Patients, p)
	}
	if err := rows.Err(); err != nil {
		return page, err
	}
	// A first page that is not full holds every match: no count is needed
	// (a search for one patient scans the clinic once, not twice).
	if offset == 0 && len(page.Patients) < limit {
		page.Total = len(page.Patients)
		return page, nil
	}
	err = q.QueryRowContext(ctx, `SELECT COUNT(*)`+where, args[:n]...).Scan(&page.Total)
	return page, err
}

// CreateCourse inserts a treatment course.
func (q *Queries) CreateCourse(ctx context.Context, c clinic.Course) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO courses (clinic_id, patient_id, condition, route, started_at, therapy, therapy_sessions, therapy_first_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		c.ClinicID, c.PatientID, string(c.Condition), string(c.Route), q.T(c.StartedAt), c.Therapy, c.TherapySessions,
		q.OptTime(c.TherapyFirstAt)).Scan(&id)
	return id, err
}

// Courses lists a patient's courses, oldest first.
func (q *Queries) Courses(ctx context.Context, clinicID, patientID int64) ([]clinic.Course, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT id, clinic_id, patient_id, condition, route, started_at, therapy, therapy_sessions, therapy_first_at
		 FROM courses WHERE clinic_id = $1 AND patient_id = $2 ORDER BY started_at`, clinicID, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clinic.Course
	for rows.Next() {
		var c clinic.Course
		var started, first dbconn.Time
		if err := rows.Scan(&c.ID, &c.ClinicID, &c.PatientID, &c.Condition, &c.Route, &started, &c.Therapy, &c.TherapySessions,
			&first); err != nil {
			return nil, err
		}
		c.StartedAt, c.TherapyFirstAt = started.Time, first.Time
		out = append(out, c)
	}
	return out, rows.Err()
}

// CreateAdministration records a dose given.
func (q *Queries) CreateAdministration(ctx context.Context, a clinic.Administration) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO administrations (clinic_id, course_id, patient_id, given_at, route, dose_mg, weight_kg)
		 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		a.ClinicID, a.CourseID, a.PatientID, q.T(a.GivenAt), string(a.Route), a.DoseMg, a.WeightKg).Scan(&id)
	return id, err
}

// Administrations lists a patient's doses, oldest first.
func (q *Queries) Administrations(ctx context.Context, clinicID, patientID int64) ([]clinic.Administration, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT id, clinic_id, course_id, patient_id, given_at, route, dose_mg, weight_kg
		 FROM administrations WHERE clinic_id = $1 AND patient_id = $2 ORDER BY given_at`, clinicID, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clinic.Administration
	for rows.Next() {
		var a clinic.Administration
		var given dbconn.Time
		if err := rows.Scan(&a.ID, &a.ClinicID, &a.CourseID, &a.PatientID, &given, &a.Route, &a.DoseMg, &a.WeightKg); err != nil {
			return nil, err
		}
		a.GivenAt = given.Time
		out = append(out, a)
	}
	return out, rows.Err()
}

// CreateAssessment stores a completed questionnaire.
func (q *Queries) CreateAssessment(ctx context.Context, a clinic.Assessment, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO assessments (clinic_id, patient_id, instrument, taken_at, total, answers, source, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		a.ClinicID, a.PatientID, a.Instrument, q.T(a.TakenAt), a.Total, JoinAnswers(a.Answers), a.Source, q.T(now)).Scan(&id)
	return id, err
}

// Assessments lists a patient's assessments, oldest first.
func (q *Queries) Assessments(ctx context.Context, clinicID, patientID int64) ([]clinic.Assessment, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT id, clinic_id, patient_id, instrument, taken_at, total, answers, source
		 FROM assessments WHERE clinic_id = $1 AND patient_id = $2 ORDER BY taken_at, id`, clinicID, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clinic.Assessment
	for rows.Next() {
		var a clinic.Assessment
		var taken dbconn.Time
		var answers string
		if err := rows.Scan(&a.ID, &a.ClinicID, &a.PatientID, &a.Instrument, &taken, &a.Total, &answers, &a.Source); err != nil {
			return nil, err
		}
		a.TakenAt = taken.Time
		if a.Answers, err = SplitAnswers(answers); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
