package report

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func TestWriteOutcomesModel(t *testing.T) {
	t.Parallel()
	r := OutcomeReport{Clinic: "Test Clinic", Instrument: "PHQ-9", Period: "all courses", Courses: 40,
		Generated: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC),
		Model: &ModelSection{Intro: "Cox proportional hazards on 40 courses with 30 responses.",
			Rows: []ModelRow{{Label: "therapy: yes vs no", Levels: "yes 20 (18); no 20 (12)", Ratio: "1.6 (1.2–2.1)", P: "0.01", HR: 1.6, Lower: 1.2, Upper: 2.1},
				{Label: "wide", Ratio: "9 (0.01–inf)", HR: 9, Lower: 0.01, Upper: math.Inf(1)}},
			Statements: []string{"Patients with psychotherapy during the course responded 1.6 times as fast (95% CI 1.2–2.1), other factors equal."},
			Warnings:   []string{"Only 30 events for 2 estimated effects."},
			Causation:  "Associations are not causes."}}
	var b bytes.Buffer
	if err := WriteOutcomes(&b, r); err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer(`\(`, "(", `\)`, ")").Replace(pdfText(t, b.Bytes())) // PDF strings escape parentheses
	for _, want := range []string{"What goes with faster response here", "therapy: yes vs no", "yes 20 (18); no 20 (12)",
		"responded 1.6 times as fast", "Warning: Only 30 events", "Not proof of cause. Associations are not causes.", "Hazard ratio (log scale)"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	r.Model = &ModelSection{Error: "No factor varies.", Causation: "Not causes."}
	b.Reset()
	if err := WriteOutcomes(&b, r); err != nil || !strings.Contains(pdfText(t, b.Bytes()), "No factor varies.") {
		t.Errorf("a report without a model: %v", err)
	}
}
