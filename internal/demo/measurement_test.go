package demo

import (
	"testing"
	"time"
)

func TestWithSources(t *testing.T) {
	t.Parallel()
	c := Generate(3, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), 20)
	got := WithSources(c)
	if len(got) != len(c.Assessments) {
		t.Fatalf("%d assessments, want %d", len(got), len(c.Assessments))
	}
	n := map[string]int{}
	for i, a := range got {
		n[a.Source]++
		if c.Assessments[i].Source != Source {
			t.Fatal("WithSources changed its input")
		}
		if a.Instrument == "madrs" && a.Source != SourceStaff {
			t.Errorf("clinician-rated %s marked %s", a.Instrument, a.Source)
		}
		if !a.TakenAt.After(c.Courses[a.CourseIndex].StartedAt) && a.Source != SourceStaff {
			t.Errorf("baseline marked %s", a.Source)
		}
	}
	if n[SourceLink] == 0 || n[SourceStaff] == 0 || n[SourceLink]+n[SourceStaff] != len(got) {
		t.Errorf("sources %v", n)
	}
	again := WithSources(c)
	for i := range got {
		if got[i].Source != again[i].Source {
			t.Fatal("not deterministic")
		}
	}
}
