package outcomes

import (
	"math/rand/v2"
	"testing"
	"time"

	"onset/internal/clinic"
)

func TestBuildTrajectory(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	day := func(d float64) time.Time { return t0.Add(time.Duration(d * 24 * float64(time.Hour))) }
	iv := func(d float64) TrajectorySession {
		return TrajectorySession{At: day(d), Route: clinic.RouteIV, DoseMg: 35}
	}
	phq := func(scores []Score, sessions ...TrajectorySession) TrajectoryInput {
		return TrajectoryInput{Instrument: "phq9", Name: "PHQ-9", RemissionMax: 4, HasRemission: true, T0: t0,
			Scores: scores, Sessions: sessions}
	}
	cases := []struct {
		name          string
		in            TrajectoryInput
		wantSummary   string
		wantPoints    int
		wantResponse  float64 // -1: not reached
		wantRemission float64
		wantRelapse   float64
	}{
		{"issue example", phq([]Score{{day(-40), 25}, {day(-1), 19}, {day(1), 12}, {day(2.9), 8}}, iv(0), iv(2), iv(-3)),
			"PHQ-9 fell from 19 to 8 (−58%) by day 3 after the first infusion: response on day 3; not yet in remission",
			3, 2.9, -1, -1},
		{"remission then relapse", phq([]Score{{day(0), 20}, {day(1), 10}, {day(7), 3}, {day(30), 14}, {day(37), 16}}, iv(0)),
			"PHQ-9 fell from 20 to 16 (−20%) by day 37 after the first infusion (lowest 3, on day 7): response on day 1; remission on day 7; relapse 29 days after the response",
			5, 1, 7, 29},
		{"rose", phq([]Score{{day(-2), 10}, {day(3), 13}}, TrajectorySession{At: day(0), Route: clinic.RouteEsketamine}),
			"PHQ-9 rose from 10 to 13 (+30%) by day 3 after the first nasal spray session: no response yet; not yet in remission",
			2, -1, -1, -1},
		{"no baseline", phq([]Score{{day(-31), 20}, {day(3), 13}}),
			"PHQ-9: no baseline score in the 30 days before the first session, so change cannot be measured.", 1, -1, -1, -1},
		{"no follow-up", phq([]Score{{day(-2), 18}}), "PHQ-9 baseline 18; no score since treatment started yet.", 1, -1, -1, -1},
		{"zero baseline, no remission rule", TrajectoryInput{Instrument: "cadss", Name: "CADSS", T0: t0,
			Scores: []Score{{day(0), 0}, {day(0.5), 0}}},
			"CADSS is unchanged at 0 by day 1 after the start of treatment: response on day 1", 2, 0.5, -1, -1},
		{"next course cuts off", TrajectoryInput{Instrument: "gad7", Name: "GAD-7", RemissionMax: 4, HasRemission: true, T0: t0,
			NextCourse: day(10), Scores: []Score{{day(0), 16}, {day(5), 12}, {day(10), 6}}, Sessions: []TrajectorySession{iv(0), iv(11)}},
			"GAD-7 fell from 16 to 12 (−25%) by day 5 after the first infusion: no response yet; not yet in remission", 2, -1, -1, -1},
		// The review's cases: a course that fell and came all the way back is
		// not "stayed at"; a score taken hours after the first infusion is on
		// day 0 of the chart, not day 1.
		{"back at baseline", phq([]Score{{day(-1), 27}, {day(1), 4}, {day(185), 27}}, iv(0)),
			// (relapse needs two consecutive follow-ups above 50% of baseline, design.md §3: one is not enough)
			"PHQ-9 is back at its baseline of 27 by day 185 after the first infusion (lowest 4, on day 1): response on day 1; remission on day 1",
			3, 1, 1, -1},
		{"same day", phq([]Score{{day(-1), 20}, {day(0.2), 9}}, iv(0)),
			"PHQ-9 fell from 20 to 9 (−55%) on the day of the first infusion: response on the day of the first infusion; not yet in remission",
			2, 0.2, -1, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := BuildTrajectory(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Summary != tc.wantSummary {
				t.Errorf("summary\n got %q\nwant %q", got.Summary, tc.wantSummary)
			}
			if len(got.Points) != tc.wantPoints {
				t.Errorf("%d points, want %d: %+v", len(got.Points), tc.wantPoints, got.Points)
			}
			check := func(what string, m Milestone, want float64) {
				if (want >= 0) != m.Reached || (m.Reached && !near(m.Day, want, 1e-9)) {
					t.Errorf("%s: %+v, want day %v", what, m, want)
				}
			}
			check("response", got.Response, tc.wantResponse)
			check("remission", got.Remission, tc.wantRemission)
			check("relapse", got.Relapse, tc.wantRelapse)
			for _, s := range got.Sessions {
				if s.At.Before(tc.in.T0) || (!tc.in.NextCourse.IsZero() && !s.At.Before(tc.in.NextCourse)) {
					t.Errorf("session %v outside the course", s.At)
				}
			}
		})
	}
}

func TestTrajectoryChange(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	got, err := BuildTrajectory(TrajectoryInput{Instrument: "phq9", Name: "PHQ-9", RemissionMax: 4, HasRemission: true, T0: t0,
		Scores: []Score{{t0.Add(-time.Hour), 19}, {t0.Add(-2 * time.Hour), 21}, {t0.Add(72 * time.Hour), 8}}})
	if err != nil {
		t.Fatal(err)
	}
	if !got.HasBaseline || got.Baseline != 19 || got.ResponseThreshold != 9.5 {
		t.Fatalf("baseline %d (%v), threshold %v", got.Baseline, got.HasBaseline, got.ResponseThreshold)
	}
	marked := 0
	for _, p := range got.Points {
		if p.Baseline {
			marked++
			if p.Total != 19 {
				t.Errorf("baseline marked on %d", p.Total)
			}
		}
	}
	if marked != 1 {
		t.Errorf("%d points marked as baseline", marked)
	}
	l := got.Latest
	if l == nil || *l.ChangePoints != -11 || !near(*l.ChangePct, -100*11.0/19, 1e-9) || !near(l.Day, 3, 1e-9) {
		t.Fatalf("latest %+v", l)
	}
	if _, err := BuildTrajectory(TrajectoryInput{Instrument: "phq9"}); err == nil {
		t.Error("a course without T0 should be an error")
	}
}

// patient500 is a long course: 500 PHQ-9 scores and 100 sessions.
func patient500() TrajectoryInput {
	rng := rand.New(rand.NewPCG(3, 4))
	t0 := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	in := TrajectoryInput{Instrument: "phq9", Name: "PHQ-9", RemissionMax: 4, HasRemission: true, T0: t0}
	in.Scores = append(in.Scores, Score{t0.Add(-24 * time.Hour), 20})
	for i := range 499 {
		in.Scores = append(in.Scores, Score{t0.Add(time.Duration(i+1) * 17 * time.Hour), rng.IntN(28)})
	}
	for i := range 100 {
		in.Sessions = append(in.Sessions, TrajectorySession{At: t0.Add(time.Duration(i) * 84 * time.Hour), Route: clinic.RouteIV, DoseMg: 40})
	}
	return in
}

func BenchmarkTrajectory500(b *testing.B) {
	in := patient500()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildTrajectory(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(in.Scores)), "assessments")
	b.ReportMetric(float64(len(in.Sessions)), "sessions")
}
