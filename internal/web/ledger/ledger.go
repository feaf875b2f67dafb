package ledger

import (
	"net/http"
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/custody"
	"onset/internal/web/page"
)

// The controlled-substance ledger page (issue 5, item 7): containers with
// running balances, the entries newest first, the receive, waste, count and
// correction forms, and a banner while a count disagrees with the book.

// ledgerRow is one container as the page shows it.
type ledgerRow struct {
	C       ledger.Container
	Expired bool
	Amount  string // balance in mg, with mL or devices
}

// ledgerLine is one entry as the page shows it.
type ledgerLine struct {
	E         ledger.Entry
	Qty       string
	Witnesses string
	Corrected bool
}

func ledgerQty(c ledger.Container, a ledger.Amount) string {
	s := a.String()
	switch c.Form {
	case ledger.Vial:
		if ml := c.ML(a); ml != 0 {
			s += " (" + strconv.FormatFloat(ml, 'f', -1, 64) + " mL)"
		}
	case ledger.Device:
		s += " (" + strconv.Itoa(c.Units(a)) + " devices)"
	}
	return s
}

func entryQty(e ledger.Entry) string {
	var parts []string
	if e.Mg != 0 {
		parts = append(parts, strconv.FormatFloat(e.Mg, 'f', -1, 64)+" mg")
	}
	if e.ML != 0 {
		parts = append(parts, strconv.FormatFloat(e.ML, 'f', -1, 64)+" mL")
	}
	if e.Units != 0 {
		parts = append(parts, strconv.Itoa(e.Units)+" devices")
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, ", ")
}

func (s *Pages) ledgerPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	pd := s.TakePending(r, p)
	which := pd.FormFor // a refused form is shown open, its error beside it
	// ?count=ID (a count due on the worklist): the count form open on it.
	var countID int64
	if v := r.URL.Query().Get("count"); v != "" && which == "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			which, countID = "count", n
		}
	}
	v, err := s.Svc.Ledger(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	byID := map[int64]ledger.Container{}
	var rows []ledgerRow
	for _, c := range v.Containers {
		byID[c.ID] = c
		rows = append(rows, ledgerRow{C: c, Expired: c.Expired(v.Now), Amount: ledgerQty(c, c.Balance)})
	}
	corrected := map[int64]bool{}
	for _, e := range v.Entries {
		if e.Corrects != 0 {
			corrected[e.Corrects] = true
		}
	}
	var lines []ledgerLine
	for _, e := range v.Entries {
		var ws []string
		for _, w := range e.Witnesses {
			ws = append(ws, w.Name)
		}
		lines = append(lines, ledgerLine{E: e, Qty: entryQty(e), Witnesses: strings.Join(ws, ", "), Corrected: corrected[e.ID]})
	}
	type openRow struct {
		D     ledger.Discrepancy
		Lot   string
		Diff  string
		Loss  *ledger.LossReport
		Book  string
		Found string
	}
	var open []openRow
	for _, d := range v.Open {
		c := byID[d.ContainerID]
		open = append(open, openRow{D: d, Lot: c.Lot, Diff: d.Diff.String(), Loss: d.Loss, Book: ledgerQty(c, d.Book), Found: ledgerQty(c, d.Counted)})
	}
	s.Render(w, r, http.StatusOK, "ledger", page.Page{Title: "Controlled-substance ledger", Principal: p, Flash: pd.Notice, Error: pd.Error,
		Data: map[string]any{"Containers": rows, "Entries": lines, "Open": open, "Witnesses": v.Witnesses,
			"Which": which, "Count": countID, "CanRecord": service.Allowed(p.Role, service.ActLedgerRecord)}})
	return nil
}

// ledgerDone redirects to the ledger after a stored entry, or after a
// refused one, which the page shows beside its form (the form named by
// the action's last path segment, which is also which).
func (s *Pages) ledgerDone(w http.ResponseWriter, r *http.Request, p *accounts.Principal, err error, which, done string) error {
	switch clinic.ErrorCode(err) {
	case clinic.NotFound, // a container or entry number that is not in the ledger
		clinic.Forbidden: // the ledger's rules: draws and waste by licensed staff only
		s.Refuse(w, r, p, "/ledger", clinic.ErrorMessage(err))
		return nil
	}
	if err != nil {
		return s.RedirectRefused(w, r, p, "/ledger", err)
	}
	s.RedirectDone(w, r, p, "/ledger", done)
	return nil
}

func (s *Pages) ledgerReceive(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	fr := page.FormOf(r)
	f := fr.F
	in := custody.LedgerReceiveInput{Drug: f.Get("drug"), Form: f.Get("form"), NDC: f.Get("ndc"), Lot: f.Get("lot"),
		Expires: f.Get("expires"), ConcentrationMgPerML: fr.Float("concentration", "concentration"),
		ML: fr.Float("ml", "volume in mL"), Units: fr.OptInt("units", "number of devices"),
		Invoice: f.Get("invoice"), Supplier: f.Get("supplier"), SupplierDEA: f.Get("supplier_dea")}
	if fr.Err != nil {
		return s.ledgerDone(w, r, p, fr.Err, "receive", "")
	}
	c, err := s.Svc.ReceiveStock(r.Context(), p.Actor, in)
	return s.ledgerDone(w, r, p, err, "receive", "Received lot "+c.Lot+" as container "+strconv.FormatInt(c.ID, 10)+".")
}

func (s *Pages) ledgerCount(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	fr := page.FormOf(r)
	in := custody.LedgerCountInput{ContainerID: int64(fr.Int("container", "container")), ML: fr.Float("ml", "volume in mL"),
		Mg: fr.Float("mg", "amount in mg"), Units: fr.OptInt("units", "number of devices"), Estimated: fr.Check("estimated"),
		Reason: fr.F.Get("note")}
	if fr.Err != nil {
		return s.ledgerDone(w, r, p, fr.Err, "count", "")
	}
	res, err := s.Svc.CountStock(r.Context(), p.Actor, in)
	done := "Count recorded: it agrees with the book."
	if d := res.Discrepancy; d != nil {
		done = "Count recorded: " + d.Problem + " of " + d.Diff.String() + " against the book. See the banner."
	}
	return s.ledgerDone(w, r, p, err, "count", done)
}

func (s *Pages) ledgerWaste(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	fr := page.FormOf(r)
	in := custody.LedgerWasteInput{ContainerID: int64(fr.Int("container", "container")),
		DrawID: int64(fr.OptInt("draw", "draw entry number")), Mg: fr.Float("mg", "amount in mg"),
		ML: fr.Float("ml", "volume in mL"), Units: fr.OptInt("units", "number of devices"), Reason: fr.F.Get("reason"),
		Witness: page.WitnessOf(fr, "witness", "witness")}
	if fr.Err != nil {
		return s.ledgerDone(w, r, p, fr.Err, "waste", "")
	}
	_, err := s.Svc.WasteStock(r.Context(), p.Actor, in)
	return s.ledgerDone(w, r, p, err, "waste", "Waste recorded with its witness.")
}

func (s *Pages) ledgerCorrect(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	fr := page.FormOf(r)
	in := custody.LedgerCorrectionInput{EntryID: int64(fr.Int("entry", "entry number")), Mg: fr.Float("mg", "amount in mg"),
		ML: fr.Float("ml", "volume in mL"), Units: fr.OptInt("units", "number of devices"), Reason: fr.F.Get("reason"),
		Witness: page.WitnessOf(fr, "witness", "witness")}
	if fr.Err != nil {
		return s.ledgerDone(w, r, p, fr.Err, "correct", "")
	}
	e, err := s.Svc.CorrectLedgerEntry(r.Context(), p.Actor, in)
	return s.ledgerDone(w, r, p, err, "correct", "Correction recorded as entry "+strconv.FormatInt(e.ID, 10)+".")
}
