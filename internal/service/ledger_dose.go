package service

import (
	"context"
	"strings"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/record"
)

// DoseStock is where a dose was drawn from in the controlled-substance
// ledger, and the optional witnessed waste of the rest of a single-use
// vial.
type DoseStock struct {
	ContainerID int64   // 0: found by the lot number, when the clinic keeps its ledger in Onset
	WasteMg     float64 // the rest of the vial wasted after the draw, 0 for none
	Witness     LedgerWitness
}

// ledgerDrug is the ledger's name for a session's drug.
func ledgerDrug(sessionDrug string) ledger.Drug {
	if sessionDrug == record.DrugEsketamine {
		return ledger.Esketamine
	}
	return ledger.Ketamine
}

// doseContainer finds the container a dose is drawn from, before the dose
// is validated, and fills the dose's lot and expiry from it. It returns 0
// when the clinic has never received the session's drug into the ledger
// (the ledger is not kept in Onset for it), in which case no draw is made.
// When the ledger is kept, a dose must come from a container in stock: a
// lot that is not in stock is refused.
func (s *Service) doseContainer(ctx context.Context, a Actor, ts record.TreatmentSession, in *DoseInput) (int64, error) {
	es, err := s.store.Read().LedgerEntries(ctx, a.ClinicID)
	if err != nil {
		return 0, err
	}
	l, err := ledger.Replay(es)
	if err != nil {
		return 0, clinic.Wrap(err, "The stored ledger does not replay; it needs investigation.")
	}
	drug := ledgerDrug(ts.Drug)
	kept := false
	for _, c := range l.Containers() {
		kept = kept || c.Drug == drug
	}
	if in.Stock.ContainerID == 0 && !kept {
		return 0, nil
	}
	lot := strings.TrimSpace(in.LotNumber)
	var c ledger.Container
	if in.Stock.ContainerID != 0 {
		var ok bool
		if c, ok = l.Container(in.Stock.ContainerID); !ok {
			return 0, clinic.Errorf(clinic.Invalid, "Container %d is not in this clinic's stock.", in.Stock.ContainerID)
		}
		if c.Drug != drug {
			return 0, clinic.Errorf(clinic.Invalid, "Container %d holds %s, not the session's drug.", c.ID, c.Drug)
		}
		if lot != "" && !strings.EqualFold(lot, c.Lot) {
			return 0, clinic.Errorf(clinic.Invalid, "Container %d is lot %s, not lot %s.", c.ID, c.Lot, lot)
		}
	} else {
		if lot == "" {
			return 0, clinic.Errorf(clinic.Invalid, "Choose the container the dose was drawn from.")
		}
		found := 0
		for _, x := range l.Containers() {
			if x.Drug == drug && strings.EqualFold(x.Lot, lot) && x.Balance > 0 {
				c, found = x, found+1
			}
		}
		switch {
		case found == 0:
			return 0, clinic.Errorf(clinic.Invalid, "Lot %s is not in stock: receive it into the ledger first, or choose a container that is.", lot)
		case found > 1:
			return 0, clinic.Errorf(clinic.Invalid, "Lot %s is in more than one container: choose the container the dose was drawn from.", lot)
		}
	}
	if c.Balance <= 0 {
		return 0, clinic.Errorf(clinic.Invalid, "Container %d (lot %s) is empty in the ledger.", c.ID, c.Lot)
	}
	// The ledger stores the first instant the lot may not be used; the
	// label's expiry date is the day before.
	expiry := c.LastDay()
	if typed := strings.TrimSpace(in.LotExpiry); typed != "" && typed != expiry {
		return 0, clinic.Errorf(clinic.Invalid, "Lot %s in the ledger expires on %s, not %s: check the label.", c.Lot, expiry, typed)
	}
	in.LotNumber, in.LotExpiry = c.Lot, expiry
	return c.ID, nil
}

// confirmedWaste is the dose form's waste of the rest of the vial, its
// witness confirmed.
type confirmedWaste struct {
	Mg      float64
	Witness ledger.Person
}

// doseWaste checks the dose form's waste and confirms its witness before
// the dose's transaction opens (witness.go).
func (s *Service) doseWaste(ctx context.Context, a Actor, containerID int64, st DoseStock) (confirmedWaste, error) {
	if st.WasteMg == 0 {
		return confirmedWaste{}, nil
	}
	if containerID == 0 {
		return confirmedWaste{}, clinic.Errorf(clinic.Invalid, "Choose the container before recording waste.")
	}
	if clinic.StockMg.Check("the waste", st.WasteMg) != nil {
		return confirmedWaste{}, clinic.Errorf(clinic.Invalid, "Enter the amount wasted in mg.")
	}
	w, err := s.witnesses.ConfirmWitness(ctx, a, st.Witness)
	return confirmedWaste{Mg: st.WasteMg, Witness: w}, err
}

// drawForDose draws the dose from its container inside the dose's
// transaction, and records the witnessed waste of the rest of the vial.
// A draw the container cannot cover rolls the whole dose back.
func (s *Service) drawForDose(ctx context.Context, tx Tx, a Actor, ts record.TreatmentSession, d record.Dose, containerID int64, waste confirmedWaste) error {
	if containerID == 0 {
		return nil
	}
	units := 0
	mg := d.DoseMg
	if ts.Drug == record.DrugEsketamine {
		units, mg = d.Devices, 0
	}
	if _, err := s.drawInTx(ctx, tx, a, containerID, d.AdministrationID, ts.PatientID, mg, units, d.StartedAt); err != nil {
		return err
	}
	if waste.Mg == 0 {
		return nil
	}
	e := ledger.Entry{Kind: ledger.Waste, At: d.EndedAt, ContainerID: containerID, Actor: ledgerPerson(a),
		Witnesses: []ledger.Person{waste.Witness}, Mg: waste.Mg, Reason: "rest of the vial after the dose"}
	_, _, err := s.appendLedger(ctx, tx, a, e, ts.PatientID)
	return err
}
