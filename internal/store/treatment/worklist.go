package treatment

import (
	"context"
	"time"

	"onset/internal/ledger"
	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// The worklist's own reads (service/worklist): each one query, bounded
// by limit and served by an index (migration 0032), so the list costs the
// same in a clinic of 100,000 patients as in one of 100.

// UnsignedSessions lists the clinic's discharged sessions checked in at or
// after since that no prescriber has signed, the longest waiting first
// (What: who discharged it, At: when).
func (q *Queries) UnsignedSessions(ctx context.Context, clinicID int64, since time.Time, limit int) ([]record.WorkRow, error) {
	return q.workRows(ctx, `SELECT s.id, s.patient_id, p.given_name || ' ' || p.family_name, s.discharged_by_name, s.discharged_at
		FROM treatment_sessions s JOIN patients p ON p.id = s.patient_id AND p.clinic_id = s.clinic_id
		WHERE s.clinic_id = $1 AND s.checked_in_at >= $2 AND s.status = 'discharged' AND s.signed_at IS NULL
		ORDER BY s.discharged_at, s.id LIMIT $3`, clinicID, q.T(since), limit)
}

// UnsignedREMSForms lists the clinic's dosed or discharged esketamine
// sessions checked in at or after since whose REMS Patient Monitoring
// Form is not signed, oldest first (At: the check-in).
func (q *Queries) UnsignedREMSForms(ctx context.Context, clinicID int64, since time.Time, limit int) ([]record.WorkRow, error) {
	return q.workRows(ctx, `SELECT s.id, s.patient_id, p.given_name || ' ' || p.family_name, s.drug, s.checked_in_at
		FROM treatment_sessions s JOIN patients p ON p.id = s.patient_id AND p.clinic_id = s.clinic_id
		WHERE s.clinic_id = $1 AND s.checked_in_at >= $2 AND s.drug = 'esketamine' AND s.status IN ('dosed', 'discharged')
		AND NOT EXISTS (SELECT 1 FROM rems_forms f WHERE f.session_id = s.id AND f.clinic_id = s.clinic_id AND f.signed_at IS NOT NULL)
		ORDER BY s.checked_in_at, s.id LIMIT $3`, clinicID, q.T(since), limit)
}

// OverdueLinks lists the questionnaire links made between from and before
// that are still unanswered and not superseded by a newer link for the
// same instrument, for patients dosed since activeSince (in an active
// course), oldest first (What: the instrument, At: when the link was made).
func (q *Queries) OverdueLinks(ctx context.Context, clinicID int64, from, before, activeSince time.Time, limit int) ([]record.WorkRow, error) {
	return q.workRows(ctx, `SELECT l.id, l.patient_id, p.given_name || ' ' || p.family_name, l.instrument, l.created_at
		FROM questionnaire_links l JOIN patients p ON p.id = l.patient_id AND p.clinic_id = l.clinic_id
		WHERE l.clinic_id = $1 AND l.used_at IS NULL AND l.created_at >= $2 AND l.created_at < $3
		AND NOT EXISTS (SELECT 1 FROM questionnaire_links n WHERE n.clinic_id = l.clinic_id AND n.patient_id = l.patient_id
			AND n.instrument = l.instrument AND n.created_at > l.created_at)
		AND EXISTS (SELECT 1 FROM administrations d WHERE d.clinic_id = l.clinic_id AND d.patient_id = l.patient_id AND d.given_at >= $4)
		ORDER BY l.created_at, l.id LIMIT $5`, clinicID, q.T(from), q.T(before), q.T(activeSince), limit)
}

// LiveLedgerEntries returns the entries of the clinic's containers that
// expire after after, in ID order: the stock a count or an expiry can
// still concern, without the clinic's whole history.
func (q *Queries) LiveLedgerEntries(ctx context.Context, clinicID int64, after time.Time) ([]ledger.Entry, error) {
	return q.ledgerEntries(ctx, `SELECT e.id, e.data FROM ledger_entries e
		WHERE e.clinic_id = $1 AND e.container_id IN (SELECT c.id FROM ledger_containers c WHERE c.clinic_id = $1 AND c.expires > $2)
		ORDER BY e.id`, clinicID, q.T(after))
}

func (q *Queries) workRows(ctx context.Context, query string, args ...any) ([]record.WorkRow, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.WorkRow
	for rows.Next() {
		var r record.WorkRow
		var at dbconn.Time
		if err := rows.Scan(&r.ID, &r.PatientID, &r.PatientName, &r.What, &at); err != nil {
			return nil, err
		}
		r.At = at.Time
		out = append(out, r)
	}
	return out, rows.Err()
}
