package imports

import (
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/scales"
)

// FuzzImportCSV feeds arbitrary files to the import reader and the score
// checks: they must never panic, every row is either read or rejected with
// a line number, and accepted scores are within the instrument's range.
func FuzzImportCSV(f *testing.F) {
	f.Add("patient,taken_at,instrument,total,answers\nP1,2026-01-01,phq9,,\"1,2,3,0,0,0,0,0,0\"\n")
	f.Add("patient,taken_at,instrument,total,item1,item2\nP1,2026-01-01,gad7,3,1,2\n\"broken\n")
	f.Add("\ufeffPATIENT,Total,taken_at,instrument\n,,,\nx,99,y,phq9\n")
	phq9, _ := scales.Lookup(scales.PHQ9)
	f.Fuzz(func(t *testing.T, data string) {
		rows, bad, _, err := readCSV(strings.NewReader(data), []string{"patient", "taken_at", "instrument", "total"},
			func(c string) bool { return c == "answers" || isItemColumn(c) })
		if err != nil {
			return
		}
		for _, b := range bad {
			if b.Line < 1 || b.Reason == "" {
				t.Errorf("rejection without line or reason: %+v", b)
			}
		}
		for _, r := range rows {
			if r.line < 2 {
				t.Errorf("data row on line %d", r.line)
			}
			var out clinic.Assessment
			if msg := readScores(r, phq9, &out); msg == "" && (out.Total < phq9.Min || out.Total > phq9.Max) {
				t.Errorf("accepted total %d outside 0–27", out.Total)
			}
		}
	})
}
