package schedule

import (
	"cmp"
	"slices"
	"time"

	"onset/internal/clinic"
)

// Calendar indexes the bookings of a period for fast availability checks.
// It is a value the caller owns: build it, query it, Book and Cancel on it;
// it reads no clock and keeps no global state. Queries (Check, Slots,
// FindSeries, PlaceSeries, Offers) do not change it and may run
// concurrently; Book and Cancel must not run alongside anything else.
type Calendar struct {
	hours     Hours
	types     map[Kind]AppointmentType
	resources []Resource // by ID
	providers []Provider // by ID
	resIdx    map[int64]int
	provIdx   map[int64]int
	res       []track
	prov      []track
	patient   map[int64]*track
	bookings  map[int64]Booking
	closed    map[int]bool // local day numbers
}

// NewCalendar validates the clinic's set-up and indexes its bookings.
// Existing bookings are taken as they are (they were checked when made);
// their chair or room and provider must exist. A booking's ProviderID may
// be 0 when no provider is held.
func NewCalendar(h Hours, types []AppointmentType, resources []Resource, providers []Provider, bookings []Booking) (*Calendar, error) {
	if err := h.validate(); err != nil {
		return nil, err
	}
	c := &Calendar{
		hours: h, types: map[Kind]AppointmentType{}, resIdx: map[int64]int{}, provIdx: map[int64]int{},
		patient: make(map[int64]*track, len(bookings)/4), bookings: make(map[int64]Booking, len(bookings)), closed: map[int]bool{},
	}
	for _, d := range h.Closed {
		y, m, dd := d.Date()
		c.closed[dayNumber(time.Date(y, m, dd, 12, 0, 0, 0, h.Location), h.Location)] = true
	}
	for _, t := range types {
		if err := t.Validate(); err != nil {
			return nil, err
		}
		if _, dup := c.types[t.Kind]; dup {
			return nil, clinic.Errorf(clinic.Invalid, "appointment type %s is listed twice", t.Kind)
		}
		c.types[t.Kind] = t
	}
	c.resources = slices.Clone(resources)
	slices.SortFunc(c.resources, func(a, b Resource) int { return cmp.Compare(a.ID, b.ID) })
	for i, r := range c.resources {
		if r.ID <= 0 || (i > 0 && c.resources[i-1].ID == r.ID) {
			return nil, clinic.Errorf(clinic.Invalid, "chair or room %d: IDs must be positive and unique", r.ID)
		}
		if r.Kind != Chair && r.Kind != Room {
			return nil, clinic.Errorf(clinic.Invalid, "%s: a resource is a chair or a room", r.Name)
		}
		c.resIdx[r.ID] = i
	}
	c.providers = slices.Clone(providers)
	slices.SortFunc(c.providers, func(a, b Provider) int { return cmp.Compare(a.ID, b.ID) })
	for i, p := range c.providers {
		if p.ID <= 0 || (i > 0 && c.providers[i-1].ID == p.ID) {
			return nil, clinic.Errorf(clinic.Invalid, "provider %d: IDs must be positive and unique", p.ID)
		}
		for _, w := range p.Hours {
			if err := w.validate("hours of " + p.Name); err != nil {
				return nil, err
			}
		}
		c.provIdx[p.ID] = i
	}
	c.res = make([]track, len(c.resources))
	c.prov = make([]track, len(c.providers))
	for _, b := range bookings {
		if err := c.known(b); err != nil {
			return nil, err
		}
		c.push(b)
	}
	for i := range c.res {
		c.res[i].build()
	}
	for i := range c.prov {
		c.prov[i].build()
	}
	for _, t := range c.patient {
		t.build()
	}
	return c, nil
}

func (c *Calendar) known(b Booking) error {
	if b.ID <= 0 {
		return clinic.Errorf(clinic.Invalid, "a booking needs a positive ID")
	}
	if _, dup := c.bookings[b.ID]; dup {
		return clinic.Errorf(clinic.Conflict, "booking %d is already in the calendar", b.ID)
	}
	if _, ok := c.resIdx[b.ResourceID]; !ok && !(b.Video && b.ResourceID == 0) {
		return clinic.Errorf(clinic.NotFound, "booking %d: chair or room %d does not exist", b.ID, b.ResourceID)
	}
	if _, ok := c.provIdx[b.ProviderID]; !ok && b.ProviderID != 0 {
		return clinic.Errorf(clinic.NotFound, "booking %d: provider %d does not exist", b.ID, b.ProviderID)
	}
	if !b.Start.Before(b.End) || b.ProviderEnd.Before(b.Start) || b.ProviderEnd.After(b.End) {
		return clinic.Errorf(clinic.Invalid, "booking %d: its times are out of order", b.ID)
	}
	return nil
}

func spanOf(s, e time.Time) span { return span{s.UnixNano(), e.UnixNano()} }

// push appends b's spans unsorted; build sorts them.
func (c *Calendar) push(b Booking) {
	c.bookings[b.ID] = b
	if ri, ok := c.resIdx[b.ResourceID]; ok { // a video visit holds none
		c.res[ri].spans = append(c.res[ri].spans, spanOf(b.Start, b.End))
	}
	if i, ok := c.provIdx[b.ProviderID]; ok && b.ProviderEnd.After(b.Start) {
		c.prov[i].spans = append(c.prov[i].spans, spanOf(b.Start, b.ProviderEnd))
	}
	if b.PatientID != 0 {
		t := c.patient[b.PatientID]
		if t == nil {
			t = &track{}
			c.patient[b.PatientID] = t
		}
		t.spans = append(t.spans, spanOf(b.Start, b.End))
	}
}

func (c *Calendar) add(b Booking) {
	c.bookings[b.ID] = b
	if ri, ok := c.resIdx[b.ResourceID]; ok { // a video visit holds none
		c.res[ri].add(spanOf(b.Start, b.End))
	}
	if i, ok := c.provIdx[b.ProviderID]; ok && b.ProviderEnd.After(b.Start) {
		c.prov[i].add(spanOf(b.Start, b.ProviderEnd))
	}
	if b.PatientID != 0 {
		t := c.patient[b.PatientID]
		if t == nil {
			t = &track{}
			c.patient[b.PatientID] = t
		}
		t.add(spanOf(b.Start, b.End))
	}
}

// Location is the clinic's time zone.
func (c *Calendar) Location() *time.Location { return c.hours.Location }

// Type returns an appointment type by kind.
func (c *Calendar) Type(k Kind) (AppointmentType, bool) {
	t, ok := c.types[k]
	return t, ok
}

// Booking returns a booking by ID.
func (c *Calendar) Booking(id int64) (Booking, bool) {
	b, ok := c.bookings[id]
	return b, ok
}

// Bookings returns every booking overlapping [from, to), by start, chair
// or room, then ID.
func (c *Calendar) Bookings(from, to time.Time) []Booking {
	var out []Booking
	w := Interval{from, to}
	for _, b := range c.bookings {
		if w.Overlaps(Interval{b.Start, b.End}) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b Booking) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ResourceID, b.ResourceID), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// SlotAt builds the slot of kind k starting at start in the given chair or
// room with the given provider, without checking that it is free.
func (c *Calendar) SlotAt(k Kind, start time.Time, resourceID, providerID int64) (Slot, error) {
	t, ok := c.types[k]
	if !ok {
		return Slot{}, clinic.Errorf(clinic.Invalid, "%q is not an appointment type of this clinic", k)
	}
	if start.IsZero() {
		return Slot{}, clinic.Errorf(clinic.Invalid, "the start time is required")
	}
	return Slot{Kind: k, Start: start, End: start.Add(t.Length()), ProviderEnd: start.Add(t.ProviderLength()),
		ResourceID: resourceID, ProviderID: providerID, Video: resourceID == 0 && t.Video}, nil
}

// Check reports why slot s cannot be booked for the patient, or nil when
// it can: the clinic is open for all of it, the chair or room hosts the
// kind and is free, the provider takes the kind, is working and is free,
// and the patient has nothing else at that time.
func (c *Calendar) Check(s Slot, patientID int64) error {
	t, ok := c.types[s.Kind]
	if !ok {
		return clinic.Errorf(clinic.Invalid, "%q is not an appointment type of this clinic", s.Kind)
	}
	if !s.End.Equal(s.Start.Add(t.Length())) || !s.ProviderEnd.Equal(s.Start.Add(t.ProviderLength())) {
		return clinic.Errorf(clinic.Invalid, "the slot's times do not match a %s", t.Name)
	}
	pi, ok := c.provIdx[s.ProviderID]
	if !ok {
		return clinic.Errorf(clinic.NotFound, "provider %d does not exist", s.ProviderID)
	}
	p := c.providers[pi]
	if s.Video {
		if !t.Video || s.ResourceID != 0 {
			return clinic.Errorf(clinic.Invalid, "a %s is not held by video", t.Name)
		}
	} else {
		ri, ok := c.resIdx[s.ResourceID]
		if !ok {
			return clinic.Errorf(clinic.NotFound, "chair or room %d does not exist", s.ResourceID)
		}
		r := c.resources[ri]
		switch {
		case !r.hosts(t):
			return clinic.Errorf(clinic.Conflict, "%s is not set up for a %s", r.Name, t.Name)
		case c.res[ri].busy(spanOf(s.Start, s.End)):
			return clinic.Errorf(clinic.Conflict, "%s is already booked during %s", r.Name, c.describe(s))
		}
	}
	switch {
	case !c.open(s.Start, s.End, c.hours.Open):
		return clinic.Errorf(clinic.Conflict, "the clinic is not open for all of %s", c.describe(s))
	case !p.takes(s.Kind):
		return clinic.Errorf(clinic.Conflict, "%s does not take %s appointments", p.Name, t.Name)
	case !c.working(p, s.Start, s.ProviderEnd):
		return clinic.Errorf(clinic.Conflict, "%s is not working during %s", p.Name, c.describe(s))
	case c.prov[pi].busy(spanOf(s.Start, s.ProviderEnd)):
		return clinic.Errorf(clinic.Conflict, "%s is already booked during %s", p.Name, c.describe(s))
	case patientID != 0 && c.patient[patientID].busy(spanOf(s.Start, s.End)):
		return clinic.Errorf(clinic.Conflict, "the patient already has an appointment during %s", c.describe(s))
	}
	return nil
}

func (c *Calendar) describe(s Slot) string {
	loc := c.hours.Location
	return s.Start.In(loc).Format("Mon 2 Jan 2006 15:04") + "–" + s.End.In(loc).Format("15:04")
}

// Book checks b and adds it to the calendar.
func (c *Calendar) Book(b Booking) error {
	if err := c.known(b); err != nil {
		return err
	}
	if err := c.Check(b.Slot, b.PatientID); err != nil {
		return err
	}
	c.add(b)
	return nil
}

// Cancel removes a booking and returns it, so its slot can be offered to
// the waitlist.
func (c *Calendar) Cancel(id int64) (Booking, error) {
	b, ok := c.bookings[id]
	if !ok {
		return Booking{}, clinic.Errorf(clinic.NotFound, "booking %d is not in the calendar", id)
	}
	delete(c.bookings, id)
	if ri, ok := c.resIdx[b.ResourceID]; ok {
		c.res[ri].remove(spanOf(b.Start, b.End))
	}
	if i, ok := c.provIdx[b.ProviderID]; ok {
		c.prov[i].remove(spanOf(b.Start, b.ProviderEnd))
	}
	if t := c.patient[b.PatientID]; t != nil {
		t.remove(spanOf(b.Start, b.End))
	}
	return b, nil
}

// open reports whether [start, end) lies inside one of the windows on
// start's local date, and the date is not a closed day.
func (c *Calendar) open(start, end time.Time, windows []Window) bool {
	loc := c.hours.Location
	_, y, m, d := clockOf(start, loc)
	if c.closed[dayNumber(start, loc)] {
		return false
	}
	wd := start.In(loc).Weekday()
	for _, w := range windows {
		if w.Day != wd {
			continue
		}
		ws, ok1 := wall(y, m, d, w.From, loc)
		we, _ := wall(y, m, d, w.To, loc)
		if ok1 && !start.Before(ws) && !end.After(we) {
			return true
		}
	}
	return false
}

// working reports whether provider p is available for [start, end).
func (c *Calendar) working(p Provider, start, end time.Time) bool {
	hours := p.Hours
	if len(hours) == 0 {
		hours = c.hours.Open
	}
	if !c.open(start, end, hours) {
		return false
	}
	iv := Interval{start, end}
	for _, off := range p.Off {
		if iv.Overlaps(off) {
			return false
		}
	}
	return true
}
