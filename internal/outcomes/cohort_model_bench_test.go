package outcomes

import (
	"math/rand/v2"
	"testing"
	"time"

	"onset/internal/clinic"
)

// BenchmarkFitCohortModel120k fits the dashboard's default model (therapy,
// route, baseline) on 120,000 courses, the size of bench/bigclinic.
func BenchmarkFitCohortModel120k(b *testing.B) {
	r := rand.New(rand.NewPCG(42, 1))
	routes := []clinic.Route{clinic.RouteIV, clinic.RouteIM, clinic.RouteEsketamine, clinic.RouteSublingual}
	rows := make([]CourseRow, 120000)
	factors := map[int64]CourseFactors{}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		rows[i] = CourseRow{CourseID: int64(i + 1), PatientID: int64(i + 1), T0: t0,
			Facts: Facts{Route: routes[r.IntN(4)], Therapy: r.IntN(3) == 0, Age: 20 + r.IntN(50)}}
		rows[i].HasBaseline, rows[i].Baseline.Total = true, 10+r.IntN(17)
		rows[i].Response = TimeToEvent{Days: float64(1+r.IntN(600)) / 10, Event: r.IntN(10) < 7}
	}
	var covs []ModelCovariate
	for _, n := range []string{"therapy", "route", "baseline"} {
		c, _ := LookupModelCovariate(n)
		covs = append(covs, c)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := FitCohortModel(rows, factors, EventResponse, covs, nil, Efron); err != nil {
			b.Fatal(err)
		}
	}
}
