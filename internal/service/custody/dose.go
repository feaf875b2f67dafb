package custody

import (
	"context"
	"strings"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/record"
	"onset/internal/service"
)

// ledgerDrug is the ledger's name for a session's drug.
func ledgerDrug(sessionDrug string) ledger.Drug {
	if sessionDrug == record.DrugEsketamine {
		return ledger.Esketamine
	}
	return ledger.Ketamine
}

// DoseContainer finds the container a dose is drawn from, before the dose
// is validated, and fills the dose's lot and expiry from it. It returns 0
// when the clinic has never received the session's drug into the ledger
// (the ledger is not kept in Onset for it), in which case no draw is made.
// When the ledger is kept, a dose must come from a container in stock: a
// lot that is not in stock is refused.
func (s *Service) DoseContainer(ctx context.Context, a service.Actor, sessionDrug string, stock service.DoseStock, lot, expiry string) (service.DoseSource, error) {
	es, err := s.store.Read().LedgerEntries(ctx, a.ClinicID)
	if err != nil {
		return service.DoseSource{}, err
	}
	l, err := ledger.Replay(es)
	if err != nil {
		return service.DoseSource{}, clinic.Wrap(err, "The stored ledger does not replay; it needs investigation.")
	}
	drug := ledgerDrug(sessionDrug)
	kept := false
	for _, c := range l.Containers() {
		kept = kept || c.Drug == drug
	}
	if stock.ContainerID == 0 && !kept {
		return service.DoseSource{}, nil // the ledger is not kept in Onset for this drug
	}
	lot = strings.TrimSpace(lot)
	var c ledger.Container
	if stock.ContainerID != 0 {
		var ok bool
		if c, ok = l.Container(stock.ContainerID); !ok {
			return service.DoseSource{}, clinic.Errorf(clinic.Invalid, "Container %d is not in this clinic's stock.", stock.ContainerID)
		}
		if c.Drug != drug {
			return service.DoseSource{}, clinic.Errorf(clinic.Invalid, "Container %d holds %s, not the session's drug.", c.ID, c.Drug)
		}
		if lot != "" && !strings.EqualFold(lot, c.Lot) {
			return service.DoseSource{}, clinic.Errorf(clinic.Invalid, "Container %d is lot %s, not lot %s.", c.ID, c.Lot, lot)
		}
	} else {
		if lot == "" {
			return service.DoseSource{}, clinic.Errorf(clinic.Invalid, "Choose the container the dose was drawn from.")
		}
		found := 0
		for _, x := range l.Containers() {
			if x.Drug == drug && strings.EqualFold(x.Lot, lot) && x.Balance > 0 {
				c, found = x, found+1
			}
		}
		switch {
		case found == 0:
			return service.DoseSource{}, clinic.Errorf(clinic.Invalid, "Lot %s is not in stock: receive it into the ledger first, or choose a container that is.", lot)
		case found > 1:
			return service.DoseSource{}, clinic.Errorf(clinic.Invalid, "Lot %s is in more than one container: choose the container the dose was drawn from.", lot)
		}
	}
	if c.Balance <= 0 {
		return service.DoseSource{}, clinic.Errorf(clinic.Invalid, "Container %d (lot %s) is empty in the ledger.", c.ID, c.Lot)
	}
	// The ledger stores the first instant the lot may not be used; the
	// label's expiry date is the day before.
	last := c.LastDay()
	if typed := strings.TrimSpace(expiry); typed != "" && typed != last {
		return service.DoseSource{}, clinic.Errorf(clinic.Invalid, "Lot %s in the ledger expires on %s, not %s: check the label.", c.Lot, last, typed)
	}
	return service.DoseSource{ContainerID: c.ID, Lot: c.Lot, Expiry: last}, nil
}

// ConfirmDoseWaste checks the dose form's waste and confirms its witness before
// the dose's transaction opens (witness.go).
func (s *Service) ConfirmDoseWaste(ctx context.Context, a service.Actor, containerID int64, st service.DoseStock) (service.DoseWaste, error) {
	if st.WasteMg == 0 {
		return service.DoseWaste{}, nil
	}
	if containerID == 0 {
		return service.DoseWaste{}, clinic.Errorf(clinic.Invalid, "Choose the container before recording waste.")
	}
	if clinic.StockMg.Check("the waste", st.WasteMg) != nil {
		return service.DoseWaste{}, clinic.Errorf(clinic.Invalid, "Enter the amount wasted in mg.")
	}
	w, err := s.witnesses.ConfirmWitness(ctx, a, st.Witness)
	return service.DoseWaste{Mg: st.WasteMg, Witness: w}, err
}

// DrawForDose draws the dose from its container inside the dose's
// transaction, and records the witnessed waste of the rest of the vial.
// A draw the container cannot cover rolls the whole dose back.
func (s *Service) DrawForDose(ctx context.Context, tx service.LedgerTx, a service.Actor, ts record.TreatmentSession, d record.Dose, containerID int64, waste service.DoseWaste) error {
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
