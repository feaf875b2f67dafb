package messaging

import (
	"context"

	"onset/internal/record"
)

// onCaseload narrows threads t to the patients on the caseload now of the
// therapist whose ID is the placeholder param.
func onCaseload(param string) string {
	return ` AND t.patient_id IN (SELECT c.patient_id FROM caseloads c
	WHERE c.clinic_id = t.clinic_id AND c.therapist_id = ` + param + ` AND c.ended_at IS NULL)`
}

// CaseloadThreads is ThreadsOfClinic narrowed to the patients on the
// therapist's caseload; which is ThreadsMine (assigned to the therapist),
// ThreadsUnassigned or ThreadsAll.
func (q *Queries) CaseloadThreads(ctx context.Context, clinicID int64, which string, therapistID int64, limit int) ([]record.Thread, error) {
	where := ` WHERE t.clinic_id = $1` + onCaseload("$3")
	switch which {
	case ThreadsMine:
		where += ` AND t.assigned_to = $3`
	case ThreadsUnassigned:
		where += ` AND t.assigned_to IS NULL`
	}
	return scanThreads(q.QueryContext(ctx, `SELECT * FROM (`+threadSelect+where+`) x
		ORDER BY CASE WHEN x.staff_unread > 0 THEN 0 ELSE 1 END, x.last_message_at DESC, x.id DESC LIMIT $2`,
		clinicID, limit, therapistID))
}

// UnreadCaseloadThreadCount is UnreadThreadCount for the patients on the
// therapist's caseload.
func (q *Queries) UnreadCaseloadThreadCount(ctx context.Context, clinicID, therapistID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(DISTINCT m.thread_id) FROM messages m
		JOIN message_threads t ON t.id = m.thread_id AND t.clinic_id = m.clinic_id
		WHERE m.clinic_id = $1 AND m.sender = 'patient' AND m.read_at IS NULL`+onCaseload("$2"),
		clinicID, therapistID).Scan(&n)
	return n, err
}
