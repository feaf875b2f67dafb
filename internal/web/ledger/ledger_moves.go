package ledger

import (
	"net/http"
	"strconv"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/custody"
	"onset/internal/web/page"
)

// ledgerMove records a transfer, return or destruction from the ledger page.
func (s *Pages) ledgerMove(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	fr := page.FormOf(r)
	in := custody.LedgerMoveInput{Kind: fr.F.Get("kind"), ContainerID: int64(fr.Int("container", "container")),
		Mg: fr.Float("mg", "amount in mg"), ML: fr.Float("ml", "volume in mL"), Units: fr.OptInt("units", "number of devices"),
		Invoice: fr.F.Get("invoice"), Recipient: fr.F.Get("recipient"), RecipientDEA: fr.F.Get("recipient_dea"),
		Method: fr.F.Get("method"), Reason: fr.F.Get("reason"),
		Witnesses: [2]service.LedgerWitness{page.WitnessOf(fr, "witness1", "first witness"), page.WitnessOf(fr, "witness2", "second witness")}}
	if fr.Err != nil {
		return s.ledgerDone(w, r, p, fr.Err, "move", "")
	}
	e, err := s.Svc.MoveStock(r.Context(), p.Actor, in)
	return s.ledgerDone(w, r, p, err, "move", "Recorded: "+string(e.Kind)+" from container "+strconv.FormatInt(in.ContainerID, 10)+".")
}

// ledgerInventory is the printable biennial inventory as of a day's
// opening or close of business (default: today, close of business).
func (s *Pages) ledgerInventory(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	loc, err := s.Svc.ClinicLocation(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	day := s.Now().In(loc)
	if v := q.Get("date"); v != "" {
		if day, err = time.ParseInLocation(time.DateOnly, v, loc); err != nil {
			return clinic.Errorf(clinic.Invalid, "Give the inventory date as YYYY-MM-DD.")
		}
	}
	when, at := ledger.CloseOfBusiness, time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, loc)
	if q.Get("when") == "open" {
		when, at = ledger.OpenOfBusiness, time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
	}
	inv, err := s.Svc.Inventory(r.Context(), p.Actor, at, when)
	if err != nil {
		return err
	}
	c, err := s.Svc.Clinic(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "ledger_inventory", page.Page{Title: "Controlled-substance inventory", Principal: p,
		Data: map[string]any{"Inventory": inv, "Clinic": c, "Date": day.Format(time.DateOnly), "Open": when == ledger.OpenOfBusiness,
			"TakenBy": p.Name}})
	return nil
}
