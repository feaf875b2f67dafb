package outcomes

import (
	"testing"
	"time"
)

var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

// at is T0 plus d days (negative: before T0).
func at(d float64) time.Time { return t0.Add(time.Duration(d * 24 * float64(time.Hour))) }

func sc(d float64, total int) Score { return Score{At: at(d), Total: total} }

func TestEvaluate(t *testing.T) {
	t.Parallel()
	event := func(d float64) TimeToEvent { return TimeToEvent{Days: d, Event: true} }
	censored := func(d float64) TimeToEvent { return TimeToEvent{Days: d} }
	left := func(r LeftOut) TimeToEvent { return TimeToEvent{LeftOut: r} }
	tests := []struct {
		name          string
		next          time.Time
		scores        []Score
		baseline      int // -1: none
		followUps     int
		resp, rem, rl TimeToEvent
	}{
		{
			name:     "no assessments",
			baseline: -1,
			resp:     left(NoBaseline), rem: left(NoBaseline), rl: left(NoBaseline),
		},
		{
			name:     "baseline too early: 30 days and a minute before",
			scores:   []Score{{At: at(-30).Add(-time.Minute), Total: 20}, sc(7, 5)},
			baseline: -1, followUps: 1,
			resp: left(NoBaseline), rem: left(NoBaseline), rl: left(NoBaseline),
		},
		{
			name:     "baseline exactly 30 days before T0 counts; no follow-up",
			scores:   []Score{sc(-30, 20)},
			baseline: 20,
			resp:     left(NoFollowUp), rem: left(NoFollowUp), rl: left(NoFollowUp),
		},
		{
			name:     "an assessment at T0 is the baseline, not a follow-up",
			scores:   []Score{sc(-5, 22), sc(0, 20)},
			baseline: 20,
			resp:     left(NoFollowUp), rem: left(NoFollowUp), rl: left(NoFollowUp),
		},
		{
			name:     "latest in the window is the baseline, in any input order",
			scores:   []Score{sc(14, 11), sc(-2, 20), sc(-20, 30)},
			baseline: 20, followUps: 1,
			// 11 > 10 = 50% of 20: no response; 11 > 4: no remission
			resp: censored(14), rem: censored(14), rl: left(NeverResponded),
		},
		{
			name:     "response at exactly 50%, remission later, no relapse",
			scores:   []Score{sc(-1, 20), sc(1.5, 15), sc(7, 10), sc(14, 4), sc(28, 6)},
			baseline: 20, followUps: 4,
			resp: event(7), rem: event(14), rl: censored(21),
		},
		{
			name:     "odd baseline: 50% of 19 is 9.5, so 10 is not a response",
			scores:   []Score{sc(-1, 19), sc(7, 10), sc(14, 9)},
			baseline: 19, followUps: 2,
			resp: event(14), rem: censored(14), rl: censored(0),
		},
		{
			name:     "response and remission at the same follow-up",
			scores:   []Score{sc(-3, 18), sc(3.25, 3)},
			baseline: 18, followUps: 1,
			// the response is the last follow-up: censored at 0 days after it
			resp: event(3.25), rem: event(3.25), rl: censored(0),
		},
		{
			name:     "relapse: the first of two consecutive worsenings, timed from the response",
			scores:   []Score{sc(0, 20), sc(7, 8), sc(14, 12), sc(21, 9), sc(28, 11), sc(35, 14), sc(42, 16)},
			baseline: 20, followUps: 6,
			// 12 alone is not a relapse (9 follows); 11 and 14 are both > 10
			resp: event(7), rem: censored(42), rl: event(21),
		},
		{
			name:     "a single worsening at the end is not a relapse",
			scores:   []Score{sc(0, 20), sc(7, 8), sc(14, 9), sc(21, 15)},
			baseline: 20, followUps: 3,
			resp: event(7), rem: censored(21), rl: censored(14),
		},
		{
			name:     "never responded: relapse is left out, the rest censored",
			scores:   []Score{sc(0, 20), sc(7, 18), sc(14, 16)},
			baseline: 20, followUps: 2,
			resp: censored(14), rem: censored(14), rl: left(NeverResponded),
		},
		{
			name:     "assessments from the next course's start on are excluded",
			next:     at(20),
			scores:   []Score{sc(-1, 20), sc(7, 14), sc(14, 12), sc(20, 2), sc(30, 1)},
			baseline: 20, followUps: 2,
			resp: censored(14), rem: censored(14), rl: left(NeverResponded),
		},
		{
			name:     "next course before any follow-up",
			next:     at(3),
			scores:   []Score{sc(-1, 20), sc(7, 4)},
			baseline: 20,
			resp:     left(NoFollowUp), rem: left(NoFollowUp), rl: left(NoFollowUp),
		},
		{
			name:     "baseline of zero: any follow-up of zero is a response",
			scores:   []Score{sc(-1, 0), sc(7, 0), sc(14, 1), sc(21, 1)},
			baseline: 0, followUps: 3,
			resp: event(7), rem: event(7), rl: event(7),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Evaluate(Course{T0: t0, NextCourse: tt.next, RemissionMax: 4, Scores: tt.scores})
			if err != nil {
				t.Fatal(err)
			}
			if tt.baseline < 0 {
				if got.HasBaseline {
					t.Errorf("baseline %+v, want none", got.Baseline)
				}
			} else if !got.HasBaseline || got.Baseline.Total != tt.baseline {
				t.Errorf("baseline %+v (has %v), want total %d", got.Baseline, got.HasBaseline, tt.baseline)
			}
			if len(got.FollowUps) != tt.followUps {
				t.Errorf("%d follow-ups, want %d", len(got.FollowUps), tt.followUps)
			}
			for _, c := range []struct {
				name      string
				got, want TimeToEvent
			}{{"response", got.Response, tt.resp}, {"remission", got.Remission, tt.rem}, {"relapse", got.Relapse, tt.rl}} {
				if c.got != c.want {
					t.Errorf("%s = %+v, want %+v", c.name, c.got, c.want)
				}
			}
		})
	}
}

func TestEvaluateInvalid(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]Course{
		"no T0":                  {RemissionMax: 4},
		"next course before T0":  {T0: t0, NextCourse: at(-1), RemissionMax: 4},
		"next course at T0":      {T0: t0, NextCourse: t0, RemissionMax: 4},
		"negative remission max": {T0: t0, RemissionMax: -1},
	} {
		if _, err := Evaluate(c); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestTimeToEventObservation(t *testing.T) {
	t.Parallel()
	if o, ok := (TimeToEvent{Days: 3.5, Event: true}).Observation(); !ok || o != (Observation{3.5, true}) {
		t.Errorf("event: %+v %v", o, ok)
	}
	if _, ok := (TimeToEvent{LeftOut: NoBaseline}).Observation(); ok {
		t.Error("left-out course became an observation")
	}
}

// TestEvaluateInstrumentResponseDrop: an instrument with its own response
// rule (the Y-BOCS: a drop of at least 35%, Goodman 1989 via
// clinical-reference.md §4) responds, relapses and draws its threshold by
// it; the default stays half the baseline.
func TestEvaluateInstrumentResponseDrop(t *testing.T) {
	scores := func(totals ...int) []Score {
		out := []Score{{At: at(-1), Total: 20}}
		for i, v := range totals {
			out = append(out, Score{At: at(float64(i + 1)), Total: v})
		}
		return out
	}
	cases := []struct {
		name     string
		drop     int
		totals   []int
		response TimeToEvent
		relapse  TimeToEvent
	}{
		// 35% of 20 is 7: 13 responds, 14 does not.
		{"y-bocs 13 of 20 responds", 35, []int{14, 13, 12}, TimeToEvent{Days: 2, Event: true}, TimeToEvent{Days: 1}},
		{"y-bocs 14 of 20 does not", 35, []int{14, 14}, TimeToEvent{Days: 2}, TimeToEvent{LeftOut: NeverResponded}},
		{"y-bocs relapse: two at 14", 35, []int{13, 14, 14}, TimeToEvent{Days: 1, Event: true}, TimeToEvent{Days: 1, Event: true}},
		{"default half: 13 of 20 does not", 0, []int{13, 11}, TimeToEvent{Days: 2}, TimeToEvent{LeftOut: NeverResponded}},
		{"default half: 10 of 20 responds", 0, []int{10, 11, 11}, TimeToEvent{Days: 1, Event: true}, TimeToEvent{Days: 1, Event: true}},
		{"50 given is the default", 50, []int{10, 11, 11}, TimeToEvent{Days: 1, Event: true}, TimeToEvent{Days: 1, Event: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, err := Evaluate(Course{T0: t0, RemissionMax: 7, ResponseDropPct: c.drop, Scores: scores(c.totals...)})
			if err != nil {
				t.Fatal(err)
			}
			if o.Response != c.response || o.Relapse != c.relapse {
				t.Errorf("response %+v, relapse %+v; want %+v, %+v", o.Response, o.Relapse, c.response, c.relapse)
			}
		})
	}
	tr, err := BuildTrajectory(TrajectoryInput{Instrument: "ybocs", ResponseDropPct: 35, T0: t0, Scores: scores(13)})
	if err != nil {
		t.Fatal(err)
	}
	if tr.ResponseThreshold != 13 {
		t.Errorf("Y-BOCS threshold %v, want 13 (65%% of 20)", tr.ResponseThreshold)
	}
}
