package treatment

import (
	"context"
	"encoding/json"
	"time"

	"onset/internal/ledger"
	"onset/internal/store/dbconn"
)

// Controlled-substance ledger (issue 5, item 7). Entries are stored whole
// as JSON in ledger_entries.data, with the columns needed to find and join
// them beside it; the ID column is the entry's ID.

// CreateLedgerContainer stores a new container's identity (its receipt is
// the first ledger entry) and returns its ID.
func (q *Queries) CreateLedgerContainer(ctx context.Context, clinicID int64, e ledger.Entry, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO ledger_containers (clinic_id, drug, form, ndc, lot, expires, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		clinicID, string(e.Drug), string(e.Form), e.NDC, e.Lot, q.T(e.Expires), q.T(now)).Scan(&id)
	return id, err
}

// LockLedgerContainer checks that a container belongs to the clinic and,
// on PostgreSQL, holds its row lock until commit, so that two writes to
// one container run one after the other. SQLite's single writer already
// makes write transactions serial.
func (q *Queries) LockLedgerContainer(ctx context.Context, clinicID, id int64) error {
	query := `SELECT id FROM ledger_containers WHERE id = $1 AND clinic_id = $2`
	if q.Engine == dbconn.Postgres {
		query += ` FOR UPDATE`
	}
	var got int64
	return dbconn.NotFound(q.QueryRowContext(ctx, query, id, clinicID).Scan(&got), "stock container")
}

// CreateLedgerEntry appends an entry and returns its ID.
func (q *Queries) CreateLedgerEntry(ctx context.Context, clinicID int64, e ledger.Entry, now time.Time) (int64, error) {
	data, err := json.Marshal(e)
	if err != nil {
		return 0, err
	}
	var id int64
	err = q.QueryRowContext(ctx,
		`INSERT INTO ledger_entries (clinic_id, container_id, kind, at, actor_id, corrects, administration_id, patient_id, data, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		clinicID, e.ContainerID, string(e.Kind), q.T(e.At), dbconn.NullInt(e.Actor.ID), dbconn.NullInt(e.Corrects),
		dbconn.NullInt(e.AdministrationID), dbconn.NullInt(e.PatientID), string(data), q.T(now)).Scan(&id)
	return id, err
}

// LedgerContainerEntries returns one container's entries in ID order.
func (q *Queries) LedgerContainerEntries(ctx context.Context, clinicID, containerID int64) ([]ledger.Entry, error) {
	return q.ledgerEntries(ctx, `SELECT id, data FROM ledger_entries WHERE clinic_id = $1 AND container_id = $2 ORDER BY id`,
		clinicID, containerID)
}

// LedgerEntries returns every entry of a clinic's ledger in ID order.
func (q *Queries) LedgerEntries(ctx context.Context, clinicID int64) ([]ledger.Entry, error) {
	return q.ledgerEntries(ctx, `SELECT id, data FROM ledger_entries WHERE clinic_id = $1 ORDER BY id`, clinicID)
}

func (q *Queries) ledgerEntries(ctx context.Context, query string, args ...any) ([]ledger.Entry, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Entry
	for rows.Next() {
		var id int64
		var data string
		if err := rows.Scan(&id, &data); err != nil {
			return nil, err
		}
		var e ledger.Entry
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return nil, err
		}
		e.ID = id
		out = append(out, e)
	}
	return out, rows.Err()
}
