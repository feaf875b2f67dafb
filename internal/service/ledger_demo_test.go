package service_test

import (
	"testing"
	"time"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/demo"
	"onset/internal/ledger"
	"onset/internal/service"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// The demo clinic's ledger has stock received, a draw for every session
// dose, a witnessed waste, and today's count that reconciles.
func TestDemoLedgerReconciles(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	now := time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)
	db := storetest.Open(t, store.SQLite)
	svc := service.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: func() time.Time { return now }})
	if _, err := svc.LoadDemo(ctx, "Demo", demo.Generate(1, now, 30)); err != nil {
		t.Fatal(err)
	}
	cl, err := db.Reader().FirstClinic(ctx)
	if err != nil {
		t.Fatal(err)
	}
	users, err := db.Reader().Users(ctx, cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	var nurse service.Actor
	for _, u := range users {
		if u.Role == clinic.RoleNurse {
			nurse = service.Actor{UserID: u.ID, ClinicID: cl.ID, Role: u.Role, Name: u.Name}
		}
	}
	v, err := svc.Ledger(ctx, nurse)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[ledger.Kind]int{}
	adms := map[int64]bool{}
	for _, e := range v.Entries {
		kinds[e.Kind]++
		if e.Kind == ledger.Draw {
			adms[e.AdministrationID] = true
		}
	}
	if len(v.Containers) < 2 || kinds[ledger.Receive] != len(v.Containers) || kinds[ledger.Count] != len(v.Containers) ||
		kinds[ledger.Waste] != 1 || kinds[ledger.Draw] == 0 {
		t.Fatalf("demo ledger: %d containers, entries %v", len(v.Containers), kinds)
	}
	if len(v.Discrepancies) != 0 {
		t.Errorf("demo ledger does not reconcile: %+v", v.Discrepancies)
	}
	// Every demo session dose has its draw.
	q, err := svc.REMSQueue(ctx, service.System(cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range q {
		rec, err := db.Reader().SessionRecord(ctx, cl.ID, r.Session.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Dose != nil && !adms[rec.Dose.AdministrationID] {
			t.Errorf("session %d's dose has no draw in the ledger", r.Session.ID)
		}
	}
}
