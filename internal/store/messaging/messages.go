// Package messaging holds the queries of secure messages between a patient
// and their care team (service/messaging): threads, messages, their reads,
// and the notices that tell a patient one waits (service/outreach).
package messaging

import (
	"context"
	"database/sql"
	"time"

	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// Which of a clinic's threads ThreadsOfClinic lists.
const (
	ThreadsAll        = ""
	ThreadsMine       = "mine"       // assigned to the user asking
	ThreadsUnassigned = "unassigned" // assigned to nobody
)

// threadSelect reads a thread with its patient's and assignee's names and
// its counts, in scanThread's order.
const threadSelect = `SELECT t.id, t.clinic_id, t.patient_id, t.subject, COALESCE(t.assigned_to, 0) AS assigned_to,
	COALESCE(t.created_by, 0) AS created_by, t.created_at, t.last_message_at,
	p.given_name || ' ' || p.family_name AS patient_name, COALESCE(u.name, '') AS assignee_name,
	(SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id) AS n_messages,
	(SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id AND m.sender = 'patient' AND m.read_at IS NULL) AS staff_unread,
	(SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id AND m.sender = 'staff' AND m.read_at IS NULL) AS patient_unread
	FROM message_threads t JOIN patients p ON p.id = t.patient_id LEFT JOIN users u ON u.id = t.assigned_to`

func scanThread(row interface{ Scan(...any) error }) (record.Thread, error) {
	var t record.Thread
	var created, last dbconn.Time
	err := row.Scan(&t.ID, &t.ClinicID, &t.PatientID, &t.Subject, &t.AssignedTo, &t.CreatedBy, &created, &last,
		&t.PatientName, &t.AssigneeName, &t.Messages, &t.StaffUnread, &t.PatientUnread)
	t.CreatedAt, t.LastMessageAt = created.Time, last.Time
	return t, err
}

func scanThreads(rows *sql.Rows, err error) ([]record.Thread, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.Thread
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// CreateThread stores a new thread (its first message follows).
func (q *Queries) CreateThread(ctx context.Context, t record.Thread) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO message_threads (clinic_id, patient_id, subject, assigned_to, created_by,
		created_at, last_message_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		t.ClinicID, t.PatientID, t.Subject, dbconn.NullInt(t.AssignedTo), dbconn.NullInt(t.CreatedBy), q.T(t.CreatedAt), q.T(t.CreatedAt)).Scan(&id)
	return id, err
}

// Thread returns one of a clinic's threads.
func (q *Queries) Thread(ctx context.Context, clinicID, id int64) (record.Thread, error) {
	t, err := scanThread(q.QueryRowContext(ctx, threadSelect+` WHERE t.id = $1 AND t.clinic_id = $2`, id, clinicID))
	return t, dbconn.NotFound(err, "conversation")
}

// ThreadsOfClinic lists a clinic's threads, those with messages staff have
// not read first, then the latest first; which is ThreadsMine (assigned to
// userID), ThreadsUnassigned or ThreadsAll. At most limit.
func (q *Queries) ThreadsOfClinic(ctx context.Context, clinicID int64, which string, userID int64, limit int) ([]record.Thread, error) {
	where, args := ` WHERE t.clinic_id = $1`, []any{clinicID, limit}
	switch which {
	case ThreadsMine:
		where, args = where+` AND t.assigned_to = $3`, append(args, userID)
	case ThreadsUnassigned:
		where += ` AND t.assigned_to IS NULL`
	}
	return scanThreads(q.QueryContext(ctx, `SELECT * FROM (`+threadSelect+where+`) x
		ORDER BY CASE WHEN x.staff_unread > 0 THEN 0 ELSE 1 END, x.last_message_at DESC, x.id DESC LIMIT $2`, args...))
}

// PatientThreads lists a patient's threads, the latest first.
func (q *Queries) PatientThreads(ctx context.Context, clinicID, patientID int64) ([]record.Thread, error) {
	return scanThreads(q.QueryContext(ctx, threadSelect+` WHERE t.clinic_id = $1 AND t.patient_id = $2
		ORDER BY t.last_message_at DESC, t.id DESC`, clinicID, patientID))
}

// AssignThread sets who answers a thread (0: nobody).
func (q *Queries) AssignThread(ctx context.Context, clinicID, id, userID int64) error {
	return q.Exec1(ctx, "conversation", `UPDATE message_threads SET assigned_to = $1 WHERE id = $2 AND clinic_id = $3`,
		dbconn.NullInt(userID), id, clinicID)
}

// CreateMessage stores a message and moves its thread's last message time.
func (q *Queries) CreateMessage(ctx context.Context, m record.Message) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO messages (clinic_id, thread_id, patient_id, sender, author_id, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		m.ClinicID, m.ThreadID, m.PatientID, m.Sender, dbconn.NullInt(m.AuthorID), m.Body, q.T(m.CreatedAt)).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, q.Exec1(ctx, "conversation", `UPDATE message_threads SET last_message_at = $1 WHERE id = $2 AND clinic_id = $3`,
		q.T(m.CreatedAt), m.ThreadID, m.ClinicID)
}

// ThreadMessages lists a thread's messages, oldest first, with their
// authors' names and whether each raised a safety alert.
func (q *Queries) ThreadMessages(ctx context.Context, clinicID, threadID int64) ([]record.Message, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+MessageColumns+` FROM messages m LEFT JOIN users u ON u.id = m.author_id
		WHERE m.clinic_id = $1 AND m.thread_id = $2 ORDER BY m.id`, clinicID, threadID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.Message
	for rows.Next() {
		m, err := ScanMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MessageColumns read a message (m) with its author's name (u) and
// whether it raised a safety alert, in ScanMessage's order.
const MessageColumns = `m.id, m.clinic_id, m.thread_id, m.patient_id, m.sender, COALESCE(m.author_id, 0),
	m.body, m.created_at, m.read_at, COALESCE(m.read_by, 0), COALESCE(u.name, ''),
	EXISTS (SELECT 1 FROM safety_alerts a WHERE a.message_id = m.id)`

func ScanMessage(row interface{ Scan(...any) error }) (record.Message, error) {
	var m record.Message
	var created, read dbconn.Time
	err := row.Scan(&m.ID, &m.ClinicID, &m.ThreadID, &m.PatientID, &m.Sender, &m.AuthorID, &m.Body, &created, &read,
		&m.ReadBy, &m.AuthorName, &m.Alerted)
	m.CreatedAt, m.ReadAt = created.Time, read.Time
	return m, err
}

// MarkMessagesRead marks a thread's unread messages from sender read by
// userID at now, and says how many it marked.
func (q *Queries) MarkMessagesRead(ctx context.Context, clinicID, threadID int64, sender string, userID int64, now time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `UPDATE messages SET read_at = $1, read_by = $2
		WHERE clinic_id = $3 AND thread_id = $4 AND sender = $5 AND read_at IS NULL`,
		q.T(now), dbconn.NullInt(userID), clinicID, threadID, sender)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// UnreadThreadCount counts a clinic's threads with a patient's message
// that staff have not read.
func (q *Queries) UnreadThreadCount(ctx context.Context, clinicID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(DISTINCT thread_id) FROM messages
		WHERE clinic_id = $1 AND sender = 'patient' AND read_at IS NULL`, clinicID).Scan(&n)
	return n, err
}

// PatientUnreadMessages counts the care team's messages a patient has not read.
func (q *Queries) PatientUnreadMessages(ctx context.Context, clinicID, patientID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages
		WHERE clinic_id = $1 AND patient_id = $2 AND sender = 'staff' AND read_at IS NULL`, clinicID, patientID).Scan(&n)
	return n, err
}

// CreateMessageNotice queues a notice that a message waits.
func (q *Queries) CreateMessageNotice(ctx context.Context, n record.MessageNotice) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO message_notices (clinic_id, patient_id, thread_id, channel, recipient, due_at,
		status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		n.ClinicID, n.PatientID, n.ThreadID, n.Channel, n.Recipient, q.T(n.DueAt), record.OutboxPending, q.T(n.CreatedAt)).Scan(&id)
	return id, err
}

// MessageNoticePending reports whether the patient already has a notice
// waiting to go by channel: one notice says there are messages, however many.
func (q *Queries) MessageNoticePending(ctx context.Context, clinicID, patientID int64, channel string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM message_notices
		WHERE clinic_id = $1 AND patient_id = $2 AND channel = $3 AND status = $4`,
		clinicID, patientID, channel, record.OutboxPending).Scan(&n)
	return n > 0, err
}

// messageNoticeColumns are a message notice's columns, in scanMessageNotices' order.
const messageNoticeColumns = `id, clinic_id, patient_id, thread_id, channel, recipient, due_at, status, attempts, last_error,
	sent_at, created_at`

// ClaimDueMessageNotices takes due notices as ClaimDueOutboxMessages
// takes messages. Call it in a write transaction.
func (q *Queries) ClaimDueMessageNotices(ctx context.Context, now, until time.Time, limit int) ([]record.MessageNotice, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+messageNoticeColumns+` FROM message_notices WHERE status = $1 AND due_at <= $2
		ORDER BY due_at, id LIMIT $3`+q.SkipLocked(), record.OutboxPending, q.T(now), limit)
	if err != nil {
		return nil, err
	}
	out, err := scanMessageNotices(rows)
	if err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, len(out))
	for i, n := range out {
		ids[i] = n.ID
	}
	return out, q.HoldUntil(ctx, "message_notices", ids, until)
}

// MarkMessageNotice records what became of a notice, as MarkAppointmentNotice
// does: sent (no reason, no retryAt), held until retryAt (no reason),
// tried again at retryAt (a reason), failed for good (a reason, no
// retryAt). status OutboxCancelled closes it unsent (the patient read the
// messages first).
func (q *Queries) MarkMessageNotice(ctx context.Context, id int64, at time.Time, reason string, retryAt time.Time) error {
	var err error
	switch {
	case reason == "" && !retryAt.IsZero():
		_, err = q.ExecContext(ctx, `UPDATE message_notices SET due_at = $1 WHERE id = $2 AND status = $3`,
			q.T(retryAt), id, record.OutboxPending)
	case reason == "":
		_, err = q.ExecContext(ctx, `UPDATE message_notices SET status = $1, sent_at = $2, attempts = attempts + 1
			WHERE id = $3 AND status = $4`, record.OutboxSent, q.T(at), id, record.OutboxPending)
	case retryAt.IsZero():
		_, err = q.ExecContext(ctx, `UPDATE message_notices SET status = $1, last_error = $2, attempts = attempts + 1
			WHERE id = $3 AND status = $4`, record.OutboxFailed, reason, id, record.OutboxPending)
	default:
		_, err = q.ExecContext(ctx, `UPDATE message_notices SET last_error = $1, due_at = $2, attempts = attempts + 1
			WHERE id = $3 AND status = $4`, reason, q.T(retryAt), id, record.OutboxPending)
	}
	return err
}

// CloseMessageNotice ends a waiting notice unsent, with status (OutboxCancelled).
func (q *Queries) CloseMessageNotice(ctx context.Context, id int64, status string) error {
	_, err := q.ExecContext(ctx, `UPDATE message_notices SET status = $1 WHERE id = $2 AND status = $3`,
		status, id, record.OutboxPending)
	return err
}

// PatientMessageNotices lists a patient's message notices, newest first.
func (q *Queries) PatientMessageNotices(ctx context.Context, clinicID, patientID int64, limit int) ([]record.MessageNotice, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+messageNoticeColumns+` FROM message_notices WHERE clinic_id = $1 AND patient_id = $2
		ORDER BY id DESC LIMIT $3`, clinicID, patientID, limit)
	if err != nil {
		return nil, err
	}
	return scanMessageNotices(rows)
}

// scanMessageNotices reads and closes rows of messageNoticeColumns.
func scanMessageNotices(rows *sql.Rows) ([]record.MessageNotice, error) {
	defer rows.Close()
	var out []record.MessageNotice
	for rows.Next() {
		var n record.MessageNotice
		var due, sent, created dbconn.Time
		if err := rows.Scan(&n.ID, &n.ClinicID, &n.PatientID, &n.ThreadID, &n.Channel, &n.Recipient, &due, &n.Status,
			&n.Attempts, &n.LastError, &sent, &created); err != nil {
			return nil, err
		}
		n.DueAt, n.SentAt, n.CreatedAt = due.Time, sent.Time, created.Time
		out = append(out, n)
	}
	return out, rows.Err()
}
