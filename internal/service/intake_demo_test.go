package service_test

import (
	"testing"

	"onset/internal/demo"
	"onset/internal/service"
	"onset/internal/store"
)

// Demo patients with a signed plan have a screened, eligible intake (so
// their demo bookings are consistent with the gate), some with points for
// the prescriber to review; the first patient (the portal account) has none.
func TestDemoLoadsIntakes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, store.SQLite)
	ctx := t.Context()
	if _, err := e.svc.LoadDemo(ctx, "Demo", demo.Generate(1, e.clock.Now(), 40)); err != nil {
		t.Fatal(err)
	}
	sys := service.System(e.clinic + 1)
	page, err := e.svc.ListPatients(ctx, sys, "", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Patients) != 40 {
		t.Fatalf("%d demo patients listed, want 40", len(page.Patients))
	}
	var with, review int
	firstID, firstHas := int64(0), false
	for _, p := range page.Patients {
		pg, err := e.svc.IntakeForPatient(ctx, sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if firstID == 0 || p.ID < firstID {
			firstID, firstHas = p.ID, pg.State.HasIntake
		}
		if !pg.State.HasIntake {
			continue
		}
		with++
		in := pg.State.Latest
		if pg.State.Blocked || !in.Eligible || in.ConsentVersion != service.ConsentVersion || in.ConsentName != p.Name() || in.WeightKg <= 0 {
			t.Errorf("patient %d: demo intake %+v", p.ID, in)
		}
		if pg.State.NeedsCheck {
			review++
		}
	}
	if with < 5 || review == 0 || review == with {
		t.Errorf("%d demo intakes, %d with points to review", with, review)
	}
	if firstHas {
		t.Error("the first demo patient (portal account) has an intake")
	}
}
