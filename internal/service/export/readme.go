package export

import (
	"fmt"
	"strings"
	"time"

	"onset/internal/record"
)

// readme is README.txt: what the export is, each file with its rows, how
// values are written, and what the export leaves out.
func readme(st record.ClinicSettings, loc *time.Location, exp record.ClinicExport) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("Onset: all of %s's records, as CSV\n", oneLine(st.Name))
	p("%s\n\n", strings.Repeat("=", 60))
	p("Exported %s (%s, %s) by %s; export %d.\n", exp.CreatedAt.UTC().Format(time.RFC3339),
		exp.CreatedAt.In(loc).Format("2006-01-02 15:04"), loc, oneLine(exp.UserName), exp.ID)
	p("Every file shows the database at one moment: the files agree with one another.\n\n")

	p("Files\n-----\n")
	p("%-24s %10s  %s\n", "README.txt", "", "this file")
	p("%-24s %10s  %s\n", "data_dictionary.csv", "", "every column of every file: its type, unit and meaning")
	for i, f := range files {
		p("%-24s %10d  %s\n", f.name(), exp.Files[i].Rows, f.describe())
	}
	p("(rows: not counting the header row)\n\n")

	p(`How the files are written
-------------------------
- CSV as RFC 4180 describes it: comma-separated, a header row naming the
  columns, lines ending CRLF, a cell in double quotes when it holds a comma,
  a quote (written twice) or a line break. Text is UTF-8, without a byte
  order mark.
- Records refer to one another by Onset's numbers: patient_id is a row of
  patients.csv, session_id of sessions.csv, user_id of users.csv, and so on.
  An empty id cell means "none".
- Numbers are plain decimals with a point and no thousands separator
  (70.5); their units are in the data dictionary. An empty number cell
  means the value does not apply (the session columns of a dose imported
  from the clinic's history).
- Times: NAME_utc is the instant in UTC, RFC 3339 (2026-05-01T13:00:00Z,
  with fractions of a second where they were stored); NAME_local is the
  same instant on the clinic's wall clock (%s), as "2026-05-01 09:00:00".
  Dates without a time (birth dates, planned days) are written
  2026-05-01 and never converted. An empty time cell means "not yet" or
  "never".
- true and false are written true and false.
- A text cell that begins with =, +, -, @, a tab or a carriage return is
  written with an apostrophe (') in front, so that a spreadsheet does not
  run it as a formula (CSV injection). Phone numbers (+1555...) are text
  and so begin with the apostrophe: remove it to get the value as stored.
  Number, date and time columns are never changed.

Opening the files in a spreadsheet
----------------------------------
LibreOffice Calc asks for the character set: choose UTF-8. In Excel, use
Data > From Text/CSV and choose "65001: Unicode (UTF-8)" as the file origin,
rather than opening the file directly, so that accented names read right.

The audit trail's hash chain
----------------------------
Each row of audit.csv carries its place in the clinic's chain (seq), the
previous row's hash (prev_hash) and its own (hash): SHA-256, in hexadecimal,
of these fields joined by the unit separator (0x1F): prev_hash, the clinic's
number (%d), seq, at_utc written to the microsecond (2006-01-02T15:04:05.000000Z),
user_id (0 for none), role, action, patient_id (0 for none), record_type,
record_id (0 for none), address, request_id. A row changed, removed or
inserted breaks the chain from that row on. "onset audit verify" checks it
in the database. The trail here ends just before this export's own entry
(action clinic.export, record_type clinic_export, record_id %d), written
as the export began.

Not in this export
------------------
Intakes and screening results, REMS monitoring forms and enrolments, each
patient's contact preferences and the history of their edits, therapists'
caseloads, questionnaire links, the delivery log of emails and text
messages (reminders, notices, links), the waitlist, the booking set-up
(chairs, rooms, providers, hours), the clinic's protocol templates and
settings, and sign-in data (passwords, two-step secrets, API tokens) are
not exported as CSV. A full copy of the database holds everything
("onset backup" for SQLite, pg_dump for PostgreSQL).
`, loc, exp.ClinicID, exp.ID)
	return b.String()
}

// oneLine keeps a name on its line of the README.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
