package store

import (
	"context"
	"time"
)

// RawExecForTest runs a statement outside Onset's queries, to prove the
// schema itself refuses what the code never attempts.
func (db *DB) RawExecForTest(ctx context.Context, stmt string) error {
	_, err := db.write.ExecContext(ctx, stmt)
	return err
}

// UnchainAuditForBench makes every audit row from now on unchained (or
// chained again), so a benchmark can compare whole requests.
func (db *DB) UnchainAuditForBench(off bool) { db.heads.unchained = off }

// AppendAuditUnchainedForBench writes an audit row as Onset did before
// the hash chain, so a benchmark can put the chain's cost beside it.
func (q *Queries) AppendAuditUnchainedForBench(ctx context.Context, clinicID int64, at any) error {
	_, err := q.ExecContext(ctx,
		`INSERT INTO audit_log (clinic_id, at, user_id, role, action, patient_id, record_type, record_id, address, request_id)
		 VALUES ($1, $2, NULL, 'nurse', 'patient.read', NULL, 'patient', NULL, '127.0.0.1', 'bench')`, clinicID, at)
	return err
}

// TimeArg is how a time goes into a query on this engine.
func (q *Queries) TimeArg(v interface{ UTC() time.Time }) any { return q.T(v.UTC()) }
