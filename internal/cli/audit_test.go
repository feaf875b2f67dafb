package cli

import (
	"database/sql"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "onset/internal/store" // registers the SQLite driver
)

// `onset audit verify` passes an intact trail, prints the heads to write
// down, and names the first altered row — or a truncated tail that only a
// written-down head can reveal — with a non-zero exit.
func TestAuditVerify(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "onset.db")
	// Writing users audits them: a trail to verify.
	for _, email := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		if code, _, errs := run(t, "a long password\n", "user", "add", "--db", path, "--email", email, "--role", "nurse"); code != 0 {
			t.Fatalf("user add: %s", errs)
		}
	}
	code, out, errs := run(t, "", "audit", "verify", "--db", path)
	head := regexp.MustCompile(`head (\d+:\d+:[0-9a-f]{64})`).FindStringSubmatch(out)
	if code != 0 || !strings.Contains(out, "intact") || head == nil {
		t.Fatalf("intact trail: %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, "", "audit", "verify", "--db", path, "--anchor", "1:zz"); code != 2 || !strings.Contains(errs, "SEQ:HASH") {
		t.Errorf("a bad anchor: %d %q", code, errs)
	}
	// Someone with the owner's rights drops the protection and edits a row.
	db, err := sql.Open("sqlite", path) // the driver store registers
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET action = 'user.nothing' WHERE seq = 2"} {
		if _, err := db.ExecContext(t.Context(), s); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	code, out, _ = run(t, "", "audit", "verify", "--db", path, "--json", "--anchor", head[1])
	var rep struct {
		Clinics []struct {
			Problem *struct {
				Seq  int64  `json:"seq"`
				What string `json:"what"`
			} `json:"problem"`
		} `json:"clinics"`
		Protections string `json:"protections"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("JSON %q: %v", out, err)
	}
	if code != 1 || len(rep.Clinics) != 1 || rep.Clinics[0].Problem == nil || rep.Clinics[0].Problem.Seq != 2 ||
		!strings.Contains(rep.Clinics[0].Problem.What, "altered") || !strings.Contains(rep.Protections, "audit_log_no_update") {
		t.Fatalf("tampered trail: %d %s", code, out)
	}
	// The server refuses to start on it.
	if code, _, errs := run(t, "", "migrate", "--db", path); code == 0 || !strings.Contains(errs, "audit_log_no_update") {
		t.Errorf("migrate on a database without its triggers: %d %q", code, errs)
	}
}
