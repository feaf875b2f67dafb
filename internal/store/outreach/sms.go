package outreach

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"onset/internal/clinic"
	"onset/internal/store/patients"
)

// SMSOptedOut reports whether phone (E.164) has replied STOP and not START since.
func (q *Queries) SMSOptedOut(ctx context.Context, phone string) (bool, error) {
	var out bool
	err := q.QueryRowContext(ctx, `SELECT opted_out FROM sms_opt_outs WHERE phone = $1`, phone).Scan(&out)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return out, err
}

// SetSMSOptOut records phone's latest choice.
func (q *Queries) SetSMSOptOut(ctx context.Context, phone string, out bool, source string, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO sms_opt_outs (phone, opted_out, source, changed_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (phone) DO UPDATE SET opted_out = excluded.opted_out, source = excluded.source, changed_at = excluded.changed_at`,
		phone, out, source, q.T(at))
	return err
}

// PatientsByPhone lists the patients, in every clinic, whose phone number
// is phone (E.164) once written as E.164: the numbers a text reply comes
// from. Only the SMS webhook, acting for the system, asks.
func (q *Queries) PatientsByPhone(ctx context.Context, phone string) ([]clinic.Patient, error) {
	if len(phone) < 8 {
		return nil, nil
	}
	tail := phone[len(phone)-7:] // stored numbers are free-form: match on the last digits, then exactly
	rows, err := q.QueryContext(ctx, `SELECT `+patients.PatientColumns+` FROM patients WHERE phone LIKE $1 ORDER BY clinic_id, id`,
		"%"+tail[:3]+"%"+tail[3:])
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clinic.Patient
	for rows.Next() {
		p, err := patients.ScanPatient(rows)
		if err != nil {
			return nil, err
		}
		if e, ok := clinic.E164(p.Phone); ok && e == phone {
			out = append(out, p)
		}
	}
	return out, rows.Err()
}
