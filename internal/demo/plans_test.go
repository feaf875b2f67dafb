package demo

import (
	"slices"
	"testing"
	"time"

	"onset/internal/clinic"
)

func TestPlansChoosePortalIVAndEsketaminePatients(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, seed := range []int64{1, 2, 3} {
		c := Generate(seed, now, 120)
		specs := Plans(c)
		perRoute := map[clinic.Route]int{}
		portal := 0
		for _, s := range specs {
			co := c.Courses[s.CourseIndex]
			if co.PatientIndex != s.PatientIndex || s.TemplateID != templateForRoute[co.Route] || !s.Start.Equal(co.StartedAt) {
				t.Errorf("seed %d: spec %+v does not follow its course %+v", seed, s, co.Course)
			}
			if s.WeightKg < 20 || s.WeightKg > 300 || len(s.Weekdays) < 2 || !slices.IsSorted(s.Weekdays) {
				t.Errorf("seed %d: spec %+v", seed, s)
			}
			if s.PatientIndex < PortalPatients {
				portal++
			} else {
				perRoute[co.Route]++
			}
		}
		if perRoute[clinic.RouteIV] != demoPlansPerRoute || perRoute[clinic.RouteEsketamine] != demoPlansPerRoute || len(perRoute) != 2 {
			t.Errorf("seed %d: plans by route %v", seed, perRoute)
		}
		if portal != PortalPatients {
			t.Errorf("seed %d: %d portal patients have plans", seed, portal)
		}
		if again := Plans(c); !slices.EqualFunc(again, specs, func(a, b PlanSpec) bool {
			return a.PatientIndex == b.PatientIndex && a.CourseIndex == b.CourseIndex && slices.Equal(a.Weekdays, b.Weekdays)
		}) {
			t.Errorf("seed %d: Plans is not deterministic", seed)
		}
	}
}
