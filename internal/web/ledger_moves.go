package web

import (
	"net/http"
	"strconv"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/custody"
)

// ledgerMove records a transfer, return or destruction from the ledger page.
func (s *Server) ledgerMove(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	fr := formOf(r)
	in := custody.LedgerMoveInput{Kind: fr.f.Get("kind"), ContainerID: int64(fr.int("container", "container")),
		Mg: fr.float("mg", "amount in mg"), ML: fr.float("ml", "volume in mL"), Units: fr.optInt("units", "number of devices"),
		Invoice: fr.f.Get("invoice"), Recipient: fr.f.Get("recipient"), RecipientDEA: fr.f.Get("recipient_dea"),
		Method: fr.f.Get("method"), Reason: fr.f.Get("reason"),
		Witnesses: [2]service.LedgerWitness{witnessOf(fr, "witness1", "first witness"), witnessOf(fr, "witness2", "second witness")}}
	if fr.err != nil {
		return s.ledgerDone(w, r, p, fr.err, "move", "")
	}
	e, err := s.svc.MoveStock(r.Context(), p.Actor, in)
	return s.ledgerDone(w, r, p, err, "move", "Recorded: "+string(e.Kind)+" from container "+strconv.FormatInt(in.ContainerID, 10)+".")
}

// ledgerInventory is the printable biennial inventory as of a day's
// opening or close of business (default: today, close of business).
func (s *Server) ledgerInventory(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	loc, err := s.svc.ClinicLocation(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	day := s.opts.Now().In(loc)
	if v := q.Get("date"); v != "" {
		if day, err = time.ParseInLocation(time.DateOnly, v, loc); err != nil {
			return clinic.Errorf(clinic.Invalid, "Give the inventory date as YYYY-MM-DD.")
		}
	}
	when, at := ledger.CloseOfBusiness, time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, loc)
	if q.Get("when") == "open" {
		when, at = ledger.OpenOfBusiness, time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
	}
	inv, err := s.svc.Inventory(r.Context(), p.Actor, at, when)
	if err != nil {
		return err
	}
	c, err := s.svc.Clinic(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "ledger_inventory", page{Title: "Controlled-substance inventory", Principal: p,
		Data: map[string]any{"Inventory": inv, "Clinic": c, "Date": day.Format(time.DateOnly), "Open": when == ledger.OpenOfBusiness,
			"TakenBy": p.Name}})
	return nil
}
