package store

import "context"

// RawExecForTest runs a statement outside Onset's queries, to prove the
// schema itself refuses what the code never attempts.
func (db *DB) RawExecForTest(ctx context.Context, stmt string) error {
	_, err := db.write.ExecContext(ctx, stmt)
	return err
}
