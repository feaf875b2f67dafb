package app_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/service"
	"onset/internal/service/custody"
	"onset/internal/service/treatment"
	"onset/internal/store/storetest"
)

// TestDoseDrawsFromTheLedger: once a clinic keeps its ledger in Onset, a
// dose is drawn from a container in the same transaction; a lot that is
// not in stock, or a container that cannot cover the dose, is refused and
// stores nothing (no dose, no administration, no ledger entry).
func TestDoseDrawsFromTheLedger(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newLedgerEnv(t, eng)
			ctx := t.Context()
			small := e.receiveVial(t, 3) // 30 mg: less than the 35 mg dose
			big, err := e.svc.ReceiveStock(ctx, e.admin, custody.LedgerReceiveInput{Drug: "ketamine", Form: "vial",
				NDC: "0409-2051-05", Lot: "KET-001", Expires: "2027-01-31", ConcentrationMgPerML: 10, ML: 5,
				Invoice: "INV-2", Supplier: "Wholesaler"})
			if err != nil {
				t.Fatal(err)
			}
			ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
				Baseline: vitals(122, 78, 72, 98, 14, 0)})
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(50 * time.Minute)
			dose := treatment.DoseInput{DoseMg: 35, ConcentrationMgPerML: 10, VolumeML: 3.5, RateMLPerHour: 155.3, DurationMin: 40,
				LotNumber: "NOT-HERE", LotExpiry: "2027-01-31", Start: "08:05", End: "08:45"}
			before := e.entries(t)
			_, err = e.svc.RecordDose(ctx, e.nurse, ts.ID, dose)
			wantErr(t, err, clinic.Invalid, "Lot NOT-HERE is not in stock")
			dose.LotNumber, dose.Stock.ContainerID = "", small.ID
			_, err = e.svc.RecordDose(ctx, e.nurse, ts.ID, dose)
			wantErr(t, err, clinic.Invalid, "Lot K100 in the ledger expires on 2027-06-30, not 2027-01-31")
			dose.LotExpiry = "" // taken from the container
			_, err = e.svc.RecordDose(ctx, e.nurse, ts.ID, dose)
			wantErr(t, err, clinic.Conflict, "below zero")
			dose.Stock = service.DoseStock{ContainerID: big.ID, WasteMg: 15,
				Witness: service.LedgerWitness{UserID: e.nurse2.UserID, Password: "wrong"}}
			_, err = e.svc.RecordDose(ctx, e.nurse, ts.ID, dose)
			wantErr(t, err, clinic.Invalid, "witness could not be confirmed")
			if c := e.counts(t, ts.ID, e.iv); c[2] != 0 {
				t.Fatalf("refused doses stored administrations: %v", c)
			}
			if n := e.entries(t); n != before {
				t.Fatalf("refused doses stored ledger entries: %d → %d", before, n)
			}
			dose.Stock.Witness.Password = "witness password"
			d, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, dose)
			if err != nil {
				t.Fatal(err)
			}
			if d.LotNumber != "KET-001" || d.LotExpiry.Format(time.DateOnly) != "2027-01-31" {
				t.Errorf("dose lot %s %s", d.LotNumber, d.LotExpiry)
			}
			if b := e.balance(t, big.ID); b != 0 {
				t.Errorf("balance after a 35 mg draw and 15 mg waste of a 50 mg vial: %s", b)
			}
			v, err := e.svc.Ledger(ctx, e.nurse)
			if err != nil {
				t.Fatal(err)
			}
			draw := v.Entries[1]
			if draw.Kind != ledger.Draw || draw.AdministrationID != d.AdministrationID || draw.PatientID != e.iv ||
				v.Entries[0].Kind != ledger.Waste || v.Entries[0].Witnesses[0].ID != e.nurse2.UserID {
				t.Errorf("entries %+v", v.Entries[:2])
			}
		})
	}
}

// TestEsketamineDoseDrawsDevicesByLot: with no container chosen, the lot
// typed on the dose form finds its container, and the devices used are
// drawn from it.
func TestEsketamineDoseDrawsDevicesByLot(t *testing.T) {
	t.Parallel()
	e := newLedgerEnv(t, storetest.Engines()[0])
	ctx := t.Context()
	c, err := e.svc.ReceiveStock(ctx, e.nurse, custody.LedgerReceiveInput{Drug: "esketamine", Form: "device",
		NDC: "50458-028-02", Lot: "ESK1", Expires: "2027-01-01", Units: 6, Invoice: "INV-3", Supplier: "Janssen"})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.esk, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 56,
		Baseline: vitals(128, 82, 70, 98, 14, 0)})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(10 * time.Minute)
	if _, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, treatment.DoseInput{Devices: 2, LotNumber: "esk1", LotExpiry: "2027-01-01"}); err != nil {
		t.Fatal(err)
	}
	if b := e.balance(t, c.ID); b != ledger.Mg(4*28) {
		t.Errorf("balance %s, want 4 devices (112 mg)", b)
	}
}
