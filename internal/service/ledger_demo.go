package service

import (
	"cmp"
	"context"
	"math"
	"slices"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
)

// loadDemoLedger gives the demo clinic a controlled-substance ledger that
// reconciles: one container per lot used by the demo sessions, received the
// day before the first dose, a draw for every session dose, a witnessed
// waste of part of the ketamine vial, and a count of every container today
// that agrees with the book. Run after loadDemoSessions.
func (s *Service) loadDemoLedger(ctx context.Context, tx Tx, clinicID int64, patientIDs []int64, now time.Time) error {
	users, err := tx.Users(ctx, clinicID)
	if err != nil {
		return err
	}
	var admin, nurse, clin clinic.User
	for _, u := range users {
		switch {
		case u.Role == clinic.RoleAdmin && admin.ID == 0:
			admin = u
		case u.Role == clinic.RoleNurse && nurse.ID == 0:
			nurse = u
		case u.Role == clinic.RoleClinician && clin.ID == 0:
			clin = u
		}
	}
	if admin.ID == 0 || nurse.ID == 0 || clin.ID == 0 {
		return nil
	}
	actor := func(u clinic.User) Actor { return Actor{UserID: u.ID, ClinicID: clinicID, Role: u.Role, Name: u.Name} }

	type drawn struct {
		d       Dose
		patient int64
	}
	var doses []drawn
	for _, pid := range patientIDs {
		ss, err := tx.PatientTreatmentSessions(ctx, clinicID, pid)
		if err != nil {
			return err
		}
		for _, ts := range ss {
			rec, err := tx.SessionRecord(ctx, clinicID, ts.ID)
			if err != nil {
				return err
			}
			if rec.Dose != nil && rec.Dose.AdministrationID != 0 {
				doses = append(doses, drawn{*rec.Dose, pid})
			}
		}
	}
	if len(doses) == 0 {
		return nil
	}
	slices.SortFunc(doses, func(a, b drawn) int { return a.d.StartedAt.Compare(b.d.StartedAt) })

	// One container per lot: enough for its doses and some to spare.
	type lot struct {
		drug    ledger.Drug
		expires time.Time
		mg      float64
		devices int
		id      int64
	}
	lots := map[string]*lot{}
	var order []string
	for _, x := range doses {
		l, ok := lots[x.d.LotNumber]
		if !ok {
			l = &lot{drug: ledgerDrug(x.d.Drug), expires: x.d.LotExpiry}
			lots[x.d.LotNumber] = l
			order = append(order, x.d.LotNumber)
		}
		if x.d.LotExpiry.Before(l.expires) {
			l.expires = x.d.LotExpiry
		}
		l.mg += x.d.DoseMg
		l.devices += x.d.Devices
	}
	slices.SortFunc(order, func(a, b string) int { return cmp.Compare(a, b) })
	received := doses[0].d.StartedAt.Add(-24 * time.Hour)
	for i, name := range order {
		l := lots[name]
		e := ledger.Entry{Kind: ledger.Receive, At: received, Actor: ledgerPerson(actor(admin)), Drug: l.drug, Lot: name,
			Expires: l.expires.AddDate(0, 0, 1), Invoice: "DEMO-INV-" + string(rune('A'+i)), Supplier: "Demo Medical Supply"}
		if l.drug == ledger.Esketamine {
			// Spravato 56 mg kits of 2 devices (§1.4), with a kit to spare.
			e.Form, e.NDC, e.Units = ledger.Device, "50458-028-02", l.devices+2+l.devices%2
		} else {
			// Ketamine 10 mg/mL vials (an illustrative NDC layout).
			e.Form, e.NDC, e.ConcentrationMgPerML = ledger.Vial, "0409-2051-05", 10
			e.ML = math.Ceil(l.mg/10) + 10
		}
		if e.ContainerID, err = tx.CreateLedgerContainer(ctx, clinicID, e, now); err != nil {
			return err
		}
		if _, _, err := s.appendLedger(ctx, tx, actor(admin), e, 0); err != nil {
			return err
		}
		l.id = e.ContainerID
	}
	for _, x := range doses {
		l := lots[x.d.LotNumber]
		mg, units := x.d.DoseMg, 0
		if l.drug == ledger.Esketamine {
			mg, units = 0, x.d.Devices
		}
		if _, err := s.drawInTx(ctx, tx, actor(nurse), l.id, x.d.AdministrationID, x.patient, mg, units, x.d.StartedAt); err != nil {
			return err
		}
	}
	// A witnessed waste: 2 mL of the ketamine vial drawn up and not used.
	for _, name := range order {
		if l := lots[name]; l.drug == ledger.Ketamine {
			e := ledger.Entry{Kind: ledger.Waste, At: doses[len(doses)-1].d.EndedAt, ContainerID: l.id,
				Actor: ledgerPerson(actor(nurse)), Witnesses: []ledger.Person{ledgerPerson(actor(clin))}, ML: 2,
				Reason: "drawn up and not used"}
			if _, _, err := s.appendLedger(ctx, tx, actor(nurse), e, 0); err != nil {
				return err
			}
			break
		}
	}
	// Today's count agrees with the book for every container.
	for _, name := range order {
		l := lots[name]
		es, err := tx.LedgerContainerEntries(ctx, clinicID, l.id)
		if err != nil {
			return err
		}
		bal, err := ledger.Balance(es, l.id)
		if err != nil {
			return err
		}
		e := ledger.Entry{Kind: ledger.Count, At: now, ContainerID: l.id, Actor: ledgerPerson(actor(nurse)), Mg: bal.Mg()}
		if _, _, err := s.appendLedger(ctx, tx, actor(nurse), e, 0); err != nil {
			return err
		}
	}
	return nil
}
