package treatment

import (
	"math"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
)

func TestSessionExpectation(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	planned := record.SessionRecord{Session: record.TreatmentSession{Route: clinic.RouteIV, PlannedDoseMg: 35, WeightKg: 70}}
	x, ok := sessionExpectation(planned)
	// 0.5 mg/kg over 40 min at 70 kg: Clements & Nimmo 1981 peaks at ~177
	// ng/mL at the end of the infusion (clinical-reference §3.4 [derived]).
	if !ok || x.FromGiven || math.Abs(x.Estimate.Summary.CmaxNgPerML-177) > 3 || math.Abs(x.PeakAfterMin-40) > 1 || !x.LevelsFall.IsZero() {
		t.Errorf("planned: ok=%v %+v", ok, x.Estimate.Summary)
	}
	given := planned
	given.Dose = &record.Dose{DoseMg: 35, DurationMin: 40, StartedAt: start}
	y, ok := sessionExpectation(given)
	if !ok || !y.FromGiven || !y.PeakAt.Equal(start.Add(40*time.Minute)) ||
		y.LevelsFall.Sub(start).Hours()-y.Estimate.Summary.Below5PctOfPeakH > 1e-6 || y.FallAfterH < 2 {
		t.Errorf("given: ok=%v peak %v fall %v (%v h)", ok, y.PeakAt, y.LevelsFall, y.FallAfterH)
	}
	esk := record.SessionRecord{Session: record.TreatmentSession{Route: clinic.RouteEsketamine, PlannedDoseMg: 56, WeightKg: 80}}
	if z, ok := sessionExpectation(esk); !ok || z.Estimate.Devices != 2 {
		t.Errorf("esketamine 56 mg: ok=%v devices %d", ok, z.Estimate.Devices)
	}
	if _, ok := sessionExpectation(record.SessionRecord{Session: record.TreatmentSession{Route: clinic.RouteIV}}); ok {
		t.Error("a session without a dose or weight was modelled")
	}
}
