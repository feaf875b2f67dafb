package ledger

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"onset/internal/clinic"
)

// Container is one vial or package of devices with its running balance.
type Container struct {
	ID                   int64
	Drug                 Drug
	NDC                  string
	Lot                  string
	Expires              time.Time
	Form                 Form
	ConcentrationMgPerML float64
	UnitMg               float64
	Invoice              string
	Supplier             string
	ReceivedAt           time.Time
	Received             Amount // as received (after corrections)
	Balance              Amount // what the book says is in it now
	Opened               bool   // anything drawn or wasted from it
}

// ML is a in millilitres at the container's concentration (vials only).
func (c Container) ML(a Amount) float64 {
	if c.Form != Vial || c.ConcentrationMgPerML <= 0 {
		return 0
	}
	return a.Mg() / c.ConcentrationMgPerML
}

// Units is a in whole devices (devices only).
func (c Container) Units(a Amount) int {
	if c.Form != Device || c.UnitMg <= 0 {
		return 0
	}
	return int(a / Mg(c.UnitMg))
}

// Expired reports whether the lot may not be used at t.
func (c Container) Expired(t time.Time) bool { return !t.Before(c.Expires) }

// LastDay is the expiry date as printed on the lot: the last day it may be
// used. Expires is the first instant after it; every page and message
// shows LastDay, so the date is the same everywhere.
func (c Container) LastDay() string { return lastDay(c.Expires) }

func lastDay(expires time.Time) string {
	if expires.IsZero() {
		return ""
	}
	return expires.AddDate(0, 0, -1).Format(time.DateOnly)
}

// applied is an entry with what the ledger worked out from it.
type applied struct {
	e           Entry
	amount      Amount // resolved quantity (signed for adjust)
	effect      Amount // change to the container's balance
	root        int64  // first entry of its correction chain
	correctedBy int64
	book        Amount // count: the book balance when counted
}

// Ledger is the replayed state of a clinic's (or one container's) ledger.
// The zero value is not usable; call New or Replay.
type Ledger struct {
	last       int64
	containers map[int64]*Container
	entries    map[int64]*applied
	drawLeft   map[int64]Amount // by draw chain root: drawn less wasted
	settledBy  map[int64]int64  // count chain root → adjustment chain root
	order      []int64
}

// New returns an empty ledger.
func New() *Ledger {
	return &Ledger{
		containers: map[int64]*Container{},
		entries:    map[int64]*applied{},
		drawLeft:   map[int64]Amount{},
		settledBy:  map[int64]int64{},
	}
}

// Replay applies entries in ID order to a new ledger. It stops at the first
// entry that breaks a rule and returns that error.
func Replay(entries []Entry) (*Ledger, error) {
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b Entry) int { return cmp.Compare(a.ID, b.ID) })
	l := New()
	for _, e := range sorted {
		if err := l.Apply(e); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// Balance replays entries and returns one container's balance.
func Balance(entries []Entry, containerID int64) (Amount, error) {
	l, err := Replay(entries)
	if err != nil {
		return 0, err
	}
	c, ok := l.Container(containerID)
	if !ok {
		return 0, clinic.Errorf(clinic.NotFound, "container %d is not in the ledger", containerID)
	}
	return c.Balance, nil
}

// Container returns a copy of one container's state.
func (l *Ledger) Container(id int64) (Container, bool) {
	c, ok := l.containers[id]
	if !ok {
		return Container{}, false
	}
	return *c, true
}

// Containers returns every container, by ID.
func (l *Ledger) Containers() []Container {
	out := make([]Container, 0, len(l.containers))
	for _, c := range l.containers {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Container) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Entries returns the applied entries in ID order.
func (l *Ledger) Entries() []Entry {
	out := make([]Entry, len(l.order))
	for i, id := range l.order {
		out[i] = l.entries[id].e
	}
	return out
}

// Effective reports whether entry id is in force: applied and not
// replaced by a correction.
func (l *Ledger) Effective(id int64) bool {
	a, ok := l.entries[id]
	return ok && a.correctedBy == 0
}

// Administered returns what a draw (given by any ID in its correction
// chain) delivered to the patient: drawn less wasted. ok is false when id
// is not a draw.
func (l *Ledger) Administered(drawID int64) (Amount, bool) {
	a, ok := l.entries[drawID]
	if !ok || a.e.Kind != Draw {
		return 0, false
	}
	return l.drawLeft[a.root], true
}

func bad(format string, args ...any) error { return clinic.Errorf(clinic.Invalid, format, args...) }

// Apply checks e against the ledger and, when every rule holds, records it.
// On error the ledger is unchanged.
func (l *Ledger) Apply(e Entry) error {
	if e.ID <= l.last {
		return bad("entry %d is out of order: the ledger is at entry %d and only appends", e.ID, l.last)
	}
	if e.At.IsZero() {
		return bad("entry %d: the time it happened is required", e.ID)
	}
	if !slices.Contains(Kinds, e.Kind) {
		return bad("entry %d: %q is not a ledger entry kind", e.ID, e.Kind)
	}
	if e.ContainerID <= 0 {
		return bad("entry %d: a container is required", e.ID)
	}
	if err := e.CheckNumbers(); err != nil {
		return err
	}
	if err := checkActor(e); err != nil {
		return err
	}

	var orig *applied
	if e.Corrects != 0 {
		var err error
		if orig, err = l.correctable(e); err != nil {
			return err
		}
	}

	c, exists := l.containers[e.ContainerID]
	if e.Kind == Receive {
		if exists && orig == nil {
			return clinic.Errorf(clinic.Conflict, "container %d has already been received; correct entry %d instead", e.ContainerID, l.receiptOf(e.ContainerID))
		}
		nc, err := containerFrom(e, orig != nil)
		if err != nil {
			return err
		}
		if exists {
			if nc.Drug != c.Drug || nc.Form != c.Form {
				return bad("entry %d: a correction cannot change the drug or form of container %d; return it and receive a new one", e.ID, c.ID)
			}
			nc.Balance, nc.Opened = c.Balance, c.Opened
		}
		c = &nc
	} else if !exists {
		return clinic.Errorf(clinic.NotFound, "container %d is not in stock: no receipt is recorded for it", e.ContainerID)
	} else {
		cp := *c
		c = &cp
	}

	a := &applied{e: e, root: e.ID}
	if orig != nil {
		a.root = orig.root
	}
	plan, err := l.rules(e, orig, c, a)
	if err != nil {
		return err
	}

	// Balance: the correction's effect replaces the original's.
	bal := c.Balance + a.effect
	if orig != nil {
		bal -= orig.effect
	}
	if bal < 0 {
		have := c.Balance
		if orig != nil {
			have -= orig.effect
		}
		return clinic.Errorf(clinic.Conflict, "container %d (lot %s) holds %s; entry %d would take it below zero", c.ID, c.Lot, have, e.ID)
	}
	c.Balance = bal
	if e.Kind == Receive {
		c.Received = a.amount
	}

	// Commit.
	l.containers[c.ID] = c
	l.entries[e.ID] = a
	l.order = append(l.order, e.ID)
	l.last = e.ID
	if orig != nil {
		orig.correctedBy = e.ID
	}
	if plan != nil {
		plan()
	}
	return nil
}

func (l *Ledger) receiptOf(container int64) int64 {
	for _, id := range l.order {
		if a := l.entries[id]; a.e.Kind == Receive && a.e.ContainerID == container && a.correctedBy == 0 {
			return id
		}
	}
	return 0
}

// correctable finds the entry e corrects and checks that e may replace it.
func (l *Ledger) correctable(e Entry) (*applied, error) {
	orig, ok := l.entries[e.Corrects]
	switch {
	case !ok:
		return nil, clinic.Errorf(clinic.NotFound, "entry %d corrects entry %d, which is not in the ledger", e.ID, e.Corrects)
	case orig.correctedBy != 0:
		return nil, clinic.Errorf(clinic.Conflict, "entry %d was already corrected by entry %d; correct that one instead", e.Corrects, orig.correctedBy)
	case orig.e.Kind != e.Kind:
		return nil, bad("entry %d is a %s and cannot be corrected by a %s", e.Corrects, orig.e.Kind, e.Kind)
	case orig.e.ContainerID != e.ContainerID:
		return nil, bad("entry %d is for container %d; a correction must stay on the same container", e.Corrects, orig.e.ContainerID)
	case strings.TrimSpace(e.Reason) == "":
		return nil, bad("entry %d: a correction needs a reason", e.ID)
	}
	return orig, nil
}

func checkActor(e Entry) error {
	if e.Actor.ID <= 0 {
		return bad("entry %d: the person recording it is required", e.ID)
	}
	switch e.Kind {
	case Draw, Waste, Destroy:
		if !licensed(e.Actor.Role) {
			return clinic.Errorf(clinic.Forbidden, "a %s must be recorded by a clinician or nurse, not %s", e.Kind, roleName(e.Actor.Role))
		}
	default:
		if !staffRole(e.Actor.Role) {
			return clinic.Errorf(clinic.Forbidden, "a %s must be recorded by a clinician, nurse or admin, not %s", e.Kind, roleName(e.Actor.Role))
		}
	}
	return nil
}

func roleName(r clinic.Role) string {
	if r == "" {
		return "an account without a role"
	}
	return "a " + string(r)
}

// checkWitnesses: n distinct licensed witnesses; with actorMay false, none
// of them is the actor.
func checkWitnesses(e Entry, n int, actorMay bool) error {
	if len(e.Witnesses) != n {
		word := "a witness"
		if n > 1 {
			word = "two witnesses"
		}
		return bad("entry %d: a %s needs %s (%d given)", e.ID, e.Kind, word, len(e.Witnesses))
	}
	seen := map[int64]bool{}
	for _, w := range e.Witnesses {
		switch {
		case w.ID <= 0:
			return bad("entry %d: each witness must be a staff member", e.ID)
		case !actorMay && w.ID == e.Actor.ID:
			return bad("entry %d: the witness must be a second person, not the one recording the %s", e.ID, e.Kind)
		case seen[w.ID]:
			return bad("entry %d: the two witnesses must be different people", e.ID)
		case !licensed(w.Role):
			return clinic.Errorf(clinic.Forbidden, "entry %d: a witness must be a clinician or nurse, not %s", e.ID, roleName(w.Role))
		}
		seen[w.ID] = true
	}
	return nil
}

// containerFrom builds a container from a receipt.
func containerFrom(e Entry, correction bool) (Container, error) {
	c := Container{
		ID: e.ContainerID, Drug: e.Drug, NDC: strings.TrimSpace(e.NDC), Lot: strings.TrimSpace(e.Lot),
		Expires: e.Expires, Form: e.Form, ConcentrationMgPerML: e.ConcentrationMgPerML, UnitMg: e.UnitMg,
		Invoice: strings.TrimSpace(e.Invoice), Supplier: strings.TrimSpace(e.Supplier), ReceivedAt: e.At,
	}
	switch {
	case c.Drug != Ketamine && c.Drug != Esketamine:
		return c, bad("receipt %d: the drug must be ketamine or esketamine, not %q", e.ID, e.Drug)
	case !ValidNDC(c.NDC):
		return c, bad("receipt %d: NDC %q is not a National Drug Code such as 50458-028-02", e.ID, e.NDC)
	case c.Lot == "":
		return c, bad("receipt %d: the lot number is required", e.ID)
	case c.Expires.IsZero():
		return c, bad("receipt %d: the expiry date is required", e.ID)
	case !correction && c.Expired(e.At):
		return c, bad("receipt %d: lot %s expired on %s, before it was received", e.ID, c.Lot, c.LastDay())
	case c.Invoice == "":
		return c, bad("receipt %d: the invoice number is required (Schedule III stock moves by invoice)", e.ID)
	case c.Supplier == "":
		return c, bad("receipt %d: the supplier is required", e.ID)
	}
	switch c.Form {
	case Vial:
		if c.Drug == Esketamine {
			return c, bad("receipt %d: esketamine comes as nasal spray devices, not vials", e.ID)
		}
		if !(c.ConcentrationMgPerML > 0 && c.ConcentrationMgPerML <= 100) {
			return c, bad("receipt %d: a vial's concentration must be between 0 and 100 mg/mL (ketamine vials are 10, 50 or 100 mg/mL), not %s", e.ID, fmtNum(c.ConcentrationMgPerML))
		}
		if e.Units != 0 {
			return c, bad("receipt %d: give a vial's quantity in mg or mL, not units", e.ID)
		}
	case Device:
		if c.UnitMg == 0 && c.Drug == Esketamine {
			c.UnitMg = EsketamineDeviceMg
		}
		if c.UnitMg <= 0 {
			return c, bad("receipt %d: the mg per device is required", e.ID)
		}
		if c.Drug == Esketamine && c.UnitMg != EsketamineDeviceMg {
			return c, bad("receipt %d: an esketamine device holds %d mg, not %s", e.ID, EsketamineDeviceMg, fmtNum(c.UnitMg))
		}
		if e.ML != 0 || c.ConcentrationMgPerML != 0 {
			return c, bad("receipt %d: give devices as a count of units, not mL", e.ID)
		}
	default:
		return c, bad("receipt %d: the form must be vial or device, not %q", e.ID, e.Form)
	}
	return c, nil
}

// quantity resolves the mg, mL and units an entry gives into an Amount.
// signed allows a negative quantity (adjust); zero allows 0.
func quantity(e Entry, c *Container, zero, signed bool) (Amount, error) {
	var got []Amount
	if e.Mg != 0 {
		got = append(got, Mg(e.Mg))
	}
	if e.ML != 0 {
		if c.Form != Vial {
			return 0, bad("entry %d: container %d holds devices; give whole units, not mL", e.ID, c.ID)
		}
		got = append(got, Mg(e.ML*c.ConcentrationMgPerML))
	}
	if e.Units != 0 {
		if c.Form != Device {
			return 0, bad("entry %d: container %d is a vial; give mg or mL, not units", e.ID, c.ID)
		}
		got = append(got, Amount(e.Units)*Mg(c.UnitMg))
	}
	var a Amount
	for i, g := range got {
		if i > 0 && g != a {
			return 0, bad("entry %d: the quantities disagree (%s vs %s at %s mg/mL)", e.ID, a, g, fmtNum(c.ConcentrationMgPerML))
		}
		a = g
	}
	switch {
	case a == 0 && !zero:
		return 0, bad("entry %d: the quantity is required", e.ID)
	case a < 0 && !signed:
		return 0, bad("entry %d: the quantity must be positive", e.ID)
	}
	if c.Form == Device && a%Mg(c.UnitMg) != 0 {
		return 0, bad("entry %d: %s is not a whole number of %s mg devices", e.ID, a, fmtNum(c.UnitMg))
	}
	return a, nil
}

// rules applies the kind's rules, fills a.amount and a.effect, and returns
// the commit step for the kind's own bookkeeping (run only on success).
func (l *Ledger) rules(e Entry, orig *applied, c *Container, a *applied) (func(), error) {
	corr := orig != nil
	var err error
	switch e.Kind {
	case Receive:
		if a.amount, err = quantity(e, c, false, false); err != nil {
			return nil, err
		}
		a.effect = a.amount
		return nil, nil

	case Draw:
		if e.AdministrationID <= 0 {
			return nil, bad("entry %d: a draw must name the dose administration it is for", e.ID)
		}
		if corr && orig.e.AdministrationID != e.AdministrationID {
			return nil, bad("entry %d: a correction keeps the draw's administration (%d)", e.ID, orig.e.AdministrationID)
		}
		if !corr && c.Expired(e.At) {
			return nil, bad("lot %s in container %d expired on %s and cannot be drawn", c.Lot, c.ID, c.LastDay())
		}
		if a.amount, err = quantity(e, c, corr, false); err != nil {
			return nil, err
		}
		a.effect = -a.amount
		left := a.amount
		if corr {
			wasted := orig.amount - l.drawLeft[a.root]
			left = a.amount - wasted
			if left < 0 {
				return nil, clinic.Errorf(clinic.Conflict, "draw %d already has %s wasted against it; the corrected draw cannot be less", e.Corrects, wasted)
			}
		}
		c.Opened = true
		return func() { l.drawLeft[a.root] = left }, nil

	case Waste:
		if err := checkWitnesses(e, 1, false); err != nil {
			return nil, err
		}
		if a.amount, err = quantity(e, c, corr, false); err != nil {
			return nil, err
		}
		if corr && orig.e.DrawID != e.DrawID {
			return nil, bad("entry %d: a correction keeps the waste's draw (%d)", e.ID, orig.e.DrawID)
		}
		if e.DrawID == 0 {
			a.effect = -a.amount
			c.Opened = true
			return nil, nil
		}
		d, ok := l.entries[e.DrawID]
		if !ok || d.e.Kind != Draw {
			return nil, clinic.Errorf(clinic.NotFound, "entry %d: draw %d is not in the ledger", e.ID, e.DrawID)
		}
		if d.e.ContainerID != e.ContainerID {
			return nil, bad("entry %d: draw %d is from container %d, not %d", e.ID, e.DrawID, d.e.ContainerID, e.ContainerID)
		}
		left := l.drawLeft[d.root]
		if corr {
			left += orig.amount
		}
		if a.amount > left {
			return nil, clinic.Errorf(clinic.Conflict, "entry %d: only %s of draw %d is left to waste", e.ID, left, e.DrawID)
		}
		return func() { l.drawLeft[d.root] = left - a.amount }, nil

	case Transfer, Return:
		if strings.TrimSpace(e.Supplier) == "" {
			return nil, bad("entry %d: a %s must name who receives the stock", e.ID, e.Kind)
		}
		if strings.TrimSpace(e.Invoice) == "" {
			return nil, bad("entry %d: a %s needs an invoice number (Schedule III stock moves by invoice)", e.ID, e.Kind)
		}
		if a.amount, err = quantity(e, c, corr, false); err != nil {
			return nil, err
		}
		a.effect = -a.amount
		return nil, nil

	case Destroy:
		if err := checkWitnesses(e, 2, true); err != nil {
			return nil, err
		}
		if strings.TrimSpace(e.Method) == "" {
			return nil, bad("entry %d: say how the stock was rendered non-retrievable (DEA Form 41)", e.ID)
		}
		if strings.TrimSpace(e.Reason) == "" {
			return nil, bad("entry %d: a destruction needs a reason (expired, contaminated, ...)", e.ID)
		}
		if a.amount, err = quantity(e, c, corr, false); err != nil {
			return nil, err
		}
		a.effect = -a.amount
		return nil, nil

	case Count:
		if err := CheckCountable(*c, e.Estimated); err != nil {
			return nil, err
		}
		if a.amount, err = quantity(e, c, true, false); err != nil {
			return nil, err
		}
		a.book = c.Balance
		if corr {
			if adj, ok := l.settledBy[a.root]; ok {
				return nil, clinic.Errorf(clinic.Conflict, "count %d was settled by adjustment %d; correct the adjustment first", e.Corrects, adj)
			}
			a.book = orig.book
		}
		return nil, nil

	case Adjust:
		if err := checkWitnesses(e, 1, false); err != nil {
			return nil, err
		}
		if strings.TrimSpace(e.Reason) == "" {
			return nil, bad("entry %d: an adjustment needs the outcome of the investigation as its reason", e.ID)
		}
		cnt, ok := l.entries[e.CountID]
		switch {
		case !ok || cnt.e.Kind != Count:
			return nil, clinic.Errorf(clinic.NotFound, "entry %d: count %d is not in the ledger", e.ID, e.CountID)
		case cnt.correctedBy != 0:
			return nil, bad("entry %d: count %d was corrected by entry %d; adjust to that one", e.ID, e.CountID, cnt.correctedBy)
		case cnt.e.ContainerID != e.ContainerID:
			return nil, bad("entry %d: count %d is of container %d, not %d", e.ID, e.CountID, cnt.e.ContainerID, e.ContainerID)
		case corr && orig.e.CountID != e.CountID:
			return nil, bad("entry %d: a correction keeps the adjustment's count (%d)", e.ID, orig.e.CountID)
		}
		if by, done := l.settledBy[cnt.root]; done && !(corr && by == a.root) {
			return nil, clinic.Errorf(clinic.Conflict, "count %d was already settled by adjustment %d", e.CountID, by)
		}
		diff := cnt.amount - cnt.book
		if diff == 0 {
			return nil, bad("entry %d: count %d agreed with the book; there is nothing to adjust", e.ID, e.CountID)
		}
		if a.amount, err = quantity(e, c, corr, true); err != nil {
			return nil, err
		}
		if a.amount != 0 && a.amount != diff {
			return nil, bad("entry %d: count %d differed from the book by %s; the adjustment must be exactly that", e.ID, e.CountID, signed(diff))
		}
		a.effect = a.amount
		root := cnt.root
		if a.amount == 0 {
			return func() { delete(l.settledBy, root) }, nil
		}
		return func() { l.settledBy[root] = a.root }, nil
	}
	return nil, bad("entry %d: %q is not a ledger entry kind", e.ID, e.Kind)
}

func signed(a Amount) string {
	if a > 0 {
		return "+" + a.String()
	}
	return a.String()
}
