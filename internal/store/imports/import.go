package imports

import (
	"context"
	"database/sql"
	"time"

	"onset/internal/clinic"
	"onset/internal/store/dbconn"
	"onset/internal/store/patients"
)

// ImportKeys returns the external ids of one kind already imported into a
// clinic, with the records they became.
func (q *Queries) ImportKeys(ctx context.Context, clinicID int64, kind string) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT external_id, record_id FROM import_keys WHERE clinic_id = $1 AND kind = $2`, clinicID, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var ext string
		var id int64
		if err := rows.Scan(&ext, &id); err != nil {
			return nil, err
		}
		out[ext] = id
	}
	return out, rows.Err()
}

// PutImportKey records that an imported row became record recordID.
func (q *Queries) PutImportKey(ctx context.Context, clinicID int64, kind, externalID string, recordID int64) error {
	_, err := q.ExecContext(ctx,
		`INSERT INTO import_keys (clinic_id, kind, external_id, record_id) VALUES ($1, $2, $3, $4)`,
		clinicID, kind, externalID, recordID)
	if dbconn.IsUniqueViolation(err) {
		return clinic.Errorf(clinic.Conflict, "%s %s was imported already", kind, externalID)
	}
	return err
}

// PatientIDsByMRN maps each of a clinic's MRNs to its patient.
func (q *Queries) PatientIDsByMRN(ctx context.Context, clinicID int64) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT mrn, id FROM patients WHERE clinic_id = $1`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var mrn string
		var id int64
		if err := rows.Scan(&mrn, &id); err != nil {
			return nil, err
		}
		out[mrn] = id
	}
	return out, rows.Err()
}

// FirstConditions maps each of a clinic's patients with a recorded
// condition to the first of them in alphabetical order.
func (q *Queries) FirstConditions(ctx context.Context, clinicID int64) (map[int64]clinic.Condition, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT patient_id, MIN(condition) FROM patient_conditions WHERE clinic_id = $1 GROUP BY patient_id`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]clinic.Condition{}
	for rows.Next() {
		var id int64
		var c clinic.Condition
		if err := rows.Scan(&id, &c); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}

// LastAdministrations maps each of a clinic's patients with a dose to their
// latest dose, in one pass over the clinic's doses.
func (q *Queries) LastAdministrations(ctx context.Context, clinicID int64) (map[int64]clinic.Administration, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT id, course_id, patient_id, given_at, route, dose_mg, weight_kg
		 FROM administrations WHERE clinic_id = $1 ORDER BY patient_id, given_at, id`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]clinic.Administration{}
	for rows.Next() {
		var a clinic.Administration
		var given dbconn.Time
		if err := rows.Scan(&a.ID, &a.CourseID, &a.PatientID, &given, &a.Route, &a.DoseMg, &a.WeightKg); err != nil {
			return nil, err
		}
		a.ClinicID, a.GivenAt = clinicID, given.Time
		out[a.PatientID] = a
	}
	return out, rows.Err()
}

const insertImportKey = `INSERT INTO import_keys (clinic_id, kind, external_id, record_id) VALUES ($1, $2, $3, $4)`

// bulk runs insert once per row with prepared statements, then records
// the row's import key (kind, keys[i]) when keys is not nil. row returns
// the insert's arguments and the key's clinic.
func (q *Queries) bulk(ctx context.Context, insert, kind string, n int, keys []string, row func(i int) (clinicID int64, args []any), done func(i int, id int64) error) error {
	ins, err := q.Prepare(ctx, insert)
	if err != nil {
		return err
	}
	defer ins.Close()
	var key *sql.Stmt
	if keys != nil {
		if key, err = q.Prepare(ctx, insertImportKey); err != nil {
			return err
		}
		defer key.Close()
	}
	for i := range n {
		clinicID, args := row(i)
		var id int64
		if err := ins.QueryRowContext(ctx, args...).Scan(&id); err != nil {
			return err
		}
		if key != nil {
			if _, err := key.ExecContext(ctx, clinicID, kind, keys[i], id); err != nil {
				if dbconn.IsUniqueViolation(err) {
					return clinic.Errorf(clinic.Conflict, "%s %s was imported already", kind, keys[i])
				}
				return err
			}
		}
		if done != nil {
			if err := done(i, id); err != nil {
				return err
			}
		}
	}
	return nil
}

// ImportPatients inserts patients with their conditions, as CreatePatient
// does, and records keys[i] as patient i's import key ("patient"); keys
// may be nil. It returns the new IDs in order.
func (q *Queries) ImportPatients(ctx context.Context, ps []clinic.Patient, keys []string) ([]int64, error) {
	cond, err := q.Prepare(ctx, `INSERT INTO patient_conditions (clinic_id, patient_id, condition) VALUES ($1, $2, $3)`)
	if err != nil {
		return nil, err
	}
	defer cond.Close()
	ids := make([]int64, len(ps))
	err = q.bulk(ctx, `INSERT INTO patients (clinic_id, mrn, given_name, family_name, sex, birth_date, email, phone, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, "patient", len(ps), keys,
		func(i int) (int64, []any) {
			p := ps[i]
			return p.ClinicID, []any{p.ClinicID, p.MRN, p.GivenName, p.FamilyName, p.Sex, q.T(p.BirthDate), p.Email, p.Phone, q.T(p.CreatedAt)}
		},
		func(i int, id int64) error {
			ids[i] = id
			for _, c := range ps[i].Conditions {
				if _, err := cond.ExecContext(ctx, ps[i].ClinicID, id, string(c)); err != nil {
					return err
				}
			}
			return nil
		})
	if dbconn.IsUniqueViolation(err) {
		return nil, clinic.Errorf(clinic.Conflict, "a patient with one of these MRNs already exists")
	}
	return ids, err
}

// ImportAdministrations inserts doses, as CreateAdministration does, with
// their import keys ("administration"; keys may be nil).
func (q *Queries) ImportAdministrations(ctx context.Context, as []clinic.Administration, keys []string) error {
	return q.bulk(ctx, `INSERT INTO administrations (clinic_id, course_id, patient_id, given_at, route, dose_mg, weight_kg)
		 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, "administration", len(as), keys,
		func(i int) (int64, []any) {
			a := as[i]
			return a.ClinicID, []any{a.ClinicID, a.CourseID, a.PatientID, q.T(a.GivenAt), string(a.Route), a.DoseMg, a.WeightKg}
		}, nil)
}

// ImportAssessments inserts assessments, as CreateAssessment does, with
// their import keys ("assessment"; keys may be nil).
func (q *Queries) ImportAssessments(ctx context.Context, as []clinic.Assessment, keys []string, now time.Time) error {
	created := q.T(now)
	return q.bulk(ctx, `INSERT INTO assessments (clinic_id, patient_id, instrument, taken_at, total, answers, source, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, "assessment", len(as), keys,
		func(i int) (int64, []any) {
			a := as[i]
			return a.ClinicID, []any{a.ClinicID, a.PatientID, a.Instrument, q.T(a.TakenAt), a.Total, patients.JoinAnswers(a.Answers), a.Source, created}
		}, nil)
}
