package store

import (
	"context"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// The database keeps its records append-only with triggers (audit trail,
// ledger, intakes, signed sessions, settings versions); someone with the
// owner's rights can drop or disable them. Onset notices at start and
// refuses to run without them: a clinic would rather not start than keep
// writing records anyone can change unnoticed.

var createTrigger = regexp.MustCompile(`(?i)CREATE\s+TRIGGER\s+(\w+)`)

// expectedTriggers are the triggers this engine's migrations create.
func expectedTriggers(engine Engine) ([]string, error) {
	dir := "migrations/" + string(engine)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		body, err := migrations.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		for _, m := range createTrigger.FindAllStringSubmatch(string(body), -1) {
			out = append(out, strings.ToLower(m[1]))
		}
	}
	return out, nil
}

// presentTriggers are the triggers the database has and enforces.
func (db *DB) presentTriggers(ctx context.Context) ([]string, error) {
	query := `SELECT name FROM sqlite_master WHERE type = 'trigger'`
	if db.engine == Postgres {
		query = `SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND t.tgenabled <> 'D'`
	}
	rows, err := db.read.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, strings.ToLower(name))
	}
	return out, rows.Err()
}

// CheckProtections fails, naming them, when triggers that keep records
// append-only are missing or disabled.
func (db *DB) CheckProtections(ctx context.Context) error {
	want, err := expectedTriggers(db.engine)
	if err != nil {
		return err
	}
	have, err := db.presentTriggers(ctx)
	if err != nil {
		return fmt.Errorf("read the database's triggers: %w", err)
	}
	var missing []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the database lacks the triggers that keep records append-only (%s): someone dropped or disabled them; "+
			"restore them from internal/store/migrations/%s (or a backup) and run `onset audit verify` before starting",
			strings.Join(missing, ", "), db.engine)
	}
	return nil
}
