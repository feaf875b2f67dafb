package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"onset/internal/store"
	"onset/internal/store/storetest"
)

// tableDistribution says how each table would be laid out on Citus (README,
// "Distributing by clinic (Citus)"): distributed by clinic_id, co-located
// with every other distributed table, or a reference table copied to every
// node. TestSchemaDistributableByClinic fails on a table missing here, so a
// new table must be decided.
//
// Reference tables are those read without a clinic in hand, or shared by
// all clinics:
//   - organizations, clinics: the tenants themselves.
//   - users and the account tables keyed by a user (recovery_codes,
//     web_sessions, api_tokens, password_tokens, account_messages,
//     clinic_staff): a user signs in by e-mail or token before any clinic is
//     chosen, an e-mail is unique across the deployment, and staff work at
//     several clinics (clinic_staff), so the account follows the person, not
//     a clinic. users.clinic_id is the staff member's home clinic, not a
//     distribution key.
//   - backend_clients, backend_tokens, backend_assertions: a backend
//     service's token request names only its client_id, before any clinic.
//   - auth_attempts (throttling by key, no clinic), sms_opt_outs (a phone
//     number opts out of every clinic's texts), form_submissions (a
//     public booking form has no clinic), schema_migrations.
//
// Everything else holds one clinic's records and is distributed by
// clinic_id: its primary key, unique constraints and indexes include
// clinic_id, and its foreign keys to other distributed tables map clinic_id
// to clinic_id (so a row and the rows it names live on one node).
var tableDistribution = map[string]string{
	// reference
	"organizations":      "reference",
	"clinics":            "reference",
	"users":              "reference",
	"recovery_codes":     "reference",
	"web_sessions":       "reference",
	"api_tokens":         "reference",
	"password_tokens":    "reference",
	"account_messages":   "reference",
	"clinic_staff":       "reference",
	"auth_attempts":      "reference",
	"sms_opt_outs":       "reference",
	"form_submissions":   "reference",
	"schema_migrations":  "reference",
	"backend_clients":    "reference",
	"backend_tokens":     "reference",
	"backend_assertions": "reference",

	// distributed by clinic_id
	"patients":                "distributed",
	"patient_conditions":      "distributed",
	"patient_versions":        "distributed",
	"patient_transfers":       "distributed",
	"note_templates":          "distributed",
	"audit_log":               "distributed",
	"audit_heads":             "distributed",
	"courses":                 "distributed",
	"administrations":         "distributed",
	"assessments":             "distributed",
	"questionnaire_links":     "distributed",
	"outbox":                  "distributed",
	"idempotency_keys":        "distributed",
	"import_keys":             "distributed",
	"treatment_plans":         "distributed",
	"plan_sessions":           "distributed",
	"treatment_sessions":      "distributed",
	"session_doses":           "distributed",
	"session_vitals":          "distributed",
	"session_alerts":          "distributed",
	"session_side_effects":    "distributed",
	"session_addenda":         "distributed",
	"rems_forms":              "distributed",
	"rems_enrolments":         "distributed",
	"booking_settings":        "distributed",
	"booking_resources":       "distributed",
	"booking_providers":       "distributed",
	"booking_waitlist":        "distributed",
	"appointments":            "distributed",
	"appointment_reminders":   "distributed",
	"appointment_notices":     "distributed",
	"intakes":                 "distributed",
	"screening_overrides":     "distributed",
	"ledger_containers":       "distributed",
	"ledger_entries":          "distributed",
	"protocol_templates":      "distributed",
	"clinic_session_settings": "distributed",
	"clinic_settings":         "distributed",
	"contact_preferences":     "distributed",
	"caseloads":               "distributed",
	"message_threads":         "distributed",
	"messages":                "distributed",
	"message_notices":         "distributed",
	"safety_alerts":           "distributed",
	"clinical_notes":          "distributed",
	"note_addenda":            "distributed",
	"clinic_exports":          "distributed",
	"cohort_rows":             "distributed",
	"cohort_rows_state":       "distributed",
	"outcome_changes":         "distributed",
}

// schemaKey is a primary key or a unique constraint or index.
type schemaKey struct {
	name    string
	primary bool
	columns []string // "" for an expression
	rowid   bool     // SQLite: the rowid alias `id INTEGER PRIMARY KEY`
}

// schemaFK is a foreign key.
type schemaFK struct {
	name     string
	from, to []string
	parent   string
}

type schemaTable struct {
	name          string
	clinicNotNull bool
	hasClinic     bool
	keys          []schemaKey
	fks           []schemaFK
}

// The rule Citus imposes on co-located distributed tables, read from the
// live schema of both engines: every distributed table has clinic_id (NOT
// NULL), its primary key and every unique constraint or unique index
// include clinic_id, and every foreign key to another distributed table
// maps clinic_id to clinic_id; a reference table has no foreign key to a
// distributed one; a composite foreign key names a unique key of its
// parent. SQLite has no sequences: a table's id is generated only as the
// rowid alias `id INTEGER PRIMARY KEY`, so there the primary key may stay
// the rowid alias (SQLite's row address, unique by itself, which Citus
// never sees), with a unique index on (id, clinic_id) beside it where a
// foreign key names one; PostgreSQL's primary key is (id, clinic_id).
func TestSchemaDistributableByClinic(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			dsn := storetest.DSN(t, e)
			db, err := store.Open(ctx, dsn) // migrates
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			driver := "sqlite"
			if e == store.Postgres {
				driver = "pgx"
			}
			raw, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			var tables map[string]*schemaTable
			if e == store.Postgres {
				tables, err = readPostgresSchema(ctx, raw)
			} else {
				tables, err = readSQLiteSchema(ctx, raw)
			}
			if err != nil {
				t.Fatal(err)
			}
			violations := distributionViolations(tables)
			if len(violations) > 0 {
				t.Errorf("%d violations of the distribution rule:\n%s", len(violations), strings.Join(violations, "\n"))
			}
		})
	}
}

func distributionViolations(tables map[string]*schemaTable) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	for name, tb := range tables {
		kind, ok := tableDistribution[name]
		if !ok {
			bad("%s: not classified: add it to tableDistribution (distributed by clinic_id, or reference)", name)
			continue
		}
		if kind == "reference" {
			for _, fk := range tb.fks {
				if tableDistribution[fk.parent] == "distributed" {
					bad("%s: reference table has foreign key %s to distributed table %s (Citus refuses it)", name, fk.name, fk.parent)
				}
			}
			continue
		}
		if !tb.hasClinic {
			bad("%s: distributed table has no clinic_id", name)
			continue
		}
		if !tb.clinicNotNull {
			bad("%s: clinic_id may be NULL", name)
		}
		hasPK := false
		for _, k := range tb.keys {
			what := "unique key"
			if k.primary {
				what, hasPK = "primary key", true
			}
			if slices.Contains(k.columns, "clinic_id") {
				continue
			}
			if k.rowid {
				continue // SQLite's row address (TestSchemaDistributableByClinic)
			}
			bad("%s: %s %s (%s) lacks clinic_id", name, what, k.name, strings.Join(k.columns, ", "))
		}
		if !hasPK {
			bad("%s: no primary key", name)
		}
		for _, fk := range tb.fks {
			if tableDistribution[fk.parent] != "distributed" {
				continue // to a reference table: allowed
			}
			mapped := false
			for i := range fk.from {
				if fk.from[i] == "clinic_id" && i < len(fk.to) && fk.to[i] == "clinic_id" {
					mapped = true
				}
			}
			if p := tables[fk.parent]; p != nil && !p.hasUnique(fk.to...) {
				bad("%s: foreign key %s names %s(%s), which is not a unique key there",
					name, fk.name, fk.parent, strings.Join(fk.to, ", "))
			}
			if !mapped {
				bad("%s: foreign key %s (%s) -> %s(%s) does not map clinic_id to clinic_id",
					name, fk.name, strings.Join(fk.from, ", "), fk.parent, strings.Join(fk.to, ", "))
			}
		}
	}
	sort.Strings(out)
	return out
}

// hasUnique reports whether tb has a unique key on exactly cols, in any order.
func (tb *schemaTable) hasUnique(cols ...string) bool {
	for _, k := range tb.keys {
		if len(k.columns) != len(cols) {
			continue
		}
		all := true
		for _, c := range cols {
			all = all && slices.Contains(k.columns, c)
		}
		if all {
			return true
		}
	}
	return false
}

func readPostgresSchema(ctx context.Context, db *sql.DB) (map[string]*schemaTable, error) {
	tables := map[string]*schemaTable{}
	rows, err := db.QueryContext(ctx, `
		SELECT c.relname,
		       COALESCE((SELECT NOT a.attnotnull FROM pg_attribute a
		                 WHERE a.attrelid = c.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped), TRUE),
		       EXISTS (SELECT 1 FROM pg_attribute a
		               WHERE a.attrelid = c.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped)
		FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace
		  AND c.relkind IN ('r', 'p') AND NOT c.relispartition`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var tb schemaTable
		var nullable bool
		if err := rows.Scan(&tb.name, &nullable, &tb.hasClinic); err != nil {
			rows.Close()
			return nil, err
		}
		tb.clinicNotNull = !nullable
		tables[tb.name] = &tb
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Unique indexes, whether they back a primary key, a unique
	// constraint or stand alone; an expression's column is ''.
	rows, err = db.QueryContext(ctx, `
		SELECT c.relname, i.relname, x.indisprimary,
		       (SELECT string_agg(COALESCE(a.attname, ''), ',' ORDER BY k.ord)
		        FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
		        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum)
		FROM pg_index x
		JOIN pg_class c ON c.oid = x.indrelid
		JOIN pg_class i ON i.oid = x.indexrelid
		WHERE c.relnamespace = current_schema()::regnamespace
		  AND x.indisunique AND NOT c.relispartition`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var table string
		var k schemaKey
		var cols string
		if err := rows.Scan(&table, &k.name, &k.primary, &cols); err != nil {
			rows.Close()
			return nil, err
		}
		k.columns = strings.Split(cols, ",")
		if tb := tables[table]; tb != nil {
			tb.keys = append(tb.keys, k)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, `
		SELECT c.relname, con.conname, p.relname,
		       (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
		        FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
		        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
		       (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
		        FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
		        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)
		FROM pg_constraint con
		JOIN pg_class c ON c.oid = con.conrelid
		JOIN pg_class p ON p.oid = con.confrelid
		WHERE con.contype = 'f' AND con.conparentid = 0
		  AND c.relnamespace = current_schema()::regnamespace AND NOT c.relispartition`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var table, from, to string
		var fk schemaFK
		if err := rows.Scan(&table, &fk.name, &fk.parent, &from, &to); err != nil {
			return nil, err
		}
		fk.from, fk.to = strings.Split(from, ","), strings.Split(to, ",")
		if tb := tables[table]; tb != nil {
			tb.fks = append(tb.fks, fk)
		}
	}
	return tables, rows.Err()
}

func readSQLiteSchema(ctx context.Context, db *sql.DB) (map[string]*schemaTable, error) {
	var names []string
	// Ordinary tables only: a virtual table (the search's FTS5 index,
	// migration 0038) and its shadow tables are SQLite's, never Citus's.
	rows, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tables := map[string]*schemaTable{}
	for _, name := range names {
		tb := &schemaTable{name: name}
		tables[name] = tb
		// PRAGMA table_info: the columns, and the primary key's (pk > 0).
		type col struct {
			name, typ string
			pk        int
		}
		var pk []col
		rows, err := db.QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?)`, name)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var c col
			var notNull bool
			if err := rows.Scan(&c.name, &c.typ, &notNull, &c.pk); err != nil {
				rows.Close()
				return nil, err
			}
			if c.name == "clinic_id" {
				// A rowid alias (clinic_id INTEGER PRIMARY KEY) is never NULL.
				tb.hasClinic, tb.clinicNotNull = true, notNull || (c.pk == 1 && strings.EqualFold(c.typ, "INTEGER"))
			}
			if c.pk > 0 {
				pk = append(pk, c)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(pk) > 0 {
			sort.Slice(pk, func(i, j int) bool { return pk[i].pk < pk[j].pk })
			k := schemaKey{name: "PRIMARY KEY", primary: true}
			for _, c := range pk {
				k.columns = append(k.columns, c.name)
			}
			k.rowid = len(pk) == 1 && strings.EqualFold(pk[0].typ, "INTEGER")
			tb.keys = append(tb.keys, k)
		}
		// PRAGMA index_list / index_info: unique constraints and indexes
		// (origin 'pk' repeats a primary key that is not the rowid).
		var uniques []string
		rows, err = db.QueryContext(ctx, `SELECT name FROM pragma_index_list(?) WHERE "unique" AND origin <> 'pk'`, name)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return nil, err
			}
			uniques = append(uniques, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, idx := range uniques {
			k := schemaKey{name: idx}
			rows, err := db.QueryContext(ctx, `SELECT COALESCE(name, '') FROM pragma_index_info(?) ORDER BY seqno`, idx)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var c string
				if err := rows.Scan(&c); err != nil {
					rows.Close()
					return nil, err
				}
				k.columns = append(k.columns, c)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
			tb.keys = append(tb.keys, k)
		}
		// PRAGMA foreign_key_list: one row per column, grouped by id.
		rows, err = db.QueryContext(ctx, `SELECT id, "table", "from", COALESCE("to", '') FROM pragma_foreign_key_list(?) ORDER BY id, seq`, name)
		if err != nil {
			return nil, err
		}
		byID := map[int]*schemaFK{}
		var ids []int
		for rows.Next() {
			var id int
			var parent, from, to string
			if err := rows.Scan(&id, &parent, &from, &to); err != nil {
				rows.Close()
				return nil, err
			}
			fk := byID[id]
			if fk == nil {
				fk = &schemaFK{name: fmt.Sprintf("#%d", id), parent: parent}
				byID[id] = fk
				ids = append(ids, id)
			}
			if to == "" {
				to = "id" // REFERENCES parent: its primary key, always id here
			}
			fk.from, fk.to = append(fk.from, from), append(fk.to, to)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, id := range ids {
			fk := byID[id]
			fk.name = fmt.Sprintf("%s(%s)", fk.name, strings.Join(fk.from, ","))
			tb.fks = append(tb.fks, *fk)
		}
	}
	return tables, nil
}

// README's "Distributing by clinic (Citus)" names every table as
// tableDistribution classifies it.
func TestReadmeDistributionCalls(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	for table, kind := range tableDistribution {
		want := fmt.Sprintf("SELECT create_reference_table('%s');", table)
		if kind == "distributed" {
			want = fmt.Sprintf("SELECT create_distributed_table('%s', 'clinic_id'", table)
		}
		if !strings.Contains(readme, want) {
			t.Errorf("README lacks %s", want)
		}
	}
}
