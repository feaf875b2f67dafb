package app_test

import (
	"archive/zip"
	"bytes"
	"database/sql"
	"encoding/csv"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/demo"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/export"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// exportTables is each CSV file's table, counted here with SQL of the
// test's own: the export's rows must be the database's.
var exportTables = map[string]string{
	"users.csv": "users", "patients.csv": "patients", "courses.csv": "courses", "plans.csv": "treatment_plans",
	"plan_sessions.csv": "plan_sessions", "sessions.csv": "treatment_sessions", "doses.csv": "administrations",
	"vitals.csv": "session_vitals", "session_alerts.csv": "session_alerts", "side_effects.csv": "session_side_effects",
	"session_addenda.csv": "session_addenda", "assessments.csv": "assessments", "safety_alerts.csv": "safety_alerts",
	"appointments.csv": "appointments", "ledger.csv": "ledger_entries", "notes.csv": "clinical_notes",
	"note_addenda.csv": "note_addenda", "messages.csv": "messages", "audit.csv": "audit_log",
	"intakes.csv": "intakes", "rems_forms.csv": "rems_forms", "contact_preferences.csv": "contact_preferences",
	"waitlist.csv": "booking_waitlist", "settings.csv": "clinic_settings",
}

// readZip reads every file of an export: its CSV files parsed.
func readZip(t *testing.T, b []byte) (names []string, texts map[string]string, tables map[string][][]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the export is not a zip: %v", err)
	}
	texts, tables = map[string]string{}, map[string][][]string{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		texts[f.Name] = string(body)
		if strings.HasSuffix(f.Name, ".csv") {
			r := csv.NewReader(bytes.NewReader(body))
			if tables[f.Name], err = r.ReadAll(); err != nil {
				t.Fatalf("%s is not RFC 4180 CSV: %v", f.Name, err)
			}
		}
	}
	return names, texts, tables
}

func TestClinicCSVExport(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			dsn := storetest.DSN(t, engine)
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
			res, err := demo.Run(ctx, db.Ports(), demo.Options{Seed: 5, Patients: 12, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: func() time.Time { return now }})
			sys := service.System(res.ClinicID)
			mkUser := func(clinicID int64, role clinic.Role, email string) service.Actor {
				u, err := svc.CreateUser(ctx, service.System(clinicID), record.NewUser{Email: email, Name: "Export " + string(role),
					Role: role, Password: "a long password"})
				if err != nil {
					t.Fatal(err)
				}
				return service.Actor{UserID: u.ID, ClinicID: clinicID, Role: role, Name: u.Name, Address: "192.0.2.7"}
			}
			admin := mkUser(res.ClinicID, clinic.RoleAdmin, "export-admin@example.org")

			// A patient whose details would break a careless CSV or run as
			// a formula in a spreadsheet.
			odd := record.NewPatient{MRN: "=1+1", GivenName: `=HYPERLINK("http://x.example","Jo")`, FamilyName: `O'Brien, "Jo"`,
				Sex: "female", BirthDate: "1980-02-29", Phone: "+15555550100", Allergies: "penicillin,\n\"latex\"\n-sulfa",
				Conditions: []string{"ptsd", "depression"}}
			p, err := svc.CreatePatient(ctx, sys, odd)
			if err != nil {
				t.Fatal(err)
			}
			// Another clinic in the same database, which must not appear.
			var other int64
			if err := db.WithTx(ctx, func(q *store.Queries) error {
				other, err = q.CreateClinic(ctx, clinic.Clinic{Name: "Elsewhere"}, now)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.CreatePatient(ctx, service.System(other), record.NewPatient{MRN: "ELSEWHERE-1", GivenName: "Strange",
				FamilyName: "Stranger", Sex: "male", BirthDate: "1970-01-01"}); err != nil {
				t.Fatal(err)
			}

			// Only administrators export, and a refusal writes nothing.
			nurse := mkUser(res.ClinicID, clinic.RoleNurse, "export-nurse@example.org")
			var refused bytes.Buffer
			if _, err := svc.ExportClinicCSV(ctx, nurse, &refused, export.CSVOptions{}); clinic.ErrorCode(err) != clinic.Forbidden || refused.Len() > 0 {
				t.Fatalf("a nurse's export: %v, %d bytes; want forbidden and nothing", err, refused.Len())
			}

			// A patient registered while the export runs is not in it: every
			// file comes from the one snapshot its counts were taken in.
			var out bytes.Buffer
			var progress []string
			start := time.Now()
			exp, err := svc.ExportClinicCSV(ctx, admin, &out, export.CSVOptions{Progress: func(file string, rows int64) {
				progress = append(progress, file)
				if file == "users.csv" {
					if _, err := svc.CreatePatient(ctx, sys, record.NewPatient{MRN: "LATE-1", GivenName: "Late", FamilyName: "Comer",
						Sex: "female", BirthDate: "1990-01-01"}); err != nil {
						t.Errorf("registering a patient during the export: %v", err)
					}
				}
			}})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: exported %d rows in %d files, %d bytes zipped, in %v", engine, exp.Rows(), len(exp.Files), out.Len(),
				time.Since(start).Round(time.Millisecond))
			names, texts, tables := readZip(t, out.Bytes())
			if want := export.FileNames(); !slices.Equal(names, want) {
				t.Fatalf("files %v, want %v", names, want)
			}
			if want := export.FileNames()[2:]; !slices.Equal(progress, want) {
				t.Errorf("progress %v, want each CSV file once, in order", progress)
			}

			// Each file's header is what the dictionary says, and each file
			// has the rows the database has.
			raw, err := sql.Open(map[store.Engine]string{store.SQLite: "sqlite", store.Postgres: "pgx"}[engine], dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			count := func(query string, args ...any) int64 {
				var n int64
				if err := raw.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
					t.Fatalf("%s: %v", query, err)
				}
				return n
			}
			dict, types := map[string][]string{}, map[string][]string{}
			for _, r := range tables["data_dictionary.csv"][1:] {
				dict[r[0]], types[r[0]] = append(dict[r[0]], r[1]), append(types[r[0]], r[2])
				if r[2] == "" || r[4] == "" {
					t.Errorf("dictionary: %s %s has no type or meaning", r[0], r[1])
				}
			}
			// Every cell is written as its column's type says.
			for file, rows := range tables {
				for _, r := range rows[1:] {
					for j, c := range r {
						if file != "data_dictionary.csv" && !cellOfType(c, types[file][j]) {
							t.Errorf("%s %s: %q is not a %s", file, rows[0][j], c, types[file][j])
						}
					}
				}
			}
			for i, f := range exp.Files {
				rows := tables[f.Name]
				if len(rows) == 0 || !slices.Equal(rows[0], dict[f.Name]) {
					t.Errorf("%s: header %v, dictionary %v", f.Name, rows[0], dict[f.Name])
				}
				var want int64
				if f.Name == "assessment_answers.csv" {
					want = answerCount(t, raw, res.ClinicID)
				} else {
					want = count(`SELECT COUNT(*) FROM `+exportTables[f.Name]+` WHERE clinic_id = $1`, res.ClinicID)
				}
				switch f.Name {
				case "audit.csv":
					want -= 2 // the export's own entry and the late patient's, written after the snapshot
				case "patients.csv":
					want-- // the late patient
				}
				if got := int64(len(rows) - 1); got != want || f.Rows != want || names[i+2] != f.Name {
					t.Errorf("%s: %d rows (recorded %d), the database has %d", f.Name, got, f.Rows, want)
				}
			}
			// The demo clinic fills every file but a few rare ones.
			for _, f := range []string{"patients.csv", "sessions.csv", "doses.csv", "vitals.csv", "assessments.csv",
				"assessment_answers.csv", "appointments.csv", "ledger.csv", "audit.csv", "plans.csv", "plan_sessions.csv"} {
				if len(tables[f]) < 2 {
					t.Errorf("%s is empty: the test exports too little to mean much", f)
				}
			}

			// The odd patient comes back exactly, the formulas defused.
			col := func(file, name string) int { return slices.Index(tables[file][0], name) }
			var row []string
			for _, r := range tables["patients.csv"][1:] {
				if r[0] == strconv.FormatInt(p.ID, 10) {
					row = r
				}
			}
			if row == nil {
				t.Fatal("the odd patient is not in patients.csv")
			}
			for name, want := range map[string]string{"mrn": "'=1+1", "given_name": `'=HYPERLINK("http://x.example","Jo")`,
				"family_name": `O'Brien, "Jo"`, "birth_date": "1980-02-29", "phone": "'+15555550100",
				"allergies": "penicillin,\n\"latex\"\n-sulfa", "conditions": "depression;ptsd", "sex": "female"} {
				if got := row[col("patients.csv", name)]; got != want {
					t.Errorf("patients.csv %s = %q, want %q", name, got, want)
				}
			}
			// No cell anywhere starts a formula; numbers keep their sign.
			for name, rows := range tables {
				for _, r := range rows[1:] {
					for j, c := range r {
						if c != "" && strings.ContainsRune("=+@", rune(c[0])) {
							t.Errorf("%s %s: %q would run as a formula", name, rows[0][j], c)
						}
					}
				}
			}
			// Nothing of the other clinic.
			for name, body := range texts {
				if strings.Contains(body, "ELSEWHERE-1") || strings.Contains(body, "Stranger") {
					t.Errorf("%s holds the other clinic's patient", name)
				}
				if strings.Contains(body, "LATE-1") {
					t.Errorf("%s holds the patient registered after the export began", name)
				}
			}
			// Times: UTC in RFC 3339 and the clinic's wall clock beside it.
			loc := svc.ClinicZone(ctx, res.ClinicID)
			s := tables["sessions.csv"]
			utc, local := s[1][col("sessions.csv", "checked_in_at_utc")], s[1][col("sessions.csv", "checked_in_at_local")]
			u, err := time.Parse(time.RFC3339Nano, utc)
			if err != nil || u.In(loc).Format("2006-01-02 15:04:05") != local {
				t.Errorf("checked_in_at %q (UTC) and %q (%s) disagree: %v", utc, local, loc, err)
			}
			if !strings.Contains(texts["README.txt"], loc.String()) || !strings.Contains(texts["README.txt"], "patients.csv") {
				t.Errorf("README.txt names neither the time zone nor the files:\n%s", texts["README.txt"])
			}

			// One audit row for the export, naming its record of counts.
			es, err := svc.AuditLog(ctx, sys, clinic.AuditFilter{Action: string(service.ActClinicExport), Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 1 || es[0].UserID != admin.UserID || es[0].RecordType != export.AuditRecordType || es[0].RecordID != exp.ID ||
				es[0].Address != "192.0.2.7" {
				t.Fatalf("audit %+v, want one clinic.export row by the admin naming export %d", es, exp.ID)
			}
			listed, err := svc.ClinicExports(ctx, admin, 5)
			if err != nil || len(listed) != 1 || listed[0].ID != exp.ID || listed[0].Rows() != exp.Rows() ||
				!slices.Equal(listed[0].Files, exp.Files) {
				t.Fatalf("recorded exports %+v %v, want export %d with its counts", listed, err, exp.ID)
			}
			if _, err := svc.ClinicExports(ctx, nurse, 5); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a nurse listing exports: %v, want forbidden", err)
			}
		})
	}
}

var (
	decimal   = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	dateCell  = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	localCell = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$`)
)

// cellOfType reports whether c is written as the dictionary's type says.
func cellOfType(c, typ string) bool {
	switch typ {
	case "id":
		n, err := strconv.ParseInt(c, 10, 64)
		return c == "" || err == nil && n > 0
	case "integer":
		_, err := strconv.Atoi(c)
		return c == "" || err == nil
	case "decimal":
		return c == "" || decimal.MatchString(c)
	case "date":
		return c == "" || dateCell.MatchString(c)
	case "time (UTC)":
		_, err := time.Parse(time.RFC3339Nano, c)
		return c == "" || err == nil && strings.HasSuffix(c, "Z")
	case "time (clinic)":
		return c == "" || localCell.MatchString(c)
	case "boolean":
		return c == "true" || c == "false" || c == "" // empty: not recorded (an intake's factors, a REMS answer)
	case "text":
		return c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0]))
	}
	return false
}

// answerCount counts the item answers a clinic's assessments hold.
func answerCount(t *testing.T, raw *sql.DB, clinicID int64) int64 {
	t.Helper()
	rows, err := raw.QueryContext(t.Context(), `SELECT answers FROM assessments WHERE clinic_id = $1`, clinicID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n int64
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		if s != "" {
			n += int64(strings.Count(s, ",") + 1)
		}
	}
	return n
}
