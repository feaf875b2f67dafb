package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"onset/internal/auditchain"
	"onset/internal/clinic"
	"onset/internal/store/dbconn"
)

// AppendAudit adds one audit entry as the next link of its clinic's chain
// (internal/auditchain), in the caller's transaction, and moves the
// clinic's head. There is deliberately no update or delete: the trail is
// append-only, and the schema's triggers enforce it. On PostgreSQL the
// head row is locked until commit, so a clinic's audited writes take
// their places one after another.
//
// It starts from the head this process last wrote, and links the row only
// if the stored head is still that one; otherwise — another process
// wrote, or a transaction rolled back — it reads the head and tries again.
func (q *Queries) AppendAudit(ctx context.Context, e clinic.AuditEntry) error {
	e.At = e.At.UTC().Truncate(time.Microsecond) // what both engines keep
	if q.heads.unchained {
		return q.appendAuditUnchained(ctx, e)
	}
	head, ok := q.heads.get(e.ClinicID)
	for attempt := 0; ; attempt++ {
		if !ok {
			var err error
			if head, err = q.lockAuditHead(ctx, e.ClinicID); err != nil {
				return err
			}
		}
		row := auditchain.Next(head, e)
		linked, err := q.linkAudit(ctx, head, row)
		if err != nil {
			return err
		}
		if linked {
			q.heads.set(e.ClinicID, auditchain.Head{Seq: row.Seq, Hash: row.Hash})
			return nil
		}
		if attempt > 0 {
			return errors.New("store: the audit head moved while locked")
		}
		ok = false
	}
}

// linkAudit moves the clinic's head from head to row and inserts row,
// reporting false (and writing nothing) when the stored head is not head.
// On PostgreSQL it is one statement — one round trip, which is most of
// the chain's cost there; the update also takes the head row's lock until
// commit. SQLite, in process, runs the two statements.
func (q *Queries) linkAudit(ctx context.Context, head auditchain.Head, row auditchain.Row) (bool, error) {
	e := row.AuditEntry
	args := []any{e.ClinicID, q.T(e.At), dbconn.NullInt(e.UserID), string(e.Role), e.Action, dbconn.NullInt(e.PatientID),
		e.RecordType, dbconn.NullInt(e.RecordID), e.Address, e.RequestID, row.Seq, row.PrevHash, row.Hash, head.Seq}
	if q.Engine == Postgres {
		res, err := q.ExecContext(ctx, `WITH moved AS (
			UPDATE audit_heads SET seq = $11, hash = $13 WHERE clinic_id = $1 AND seq = $14 AND hash = $12 RETURNING 1)
		INSERT INTO audit_log (clinic_id, at, user_id, role, action, patient_id, record_type, record_id, address, request_id,
		 seq, prev_hash, hash)
		SELECT $1::bigint, $2::timestamptz, $3::bigint, $4::text, $5::text, $6::bigint, $7::text, $8::bigint, $9::text, $10::text,
		 $11::bigint, $12::text, $13::text FROM moved`, args...)
		if err != nil {
			return false, err
		}
		n, err := res.RowsAffected()
		return n == 1, err
	}
	res, err := q.ExecContext(ctx, `UPDATE audit_heads SET seq = $2, hash = $3 WHERE clinic_id = $1 AND seq = $4 AND hash = $5`,
		e.ClinicID, row.Seq, row.Hash, head.Seq, head.Hash)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return false, err
	}
	_, err = q.ExecContext(ctx,
		`INSERT INTO audit_log (clinic_id, at, user_id, role, action, patient_id, record_type, record_id, address, request_id,
		 seq, prev_hash, hash)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, args[:13]...)
	return err == nil, err
}

// appendAuditUnchained is the benchmark's baseline (auditHeads.unchained).
func (q *Queries) appendAuditUnchained(ctx context.Context, e clinic.AuditEntry) error {
	_, err := q.ExecContext(ctx,
		`INSERT INTO audit_log (clinic_id, at, user_id, role, action, patient_id, record_type, record_id, address, request_id)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.ClinicID, q.T(e.At), dbconn.NullInt(e.UserID), string(e.Role), e.Action, dbconn.NullInt(e.PatientID),
		e.RecordType, dbconn.NullInt(e.RecordID), e.Address, e.RequestID)
	return err
}

// auditHeads remembers each clinic's head as this process last wrote it,
// to save reading it before every audit row. It is only a guess: the
// conditional update in moveAuditHead checks it against the database.
type auditHeads struct {
	mu sync.Mutex
	m  map[int64]auditchain.Head
	// unchained writes audit rows without the chain, as Onset did before
	// it. Only a benchmark sets it (export_test.go), to measure the
	// chain's cost per request; nothing outside tests can.
	unchained bool
}

func (h *auditHeads) get(clinicID int64) (auditchain.Head, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	v, ok := h.m[clinicID]
	return v, ok
}

func (h *auditHeads) set(clinicID int64, v auditchain.Head) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil {
		h.m = map[int64]auditchain.Head{}
	}
	h.m[clinicID] = v
}

// lockAuditHead reads a clinic's head for the next link, locking it on
// PostgreSQL (SQLite has one writer); a clinic without one gets it.
func (q *Queries) lockAuditHead(ctx context.Context, clinicID int64) (auditchain.Head, error) {
	lock := ""
	if q.Engine == Postgres {
		lock = " FOR UPDATE"
	}
	var h auditchain.Head
	for range 2 {
		err := q.QueryRowContext(ctx, `SELECT seq, hash FROM audit_heads WHERE clinic_id = $1`+lock, clinicID).Scan(&h.Seq, &h.Hash)
		if !errors.Is(err, sql.ErrNoRows) {
			return h, err
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO audit_heads (clinic_id, seq, hash) VALUES ($1, 0, '')
			ON CONFLICT (clinic_id) DO NOTHING`, clinicID); err != nil {
			return h, err
		}
	}
	return h, errors.New("store: the clinic's audit head could not be created")
}

// AuditHead is a clinic's latest link, the checkpoint of its trail.
func (q *Queries) AuditHead(ctx context.Context, clinicID int64) (auditchain.Head, error) {
	var h auditchain.Head
	err := q.QueryRowContext(ctx, `SELECT seq, hash FROM audit_heads WHERE clinic_id = $1`, clinicID).Scan(&h.Seq, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return auditchain.Head{}, nil // deleted, or never written: the verification compares
	}
	return h, err
}

// AuditChain calls fn with each of a clinic's audit rows in the order they
// were written (by ID), with their place in the chain.
func (q *Queries) AuditChain(ctx context.Context, clinicID int64, fn func(auditchain.Row) error) error {
	rows, err := q.QueryContext(ctx,
		`SELECT id, clinic_id, at, COALESCE(user_id, 0), role, action, COALESCE(patient_id, 0), record_type,
		        COALESCE(record_id, 0), address, request_id, COALESCE(seq, 0), prev_hash, hash
		 FROM audit_log WHERE clinic_id = $1 ORDER BY id`, clinicID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r auditchain.Row
		var at dbconn.Time
		if err := rows.Scan(&r.ID, &r.ClinicID, &at, &r.UserID, &r.Role, &r.Action, &r.PatientID, &r.RecordType,
			&r.RecordID, &r.Address, &r.RequestID, &r.Seq, &r.PrevHash, &r.Hash); err != nil {
			return err
		}
		r.At = at.Time
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Audit lists entries matching f, newest first.
func (q *Queries) Audit(ctx context.Context, f clinic.AuditFilter) ([]clinic.AuditEntry, error) {
	where := []string{"clinic_id = $1"}
	args := []any{f.ClinicID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.UserID != 0 {
		add("user_id = $%d", f.UserID)
	}
	if f.PatientID != 0 {
		add("patient_id = $%d", f.PatientID)
	}
	if f.Action != "" {
		add("action = $%d", f.Action)
	}
	if !f.Since.IsZero() {
		add("at >= $%d", q.T(f.Since))
	}
	if !f.Until.IsZero() {
		add("at < $%d", q.T(f.Until))
	}
	if f.BeforeID != 0 {
		add("id < $%d", f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := q.QueryContext(ctx, fmt.Sprintf(
		`SELECT id, clinic_id, at, COALESCE(user_id, 0), role, action, COALESCE(patient_id, 0),
		        record_type, COALESCE(record_id, 0), address, request_id
		 FROM audit_log WHERE %s ORDER BY id DESC LIMIT %d`, strings.Join(where, " AND "), limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clinic.AuditEntry
	for rows.Next() {
		var e clinic.AuditEntry
		var at dbconn.Time
		if err := rows.Scan(&e.ID, &e.ClinicID, &at, &e.UserID, &e.Role, &e.Action, &e.PatientID,
			&e.RecordType, &e.RecordID, &e.Address, &e.RequestID); err != nil {
			return nil, err
		}
		e.At = at.Time
		out = append(out, e)
	}
	return out, rows.Err()
}
