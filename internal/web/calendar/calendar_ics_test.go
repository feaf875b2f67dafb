package calendar

import (
	"strings"
	"testing"
	"time"
)

func TestICSFormat(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	out := writeICS("Clinic, main", []icsEvent{{UID: "appointment-1-7@onset", Summary: "IV ketamine infusion; Pat Doe",
		Location: "Chair 1", Description: strings.Repeat("Bring a driver home. ", 8) + "Fasting: 2 h — ü",
		Start: start, End: start.Add(85 * time.Minute), Stamp: start.Add(-48 * time.Hour)}})
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Fatal("a line ends without CR")
	}
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") || !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") {
		t.Fatalf("calendar framing wrong:\n%s", out)
	}
	for _, want := range []string{
		"UID:appointment-1-7@onset\r\n", "DTSTART:20260601T080000Z\r\n", "DTEND:20260601T092500Z\r\n",
		"DTSTAMP:20260530T080000Z\r\n", `SUMMARY:IV ketamine infusion\; Pat Doe` + "\r\n", `X-WR-CALNAME:Clinic\, main` + "\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
	}
	// Unfolding restores the escaped description exactly.
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.Contains(unfolded, "DESCRIPTION:"+strings.Repeat("Bring a driver home. ", 8)+"Fasting: 2 h — ü\r\n") {
		t.Errorf("description did not survive folding:\n%s", out)
	}
}

func TestICSFoldKeepsUTF8(t *testing.T) {
	t.Parallel()
	line := "SUMMARY:" + strings.Repeat("é", 100)
	folded := icsFold(line)
	for _, l := range strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n") {
		if len(l) > 75 || !strings.HasPrefix(strings.TrimPrefix(l, " "), "") {
			t.Errorf("bad line %q", l)
		}
		if s := strings.TrimPrefix(l, " "); !strings.HasPrefix(l, "SUMMARY") && !strings.HasPrefix(s, "é") {
			t.Errorf("continuation splits a character: %q", l)
		}
	}
	if strings.ReplaceAll(folded, "\r\n ", "") != line+"\r\n" {
		t.Error("unfolding does not restore the line")
	}
}
