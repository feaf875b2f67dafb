package chart

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestLinesGolden(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	got := Lines("PHQ-9 <total>", []Series{
		{Name: "phq9", Points: []Point{{t0, 20}, {t0.Add(24 * time.Hour), 11}, {t0.Add(7 * 24 * time.Hour), 6}}},
		{Name: "gad7 & co", Points: []Point{{t0, 15}, {t0.Add(7 * 24 * time.Hour), 30}}},
	}, 27)
	golden := filepath.Join("testdata", "lines.svg")
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(golden, []byte(got), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("chart differs from %s (run with -update to accept):\n%s", golden, got)
	}
	// Labels are escaped; values above yMax are clipped to the top.
	if !strings.Contains(got, "PHQ-9 &lt;total&gt;") || !strings.Contains(got, "gad7 &amp; co") {
		t.Error("labels not escaped")
	}
}

func TestLinesEmpty(t *testing.T) {
	if Lines("x", nil, 10) != "" {
		t.Error("empty chart should be empty")
	}
}
