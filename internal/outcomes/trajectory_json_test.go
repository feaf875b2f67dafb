package outcomes

import (
	"encoding/json"
	"testing"
	"time"
)

// A baseline of 0, a total of 0 and the threshold of a zero baseline are
// numbers, present in the JSON (issue 15 item 7); what has no value is absent.
func TestTrajectoryJSONKeepsZeros(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	day := func(d float64) time.Time { return t0.Add(time.Duration(d * 24 * float64(time.Hour))) }
	decode := func(in TrajectoryInput) map[string]any {
		t.Helper()
		tr, err := BuildTrajectory(in)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(tr)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := decode(TrajectoryInput{Instrument: "phq9", Name: "PHQ-9", RemissionMax: 4, HasRemission: true, T0: t0,
		Scores: []Score{{day(-1), 0}, {day(1), 0}}})
	if m["baseline"] != 0.0 || m["response_threshold"] != 0.0 {
		t.Errorf("baseline %v, response_threshold %v: want 0 and 0", m["baseline"], m["response_threshold"])
	}
	for _, k := range []string{"response", "remission"} {
		ms := m[k].(map[string]any)
		if ms["reached"] != true || ms["total"] != 0.0 || ms["day"] != 1.0 || ms["at"] == nil {
			t.Errorf("%s = %v, want reached on day 1 with total 0", k, ms)
		}
	}
	if r := m["relapse"].(map[string]any); len(r) != 1 || r["reached"] != false {
		t.Errorf("relapse = %v, want only reached: false", r)
	}
	if l := m["latest"].(map[string]any); l["total"] != 0.0 || l["change_points"] != 0.0 {
		t.Errorf("latest = %v, want total 0, change 0", l)
	}

	m = decode(TrajectoryInput{Instrument: "phq9", Name: "PHQ-9", T0: t0, Scores: []Score{{day(1), 7}}})
	for _, k := range []string{"baseline", "response_threshold"} {
		if v, ok := m[k]; ok {
			t.Errorf("without a baseline %s = %v, want absent", k, v)
		}
	}

	// Decoding reads what encoding wrote.
	tr, _ := BuildTrajectory(TrajectoryInput{Instrument: "phq9", T0: t0, Scores: []Score{{day(-1), 12}, {day(1), 5}}})
	b, _ := json.Marshal(tr)
	var back Trajectory
	if err := json.Unmarshal(b, &back); err != nil || back.Baseline != 12 || back.ResponseThreshold != 6 || back.Response.Total != 5 {
		t.Errorf("round trip: %+v, %v", back, err)
	}
}
