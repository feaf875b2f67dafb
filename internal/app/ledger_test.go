package app_test

import (
	"sync"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/custody"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// ledgerEnv is a sessEnv with a second nurse (a witness) and an admin.
type ledgerEnv struct {
	sessEnv
	nurse2, admin service.Actor
}

func newLedgerEnv(t testing.TB, eng store.Engine) ledgerEnv {
	t.Helper()
	e := ledgerEnv{sessEnv: newSessEnv(t, eng)}
	mk := func(role clinic.Role, email string) service.Actor {
		u, err := e.svc.CreateUser(t.Context(), service.System(e.clinicID), record.NewUser{Email: email, Name: "Other " + string(role),
			Role: role, Password: "witness password"})
		if err != nil {
			t.Fatal(err)
		}
		return service.Actor{UserID: u.ID, ClinicID: e.clinicID, Role: role, Name: u.Name}
	}
	e.nurse2, e.admin = mk(clinic.RoleNurse, "n2@example.org"), mk(clinic.RoleAdmin, "a@example.org")
	return e
}

func (e ledgerEnv) receiveVial(t testing.TB, ml float64) ledger.Container {
	t.Helper()
	c, err := e.svc.ReceiveStock(t.Context(), e.admin, custody.LedgerReceiveInput{Drug: "ketamine", Form: "vial",
		NDC: "0409-2051-05", Lot: "K100", Expires: "2027-06-30", ConcentrationMgPerML: 10, ML: ml,
		Invoice: "INV-1", Supplier: "Wholesaler"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// administrations makes n administrations for the IV patient.
func (e ledgerEnv) administrations(t testing.TB, n int) []int64 {
	t.Helper()
	ctx := t.Context()
	var ids []int64
	err := e.db.WithTx(ctx, func(q *store.Queries) error {
		cid, err := q.CreateCourse(ctx, clinic.Course{ClinicID: e.clinicID, PatientID: e.iv, Condition: clinic.Depression,
			Route: clinic.RouteIV, StartedAt: e.clock.Now()})
		if err != nil {
			return err
		}
		for i := range n {
			id, err := q.CreateAdministration(ctx, clinic.Administration{ClinicID: e.clinicID, CourseID: cid, PatientID: e.iv,
				GivenAt: e.clock.Now().Add(time.Duration(i) * time.Minute), Route: clinic.RouteIV, DoseMg: 10, WeightKg: 70})
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func (e ledgerEnv) balance(t testing.TB, id int64) ledger.Amount {
	t.Helper()
	v, err := e.svc.Ledger(t.Context(), e.nurse)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range v.Containers {
		if c.ID == id {
			return c.Balance
		}
	}
	t.Fatalf("container %d not in the ledger", id)
	return 0
}

func (e ledgerEnv) entries(t testing.TB) int {
	t.Helper()
	v, err := e.svc.Ledger(t.Context(), e.admin)
	if err != nil {
		t.Fatal(err)
	}
	return len(v.Entries)
}

// TestLedgerReceiveDrawWasteCountCorrect walks a vial through its life:
// received, drawn for a dose, the rest of the draw wasted with a witness,
// counted (agreeing, then short, which starts a loss report), and a draw
// corrected by a new entry. Refused entries store nothing.
func TestLedgerReceiveDrawWasteCountCorrect(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newLedgerEnv(t, eng)
			ctx := t.Context()
			c := e.receiveVial(t, 10) // 100 mg
			if c.Balance != ledger.Mg(100) || c.Lot != "K100" {
				t.Fatalf("received %+v", c)
			}
			// Bad receipts are refused and store nothing.
			_, err := e.svc.ReceiveStock(ctx, e.admin, custody.LedgerReceiveInput{Drug: "ketamine", Form: "vial", NDC: "12",
				Lot: "K", Expires: "2027-01-01", ConcentrationMgPerML: 10, ML: 1, Invoice: "I", Supplier: "S"})
			wantErr(t, err, clinic.Invalid, "National Drug Code")
			_, err = e.svc.ReceiveStock(ctx, e.front, custody.LedgerReceiveInput{})
			wantErr(t, err, clinic.Forbidden, "")
			if n := e.entries(t); n != 1 {
				t.Fatalf("%d entries after refused receipts", n)
			}

			adm := e.administrations(t, 2)
			// A draw must be recorded by a licensed person.
			_, err = e.svc.DrawStock(ctx, e.admin, c.ID, adm[0], e.iv, 35)
			wantErr(t, err, clinic.Forbidden, "clinician or nurse")
			// More than the vial holds is refused.
			_, err = e.svc.DrawStock(ctx, e.nurse, c.ID, adm[0], e.iv, 150)
			wantErr(t, err, clinic.Conflict, "below zero")
			// Not this patient's administration.
			_, err = e.svc.DrawStock(ctx, e.nurse, c.ID, adm[0], e.esk, 35)
			wantErr(t, err, clinic.NotFound, "Administration")
			draw, err := e.svc.DrawStock(ctx, e.nurse, c.ID, adm[0], e.iv, 40)
			if err != nil {
				t.Fatal(err)
			}
			if b := e.balance(t, c.ID); b != ledger.Mg(60) {
				t.Fatalf("balance after draw %s", b)
			}

			// Waste of the unadministered 5 mg: the witness must be another
			// licensed person with the right password.
			waste := custody.LedgerWasteInput{ContainerID: c.ID, DrawID: draw.ID, Mg: 5,
				Witness: service.LedgerWitness{UserID: e.nurse2.UserID, Password: "wrong password"}}
			_, err = e.svc.WasteStock(ctx, e.nurse, waste)
			wantErr(t, err, clinic.Invalid, "witness could not be confirmed")
			waste.Witness = service.LedgerWitness{UserID: e.nurse.UserID, Password: "a long password"}
			_, err = e.svc.WasteStock(ctx, e.nurse, waste)
			wantErr(t, err, clinic.Invalid, "second person")
			waste.Witness = service.LedgerWitness{UserID: e.admin.UserID, Password: "witness password"}
			_, err = e.svc.WasteStock(ctx, e.nurse, waste)
			wantErr(t, err, clinic.Invalid, "witness could not be confirmed")
			waste.Witness = service.LedgerWitness{UserID: e.nurse2.UserID, Password: "witness password"}
			waste.Mg = 45
			_, err = e.svc.WasteStock(ctx, e.nurse, waste)
			wantErr(t, err, clinic.Conflict, "left to waste")
			waste.Mg = 5
			if _, err := e.svc.WasteStock(ctx, e.nurse, waste); err != nil {
				t.Fatal(err)
			}
			// Waste from a draw has already left the container: balance unchanged.
			if b := e.balance(t, c.ID); b != ledger.Mg(60) {
				t.Fatalf("balance after waste %s", b)
			}

			// A count that agrees: no discrepancy. One that is short: a loss report.
			res, err := e.svc.CountStock(ctx, e.nurse, custody.LedgerCountInput{ContainerID: c.ID, ML: 6})
			if err != nil || res.Discrepancy != nil {
				t.Fatalf("agreeing count %+v %v", res, err)
			}
			res, err = e.svc.CountStock(ctx, e.nurse, custody.LedgerCountInput{ContainerID: c.ID, ML: 5.5, Estimated: true})
			if err != nil || res.Discrepancy == nil || res.Discrepancy.Problem != "shortage" || res.Discrepancy.Diff != -ledger.Mg(5) ||
				res.Discrepancy.Loss == nil {
				t.Fatalf("short count %+v %v", res, err)
			}
			// 2026-06-01 is a Monday: the DEA notice is due by the end of Tuesday.
			if got := res.Discrepancy.Loss.NoticeDue.Format(time.DateOnly); got != "2026-06-02" {
				t.Errorf("notice due %s", got)
			}
			v, err := e.svc.Ledger(ctx, e.clinician)
			if err != nil || len(v.Open) != 1 {
				t.Fatalf("open discrepancies %+v %v", v.Open, err)
			}

			// A correction is a new entry referencing the old one; the old one stays.
			before := e.entries(t)
			_, err = e.svc.CorrectLedgerEntry(ctx, e.nurse, custody.LedgerCorrectionInput{EntryID: draw.ID, Mg: 45})
			wantErr(t, err, clinic.Invalid, "reason")
			fix, err := e.svc.CorrectLedgerEntry(ctx, e.nurse, custody.LedgerCorrectionInput{EntryID: draw.ID, Mg: 45, Reason: "misread syringe"})
			if err != nil || fix.Corrects != draw.ID || fix.Kind != ledger.Draw {
				t.Fatalf("correction %+v %v", fix, err)
			}
			if b := e.balance(t, c.ID); b != ledger.Mg(55) {
				t.Fatalf("balance after correction %s", b)
			}
			_, err = e.svc.CorrectLedgerEntry(ctx, e.nurse, custody.LedgerCorrectionInput{EntryID: draw.ID, Mg: 45, Reason: "again"})
			wantErr(t, err, clinic.Conflict, "already corrected")
			if n := e.entries(t); n != before+1 {
				t.Fatalf("entries %d → %d", before, n)
			}
			if n := e.audits(t, service.ActLedgerRecord, 0); n != 6 { // one per stored entry, none for the refused
				t.Errorf("%d ledger audit rows", n)
			}

		})
	}
}

// TestLedgerConcurrentDrawsNeverOverdraw: N concurrent draws from a vial
// that covers only some of them; exactly the affordable ones succeed and
// the balance never goes below zero.
func TestLedgerConcurrentDrawsNeverOverdraw(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newLedgerEnv(t, eng)
			c := e.receiveVial(t, 5.5) // 55 mg: five 10 mg draws, with 5 mg left
			const n = 12
			adm := e.administrations(t, n)
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i := range n {
				wg.Go(func() {
					_, errs[i] = e.svc.DrawStock(t.Context(), e.nurse, c.ID, adm[i], e.iv, 10)
				})
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case clinic.ErrorCode(err) != clinic.Conflict:
					t.Errorf("unexpected error %v", err)
				}
			}
			if ok != 5 {
				t.Errorf("%d draws succeeded, want 5", ok)
			}
			if b := e.balance(t, c.ID); b != ledger.Mg(5) {
				t.Errorf("balance %s, want 5 mg", b)
			}
			if got := e.entries(t); got != 1+5 {
				t.Errorf("%d entries stored, want 6", got)
			}
		})
	}
}
