package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"onset/internal/service/outreach"
	"onset/internal/store/storetest"
)

func TestOutboxCommand(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			dsn := storetest.DSN(t, engine)
			if code, _, errs := run(t, "", "migrate", "--db", dsn); code != 0 {
				t.Fatalf("migrate: %s", errs)
			}
			code, out, errs := run(t, "", "outbox", "--db", dsn, "--once", "--json")
			var rep outreach.OutboxReport
			if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep != (outreach.OutboxReport{}) {
				t.Fatalf("empty run: %d %q %q", code, out, errs)
			}
			for _, args := range [][]string{
				{"outbox", "--db", dsn, "--once", "--base-url", "ftp://x"},
				{"outbox", "--db", dsn, "--every", "1ms"},
				{"outbox", "--bogus"},
				// Senders' URLs that cannot work stop the start with one clear line.
				{"outbox", "--db", dsn, "--once", "--smtp-url", "http://mail.example"},
				{"outbox", "--db", dsn, "--once", "--smtp-url", "smtp://mail.example"},
				{"serve", "--db", dsn, "--smtp-url", "smtp://user:secret@mail.example?from=a@b.example&tls=none"},
				{"serve", "--db", dsn, "--sms-url", "http://SID:secret@api.example?from=%2B15551234567"},
			} {
				code, out, errs := run(t, "", args...)
				if code != exitUsage || out != "" || strings.Count(errs, "\n") != 1 || strings.Contains(errs, "secret") {
					t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
				}
			}
		})
	}
}
