package service_test

import (
	"testing"

	"onset/internal/clinic"
	"onset/internal/demo"
	"onset/internal/service"
	"onset/internal/store"
)

// Every demo seed loads its signed plans; each is signed by a clinician
// and its patient can open what to expect.
func TestDemoLoadsSignedPlans(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 2, 5} {
		e := newEnv(t, store.SQLite)
		ctx := t.Context()
		d := demo.Generate(seed, e.clock.Now(), 60)
		if _, err := e.svc.LoadDemo(ctx, "Demo", d); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		demoClinic := e.clinic + 1 // LoadDemo makes a clinic of its own
		sys := service.System(demoClinic)
		signed := map[clinic.Route]int{}
		for i := range d.Patients {
			p, err := e.svc.SignedPlan(ctx, sys, int64(i+1))
			if clinic.ErrorCode(err) == clinic.NotFound {
				continue
			}
			if err != nil {
				t.Fatalf("seed %d patient %d: %v", seed, i+1, err)
			}
			if p.SignedByName == "" || p.SignedBy == 0 || p.Version != 1 || len(p.Sessions) == 0 {
				t.Errorf("seed %d: demo plan %+v", seed, p)
			}
			signed[p.Route]++
		}
		if signed[clinic.RouteIV] < 3 || signed[clinic.RouteEsketamine] < 3 {
			t.Errorf("seed %d: signed plans by route %v", seed, signed)
		}
		x, err := e.svc.Expect(ctx, sys, 1)
		if err != nil || x.Plan == nil || x.PeakAfterMin <= 0 {
			t.Errorf("seed %d: the first portal patient's expectations: %+v %v", seed, x.Plan, err)
		}
	}
}
