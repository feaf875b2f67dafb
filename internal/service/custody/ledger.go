package custody

import (
	"context"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/service"
)

// The controlled-substance ledger in the clinic (issue 5, item 7;
// clinical-reference.md §5.4). The rules are internal/ledger's; this file
// runs each write as one transaction that locks the container, replays its
// entries, appends the new one, checks it with ledger.Apply (which refuses
// anything that would take a balance below zero) and writes the audit row.

// Audit record type for ledger entries.
const recordLedgerEntry = "ledger_entry"

// LedgerReceiveInput is stock received by invoice: one new container.
type LedgerReceiveInput struct {
	Drug                 string  // ketamine or esketamine
	Form                 string  // vial or device
	NDC                  string  // e.g. 50458-028-02
	Lot                  string  //
	Expires              string  // YYYY-MM-DD: the lot may be used through this day
	ConcentrationMgPerML float64 // vials
	Mg                   float64 // quantity: mg, or
	ML                   float64 // mL (vials), or
	Units                int     // devices
	Invoice              string
	Supplier             string
	SupplierDEA          string
}

// LedgerWasteInput wastes the unadministered rest of a draw (DrawID) or,
// with DrawID 0, part of the container itself (a broken vial).
type LedgerWasteInput struct {
	ContainerID int64
	DrawID      int64
	Mg          float64
	ML          float64
	Units       int
	Reason      string
	Witness     service.LedgerWitness
}

// LedgerCountInput is a physical count of one container.
type LedgerCountInput struct {
	ContainerID int64
	Mg          float64
	ML          float64
	Units       int
	Estimated   bool
	Reason      string
}

// LedgerCorrectionInput replaces an entry's quantity with a new entry that
// references it. A zero quantity voids a draw or waste. Corrections of
// waste need the witness again.
type LedgerCorrectionInput struct {
	EntryID int64
	Mg      float64
	ML      float64
	Units   int
	Reason  string
	Witness service.LedgerWitness
}

// LedgerView is the clinic's ledger: containers with running balances,
// entries newest first, and every count that disagreed with the book.
type LedgerView struct {
	Containers    []ledger.Container
	Entries       []ledger.Entry // newest first
	Discrepancies []ledger.Discrepancy
	Open          []ledger.Discrepancy // shortages and overages not yet settled
	Witnesses     []ledger.Person      // the clinic's active clinicians and nurses
	Now           time.Time
}

// Ledger returns the clinic's ledger.
func (s *Service) Ledger(ctx context.Context, a service.Actor) (LedgerView, error) {
	if err := service.Authorize(a, service.ActLedgerRead); err != nil {
		return LedgerView{}, err
	}
	es, err := s.store.Read().LedgerEntries(ctx, a.ClinicID)
	if err != nil {
		return LedgerView{}, clinic.Wrap(err, "Could not read the ledger.")
	}
	l, err := ledger.Replay(es)
	if err != nil {
		return LedgerView{}, clinic.Wrap(err, "The stored ledger does not replay; it needs investigation.")
	}
	loc := s.clinicLocation(ctx, a.ClinicID)
	v := LedgerView{Containers: l.Containers(), Discrepancies: l.Discrepancies(loc, nil), Now: s.Now()}
	for i := len(es) - 1; i >= 0; i-- {
		v.Entries = append(v.Entries, es[i])
	}
	for _, d := range v.Discrepancies {
		if d.SettledBy == 0 {
			v.Open = append(v.Open, d)
		}
	}
	us, err := s.store.Read().Users(ctx, a.ClinicID)
	if err != nil {
		return LedgerView{}, clinic.Wrap(err, "Could not read the ledger.")
	}
	for _, u := range us {
		if !u.Disabled && (u.Role == clinic.RoleClinician || u.Role == clinic.RoleNurse) {
			v.Witnesses = append(v.Witnesses, ledger.Person{ID: u.ID, Name: u.Name, Role: u.Role})
		}
	}
	// Draws name the patient they were for: the read is on the record.
	if err := s.AuditRead(ctx, s.Entry(a, service.ActLedgerRead, 0)); err != nil {
		return LedgerView{}, err
	}
	return v, nil
}

// clinicLocation is the clinic's time zone for business-day deadlines
// (UTC when unknown).
func (s *Service) clinicLocation(ctx context.Context, clinicID int64) *time.Location {
	c, err := s.store.Read().Clinic(ctx, clinicID)
	if err != nil || c.Timezone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// DoseStockChoices are what the dose form offers: the containers of the
// session's drug in stock and not expired, and who else may witness waste.
type DoseStockChoices struct {
	Containers []ledger.Container
	Witnesses  []ledger.Person
}

// DoseStock lists the dose form's choices for a session's drug in one
// (audited) read of the ledger.
func (s *Service) DoseStock(ctx context.Context, a service.Actor, sessionDrug string) (DoseStockChoices, error) {
	v, err := s.Ledger(ctx, a)
	if err != nil {
		return DoseStockChoices{}, err
	}
	var out DoseStockChoices
	drug := ledgerDrug(sessionDrug)
	for _, c := range v.Containers {
		if c.Drug == drug && c.Balance > 0 && !c.Expired(v.Now) {
			out.Containers = append(out.Containers, c)
		}
	}
	for _, w := range v.Witnesses {
		if w.ID != a.UserID {
			out.Witnesses = append(out.Witnesses, w)
		}
	}
	return out, nil
}

func ledgerPerson(a service.Actor) ledger.Person {
	return ledger.Person{ID: a.UserID, Name: service.ActorName(a), Role: a.Role}
}

// ReceiveStock records stock received by invoice as a new container.
func (s *Service) ReceiveStock(ctx context.Context, a service.Actor, in LedgerReceiveInput) (ledger.Container, error) {
	if err := service.Authorize(a, service.ActLedgerRecord); err != nil {
		return ledger.Container{}, err
	}
	expires, err := clinic.LotExpiry.ParseDate(in.Expires, s.Now())
	if err != nil {
		return ledger.Container{}, err
	}
	e := ledger.Entry{Kind: ledger.Receive, At: s.Now(), Actor: ledgerPerson(a),
		Drug: ledger.Drug(strings.TrimSpace(in.Drug)), Form: ledger.Form(strings.TrimSpace(in.Form)),
		NDC: strings.TrimSpace(in.NDC), Lot: strings.TrimSpace(in.Lot),
		// The label's expiry date is the last day of use: the first instant
		// it may not be used is the next midnight (UTC).
		Expires: expires.AddDate(0, 0, 1), ConcentrationMgPerML: in.ConcentrationMgPerML,
		Mg: in.Mg, ML: in.ML, Units: in.Units, Invoice: strings.TrimSpace(in.Invoice),
		Supplier: strings.TrimSpace(in.Supplier), SupplierDEA: strings.TrimSpace(in.SupplierDEA)}
	if err := checkLedgerEntry(&e); err != nil { // before the container is stored
		return ledger.Container{}, err
	}
	var c ledger.Container
	err = s.store.WithTx(ctx, func(tx Tx) error {
		id, err := tx.CreateLedgerContainer(ctx, a.ClinicID, e, s.Now())
		if err != nil {
			return err
		}
		e.ContainerID = id
		l, _, err := s.appendLedger(ctx, tx, a, e, 0)
		if err != nil {
			return err
		}
		c, _ = l.Container(id)
		return nil
	})
	return c, clinic.Wrap(err, "Could not record the stock received.")
}

// checkLedgerEntry checks an entry's numbers and cleans its text before it
// is stored.
func checkLedgerEntry(e *ledger.Entry) error {
	if err := e.CheckNumbers(); err != nil {
		return err
	}
	return e.CleanText()
}

// appendLedger appends e inside tx: it locks the container, replays its
// entries, stores e, checks it against the replayed state and writes the
// audit row. Any refusal returns an error and the caller's transaction
// rolls back, so nothing is stored.
func (s *Service) appendLedger(ctx context.Context, tx service.LedgerTx, a service.Actor, e ledger.Entry, patientID int64) (*ledger.Ledger, ledger.Entry, error) {
	if err := checkLedgerEntry(&e); err != nil { // before the entry is stored
		return nil, e, err
	}
	if err := tx.LockLedgerContainer(ctx, a.ClinicID, e.ContainerID); err != nil {
		if clinic.ErrorCode(err) == clinic.NotFound {
			return nil, e, clinic.Errorf(clinic.NotFound, "Container %d is not in this clinic's stock.", e.ContainerID)
		}
		return nil, e, err
	}
	prior, err := tx.LedgerContainerEntries(ctx, a.ClinicID, e.ContainerID)
	if err != nil {
		return nil, e, err
	}
	l, err := ledger.Replay(prior)
	if err != nil {
		return nil, e, err
	}
	if e.ID, err = tx.CreateLedgerEntry(ctx, a.ClinicID, e, s.Now()); err != nil {
		return nil, e, err
	}
	if err := l.Apply(e); err != nil {
		return nil, e, err
	}
	au := s.Entry(a, service.ActLedgerRecord, patientID)
	au.RecordType, au.RecordID = recordLedgerEntry, e.ID
	return l, e, tx.AppendAudit(ctx, au)
}

// drawInTx draws mg from a container for an administration, inside the
// caller's transaction (the dose path uses it to draw with the dose).
func (s *Service) drawInTx(ctx context.Context, tx service.LedgerTx, a service.Actor, containerID, administrationID, patientID int64, mg float64, units int, at time.Time) (ledger.Entry, error) {
	e := ledger.Entry{Kind: ledger.Draw, At: at, ContainerID: containerID, Actor: ledgerPerson(a),
		AdministrationID: administrationID, PatientID: patientID, Mg: mg, Units: units}
	_, e, err := s.appendLedger(ctx, tx, a, e, patientID)
	return e, err
}

// DrawStock draws mg from a container for a dose administration already
// recorded for the patient.
func (s *Service) DrawStock(ctx context.Context, a service.Actor, containerID, administrationID, patientID int64, mg float64) (ledger.Entry, error) {
	if err := service.Authorize(a, service.ActLedgerRecord); err != nil {
		return ledger.Entry{}, err
	}
	var e ledger.Entry
	err := s.store.WithTx(ctx, func(tx Tx) error {
		as, err := tx.Administrations(ctx, a.ClinicID, patientID)
		if err != nil {
			return err
		}
		found := false
		for _, ad := range as {
			found = found || ad.ID == administrationID
		}
		if !found {
			return clinic.Errorf(clinic.NotFound, "Administration %d is not in this patient's record.", administrationID)
		}
		e, err = s.drawInTx(ctx, tx, a, containerID, administrationID, patientID, mg, 0, s.Now())
		return err
	})
	return e, clinic.Wrap(err, "Could not record the draw.")
}

// WasteStock records waste with a witness who confirms with their password.
func (s *Service) WasteStock(ctx context.Context, a service.Actor, in LedgerWasteInput) (ledger.Entry, error) {
	if err := service.Authorize(a, service.ActLedgerRecord); err != nil {
		return ledger.Entry{}, err
	}
	w, err := s.witnesses.ConfirmWitness(ctx, a, in.Witness)
	if err != nil {
		return ledger.Entry{}, err
	}
	var e ledger.Entry
	err = s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		e = ledger.Entry{Kind: ledger.Waste, At: s.Now(), ContainerID: in.ContainerID, Actor: ledgerPerson(a),
			Witnesses: []ledger.Person{w}, DrawID: in.DrawID, Mg: in.Mg, ML: in.ML, Units: in.Units,
			Reason: strings.TrimSpace(in.Reason)}
		_, e, err = s.appendLedger(ctx, tx, a, e, 0)
		return err
	})
	return e, clinic.Wrap(err, "Could not record the waste.")
}

// LedgerCountResult is a count and, when it disagreed with the book, the
// discrepancy with its loss-report deadlines.
type LedgerCountResult struct {
	Entry       ledger.Entry
	Discrepancy *ledger.Discrepancy
}

// CountStock records a physical count of one container. A count that
// disagrees with the book is kept and flagged: a shortage starts a DEA
// theft/loss report (notice within 1 business day, Form 106 within 45
// days, §5.4).
func (s *Service) CountStock(ctx context.Context, a service.Actor, in LedgerCountInput) (LedgerCountResult, error) {
	if err := service.Authorize(a, service.ActLedgerRecord); err != nil {
		return LedgerCountResult{}, err
	}
	if in.Mg < 0 || in.ML < 0 || in.Units < 0 {
		return LedgerCountResult{}, clinic.Errorf(clinic.Invalid, "A count cannot be negative.")
	}
	loc := s.clinicLocation(ctx, a.ClinicID)
	var res LedgerCountResult
	err := s.store.WithTx(ctx, func(tx Tx) error {
		e := ledger.Entry{Kind: ledger.Count, At: s.Now(), ContainerID: in.ContainerID, Actor: ledgerPerson(a),
			Mg: in.Mg, ML: in.ML, Units: in.Units, Estimated: in.Estimated, Reason: strings.TrimSpace(in.Reason)}
		l, e, err := s.appendLedger(ctx, tx, a, e, 0)
		if err != nil {
			return err
		}
		res.Entry = e
		for _, d := range l.Discrepancies(loc, nil) {
			if d.CountID == e.ID {
				res.Discrepancy = &d
			}
		}
		return nil
	})
	return res, clinic.Wrap(err, "Could not record the count.")
}

// ledgerEntry finds one of the clinic's ledger entries.
func ledgerEntry(ctx context.Context, q Queries, clinicID, id int64) (ledger.Entry, error) {
	all, err := q.LedgerEntries(ctx, clinicID)
	if err != nil {
		return ledger.Entry{}, err
	}
	for _, e := range all {
		if e.ID == id {
			return e, nil
		}
	}
	return ledger.Entry{}, clinic.Errorf(clinic.NotFound, "Ledger entry %d is not in this clinic's ledger.", id)
}

// CorrectLedgerEntry appends a correction: a new entry of the same kind on
// the same container that references the entry it replaces.
func (s *Service) CorrectLedgerEntry(ctx context.Context, a service.Actor, in LedgerCorrectionInput) (ledger.Entry, error) {
	if err := service.Authorize(a, service.ActLedgerRecord); err != nil {
		return ledger.Entry{}, err
	}
	if strings.TrimSpace(in.Reason) == "" {
		return ledger.Entry{}, clinic.Errorf(clinic.Invalid, "Write the reason for the correction.")
	}
	// Entries are append-only, so the entry read here is the one the
	// transaction corrects; the witness is confirmed before it opens.
	orig, err := ledgerEntry(ctx, s.store.Read(), a.ClinicID, in.EntryID)
	if err != nil {
		return ledger.Entry{}, clinic.Wrap(err, "Could not record the correction.")
	}
	if orig.Kind == ledger.Destroy {
		return ledger.Entry{}, clinic.Errorf(clinic.Invalid, "Correct a destruction on a new DEA Form 41 with its two witnesses.")
	}
	e := orig
	e.ID, e.Corrects, e.At, e.Actor = 0, orig.ID, s.Now(), ledgerPerson(a)
	e.Mg, e.ML, e.Units, e.Reason = in.Mg, in.ML, in.Units, strings.TrimSpace(in.Reason)
	if e.Kind == ledger.Waste || e.Kind == ledger.Adjust {
		w, err := s.witnesses.ConfirmWitness(ctx, a, in.Witness)
		if err != nil {
			return ledger.Entry{}, err
		}
		e.Witnesses = []ledger.Person{w}
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		_, e, err = s.appendLedger(ctx, tx, a, e, orig.PatientID)
		return err
	})
	return e, clinic.Wrap(err, "Could not record the correction.")
}
