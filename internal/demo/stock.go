package demo

import (
	"fmt"
	"math"
	"time"

	"onset/internal/clinic"
	"onset/internal/protocol"
	"onset/internal/service"
	"onset/internal/service/custody"
)

// The controlled-substance ledger as the clinic keeps it from the go-live:
// stock received by invoice, every dose drawn from the container in use,
// the rest of an IV vial (one per patient) and of a multi-dose vial too
// small for a dose wasted with a second nurse as witness, a weekly
// count that agrees with the book, and a standing order delivered the
// morning after the sealed stock runs low.

// stockKind is a product the clinic keeps, for one route.
type stockKind struct {
	route   clinic.Route
	lot     string // lot number prefix
	drug    string
	form    string
	ndc     string  // illustrative National Drug Codes
	mgPerML float64 // vials
	ml      float64 // vials: mL in one
	units   int     // devices in one carton
	order   int     // containers in a delivery
	reorder int     // ordered again when fewer sealed ones are left
	single  bool    // one vial per dose, its rest wasted
}

var stockKinds = []stockKind{
	// Received in this order, so the ledger, which lists containers as
	// received, opens on a multi-dose vial in stock.
	// Ketamine 100 mg/mL, 10 mL: 10 mg sublingual doses (Lara 2013).
	{route: clinic.RouteSublingual, lot: "K100", drug: "ketamine", form: "vial", ndc: "0409-2051-20", mgPerML: 100, ml: 10, order: 1, reorder: 1},
	// Ketamine 50 mg/mL, 10 mL: IM injections.
	{route: clinic.RouteIM, lot: "K50", drug: "ketamine", form: "vial", ndc: "0409-2051-10", mgPerML: 50, ml: 10, order: 2, reorder: 1},
	// Spravato 28 mg devices, a carton of twelve.
	{route: clinic.RouteEsketamine, lot: "ESK", drug: "esketamine", form: "device", ndc: "50458-028-02", units: 12, order: 4, reorder: 2},
	// Ketamine 10 mg/mL, 10 mL vials, one per IV dose (the largest, 0.75
	// mg/kg at 125 kg, is 94 mg) into the bag; the rest is wasted.
	{route: clinic.RouteIV, lot: "K10", drug: "ketamine", form: "vial", ndc: "0409-2051-05", mgPerML: 10, ml: 10, order: 10, reorder: 5, single: true},
}

// container is one vial or carton on the shelf, as the nurses know it.
type container struct {
	id     int64
	kind   *stockKind
	left   float64 // mg in a vial, devices in a carton
	opened bool
}

func (c *container) devices() bool { return c.kind.form == "device" }

// need is how much of the container a dose of mg takes.
func (c *container) need(mg float64) float64 {
	if c.devices() {
		return mg / protocol.EsketamineDeviceMg
	}
	return mg
}

func (c *container) take(mg float64) {
	c.left = math.Round((c.left-c.need(mg))*1000) / 1000
	c.opened = true
}

// stock is the shelf, in the order received.
type stock struct {
	shelf      []*container
	deliveries int
}

// openingStock is the stock on the shelf at the go-live, received into the ledger.
func (s *sim) openingStock() error {
	for i := range stockKinds {
		if err := s.receive(&stockKinds[i]); err != nil {
			return err
		}
	}
	return nil
}

// receive records a delivery of k by invoice.
func (s *sim) receive(k *stockKind) error {
	s.stock.deliveries++
	n := s.stock.deliveries
	for range k.order {
		in := custody.LedgerReceiveInput{Drug: k.drug, Form: k.form, NDC: k.ndc,
			Lot: fmt.Sprintf("%s-%s-%02d", k.lot, s.clock.Now().Format("0601"), n), Expires: s.clock.Now().AddDate(1, 6, 0).Format(time.DateOnly),
			Invoice: fmt.Sprintf("DEMO-INV-%04d", n), Supplier: "Demo Medical Supply"}
		if k.form == "vial" {
			in.ConcentrationMgPerML, in.ML = k.mgPerML, k.ml
		} else {
			in.Units = k.units
		}
		c, err := s.svc.ReceiveStock(s.ctx, s.admin, in)
		if err != nil {
			return fmt.Errorf("receiving %s: %w", k.lot, err)
		}
		left := k.mgPerML * k.ml
		if k.form != "vial" {
			left = float64(k.units)
		}
		s.stock.shelf = append(s.stock.shelf, &container{id: c.ID, kind: k, left: left})
	}
	return nil
}

// draw finds the container a dose of mg on route comes from: the opened
// one if it holds enough, else — after wasting an opened vial's rest, with
// a second nurse as witness — the next sealed one; a sealed one for a
// single-use vial. nil when none is left.
func (s *sim) draw(route clinic.Route, mg float64, by service.Actor) (*container, error) {
	for _, c := range s.stock.shelf {
		if c.kind.route != route || c.left <= 0 || c.kind.single && c.opened {
			continue
		}
		if c.left >= c.need(mg)-1e-9 {
			return c, nil
		}
		if c.opened && !c.devices() {
			if err := s.wasteRest(c, by); err != nil {
				return nil, err
			}
		}
	}
	return nil, nil
}

// witness is a second nurse, who confirms with their password.
func (s *sim) witness(by service.Actor) service.LedgerWitness {
	w := s.nurses[0]
	if w.UserID == by.UserID {
		w = s.nurses[1]
	}
	return service.LedgerWitness{UserID: w.UserID, Password: Password}
}

// wasteRest wastes what is left in an opened vial, witnessed.
func (s *sim) wasteRest(c *container, by service.Actor) error {
	_, err := s.svc.WasteStock(s.ctx, by, custody.LedgerWasteInput{ContainerID: c.id, Mg: c.left,
		Reason: "rest of the vial, less than a dose", Witness: s.witness(by)})
	if err != nil {
		return s.refused(fmt.Sprintf("waste of container %d", c.id), err)
	}
	c.left = 0
	return nil
}

// planStock puts the standing order's deliveries (every clinic morning)
// and the weekly count (Friday evenings) on the agenda.
func (s *sim) planStock() {
	for _, d := range s.clinicDays() {
		s.at(d.Add(7*time.Hour+45*time.Minute), s.restock)
		if d.Weekday() == time.Friday {
			s.at(d.Add(17*time.Hour+15*time.Minute), s.count)
		}
	}
}

func (s *sim) restock() error {
	for i := range stockKinds {
		k := &stockKinds[i]
		sealed := 0
		for _, c := range s.stock.shelf {
			if c.kind == k && !c.opened && c.left > 0 {
				sealed++
			}
		}
		if sealed < k.reorder {
			if err := s.receive(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// count is a nurse counting every container in stock; the count agrees
// with the book, so the ledger reconciles.
func (s *sim) count() error {
	for _, c := range s.stock.shelf {
		if c.left <= 0 {
			continue
		}
		in := custody.LedgerCountInput{ContainerID: c.id}
		if c.devices() {
			in.Units = int(c.left)
		} else {
			in.Mg = c.left
		}
		res, err := s.svc.CountStock(s.ctx, s.nurses[0], in)
		if err != nil {
			return s.refused(fmt.Sprintf("count of container %d", c.id), err)
		}
		if res.Discrepancy != nil {
			return fmt.Errorf("container %d: the count disagrees with the book", c.id)
		}
	}
	return nil
}
