package schedule

import (
	"fmt"
	"slices"
	"time"

	"onset/internal/clinic"
)

// DefaultStep is how far apart candidate start times are.
const DefaultStep = 15 * time.Minute

// Request describes the appointments a search may offer.
type Request struct {
	Kind       Kind
	PatientID  int64     // 0 for a new patient with no bookings yet
	From, To   time.Time // starts in [From, To)
	ProviderID int64     // 0: any provider who takes the kind
	ResourceID int64     // 0: any chair or room that hosts it
	Days       []time.Weekday
	After      Clock         // earliest local start time; 0 means none
	Before     Clock         // latest local start time; 0 means none
	Step       time.Duration // between candidate starts; 0 means DefaultStep
	Video      bool          // by video: no chair or room (the kind must allow it)
}

type search struct {
	c    *Calendar
	req  Request
	t    AppointmentType
	step int // minutes
	res  []int
	prov []int
	mine track // sessions this search has chosen: the patient cannot be in two places
}

func (c *Calendar) newSearch(req Request) (*search, error) {
	t, ok := c.types[req.Kind]
	if !ok {
		return nil, clinic.Errorf(clinic.Invalid, "%q is not an appointment type of this clinic", req.Kind)
	}
	if req.From.IsZero() || req.To.IsZero() || !req.From.Before(req.To) {
		return nil, clinic.Errorf(clinic.Invalid, "the search needs a start and an end, in that order")
	}
	if req.To.Sub(req.From) > 2*366*24*time.Hour {
		return nil, clinic.Errorf(clinic.Invalid, "search at most two years ahead")
	}
	if err := validDays(req.Days, "days"); err != nil {
		return nil, err
	}
	if req.After < 0 || req.Before < 0 || req.After > 24*60 || req.Before > 24*60 || (req.Before != 0 && req.Before < req.After) {
		return nil, clinic.Errorf(clinic.Invalid, "the preferred times of day are out of order")
	}
	step := req.Step
	if step == 0 {
		step = DefaultStep
	}
	if step < 5*time.Minute || step > 4*time.Hour || step%time.Minute != 0 {
		return nil, clinic.Errorf(clinic.Invalid, "the step between start times must be whole minutes between 5 minutes and 4 hours")
	}
	if req.Video && (!t.Video || req.ResourceID != 0) {
		return nil, clinic.Errorf(clinic.Invalid, "a %s is not held by video", t.Name)
	}
	s := &search{c: c, req: req, t: t, step: int(step / time.Minute)}
	for i, r := range c.resources {
		if !req.Video && r.hosts(t) && (req.ResourceID == 0 || r.ID == req.ResourceID) {
			s.res = append(s.res, i)
		}
	}
	for i, p := range c.providers {
		if p.takes(t.Kind) && (req.ProviderID == 0 || p.ID == req.ProviderID) {
			s.prov = append(s.prov, i)
		}
	}
	if req.ResourceID != 0 && len(s.res) == 0 {
		return nil, clinic.Errorf(clinic.Invalid, "chair or room %d does not exist or does not host a %s", req.ResourceID, t.Name)
	}
	if req.ProviderID != 0 && len(s.prov) == 0 {
		return nil, clinic.Errorf(clinic.Invalid, "provider %d does not exist or does not take %s appointments", req.ProviderID, t.Name)
	}
	return s, nil
}

// place finds a chair or room and a provider free at start; the lowest IDs
// win, so results are deterministic. When none is free, retry is an
// instant before which no start can succeed (0 when unknown), so a scan
// can skip past a busy stretch.
func (s *search) place(start time.Time) (slot Slot, ok bool, retry int64) {
	c := s.c
	end, pend := start.Add(s.t.Length()), start.Add(s.t.ProviderLength())
	rs := spanOf(start, end)
	if b, until := s.mine.busyUntil(rs); b {
		return Slot{}, false, until
	}
	if s.req.PatientID != 0 {
		if b, until := c.patient[s.req.PatientID].busyUntil(rs); b {
			return Slot{}, false, until
		}
	}
	ri := -1
	var soonest int64
	for _, i := range s.res {
		b, until := c.res[i].busyUntil(rs)
		if !b {
			ri = i
			break
		}
		if soonest == 0 || until < soonest {
			soonest = until
		}
	}
	if ri < 0 && !s.req.Video {
		return Slot{}, false, soonest
	}
	ps := spanOf(start, pend)
	soonest = 0
	for _, i := range s.prov {
		b, until := c.prov[i].busyUntil(ps)
		if !b && c.working(c.providers[i], start, pend) {
			sl := Slot{Kind: s.t.Kind, Start: start, End: end, ProviderEnd: pend, ProviderID: c.providers[i].ID, Video: s.req.Video}
			if !s.req.Video {
				sl.ResourceID = c.resources[ri].ID
			}
			return sl, true, 0
		}
		if !b {
			// Not working: no bound from this provider.
			soonest = -1
		} else if soonest != -1 && (soonest == 0 || until < soonest) {
			soonest = until
		}
	}
	if soonest < 0 {
		soonest = 0
	}
	return Slot{}, false, soonest
}

// scan calls fn with each free slot starting in [from, req.To) in time
// order until fn returns true. skipDay, when set, skips whole local days.
func (s *search) scan(from time.Time, skipDay func(day int) bool, fn func(Slot) bool) {
	c, loc := s.c, s.c.hours.Location
	if from.Before(s.req.From) {
		from = s.req.From
	}
	_, y, m, d := clockOf(from, loc)
	length := s.t.Length()
	var skipTo int64 // no start before this can be placed
	for day := time.Date(y, m, d, 12, 0, 0, 0, loc); day.Before(s.req.To.Add(24 * time.Hour)); day = day.AddDate(0, 0, 1) {
		dn := dayNumber(day, loc)
		if c.closed[dn] || (skipDay != nil && skipDay(dn)) {
			continue
		}
		wd := day.Weekday()
		if len(s.req.Days) > 0 && !slices.Contains(s.req.Days, wd) {
			continue
		}
		dy, dm, dd := day.Date()
		var ok bool
		for _, w := range c.hours.Open {
			if w.Day != wd {
				continue
			}
			ws, wsOK := wall(dy, dm, dd, w.From, loc)
			we, _ := wall(dy, dm, dd, w.To, loc)
			// Without a clock change inside the window, wall-clock steps are
			// plain additions; otherwise each start is converted on its own.
			steady := wsOK && we.Sub(ws) == time.Duration(w.To-w.From)*time.Minute
			for k := w.From; k < w.To; k += Clock(s.step) {
				if k < s.req.After || (s.req.Before != 0 && k > s.req.Before) {
					continue
				}
				var start time.Time
				if steady {
					start = ws.Add(time.Duration(k-w.From) * time.Minute)
				} else if start, ok = wall(dy, dm, dd, k, loc); !ok {
					continue
				}
				if start.Before(from) || start.UnixNano() < skipTo {
					continue
				}
				if !start.Before(s.req.To) || start.Add(length).After(we) {
					break
				}
				slot, ok, retry := s.place(start)
				if ok && fn(slot) {
					return
				}
				skipTo = retry
			}
		}
	}
}

// Slots lists up to limit free slots for one appointment, earliest first.
func (c *Calendar) Slots(req Request, limit int) ([]Slot, error) {
	s, err := c.newSearch(req)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		return nil, clinic.Errorf(clinic.Invalid, "the number of slots to list must be positive")
	}
	var out []Slot
	s.scan(req.From, nil, func(sl Slot) bool {
		out = append(out, sl)
		return len(out) >= limit
	})
	return out, nil
}

// Spacing holds a series' spacing rules, from the treatment plan.
type Spacing struct {
	MinHoursApart int // between the starts of any two sessions
	MaxPerWeek    int // sessions in any 7 consecutive local days; 0 means no limit
	IntervalDays  int // each session at least this many local days after the previous; 0 means no minimum
}

func (sp Spacing) validate() error {
	if sp.MinHoursApart < 0 || sp.MaxPerWeek < 0 || sp.IntervalDays < 0 {
		return clinic.Errorf(clinic.Invalid, "spacing rules cannot be negative")
	}
	if sp.MaxPerWeek > 7*24 {
		return clinic.Errorf(clinic.Invalid, "at most %d sessions a week is not a limit", sp.MaxPerWeek)
	}
	return nil
}

// SeriesRequest asks for a series of sessions of one kind.
type SeriesRequest struct {
	Request
	Sessions int
	Spacing  Spacing
	// Prior holds the starts of the patient's other treatment sessions
	// (already given or booked); the new sessions keep the spacing rules
	// with them too.
	Prior []time.Time
}

// FindSeries places Sessions sessions, each as early as the spacing rules,
// the clinic's hours and the free chairs and providers allow. Placing each
// session at its earliest possible time is optimal here: every rule only
// pushes a session later when an earlier one is later, so no other choice
// lets any session start sooner. New sessions come after the patient's
// latest prior session. It fails with a Conflict naming how many
// sessions fit when the search window is too short.
func (c *Calendar) FindSeries(req SeriesRequest) ([]Slot, error) {
	if req.Sessions < 1 || req.Sessions > 100 {
		return nil, clinic.Errorf(clinic.Invalid, "a series has 1 to 100 sessions, not %d", req.Sessions)
	}
	if err := req.Spacing.validate(); err != nil {
		return nil, err
	}
	s, err := c.newSearch(req.Request)
	if err != nil {
		return nil, err
	}
	loc := c.hours.Location
	sessions := slices.Clone(req.Prior)
	slices.SortFunc(sessions, time.Time.Compare)
	days := make([]int, len(sessions))
	for i, t := range sessions {
		days[i] = dayNumber(t, loc)
	}
	minGap := time.Duration(req.Spacing.MinHoursApart) * time.Hour
	var out []Slot
	for len(out) < req.Sessions {
		from := req.From
		if n := len(sessions); n > 0 {
			// The latest session before the search point bounds the next one.
			last := sessions[n-1]
			if t := last.Add(minGap); t.After(from) {
				from = t
			}
			if req.Spacing.IntervalDays > 0 {
				y, m, d := last.In(loc).Date()
				if t := time.Date(y, m, d+req.Spacing.IntervalDays, 0, 0, 0, 0, loc); t.After(from) {
					from = t
				}
			}
		}
		skip := func(day int) bool { return !weekHasRoom(days, day, req.Spacing.MaxPerWeek) }
		var found *Slot
		s.scan(from, skip, func(sl Slot) bool {
			if farEnough(sessions, sl.Start, minGap) {
				found = &sl
				return true
			}
			return false
		})
		if found == nil {
			return nil, clinic.Errorf(clinic.Conflict, "only %d of %d %s sessions fit between %s and %s with these spacing rules",
				len(out), req.Sessions, s.t.Name, req.From.In(loc).Format(time.DateOnly), req.To.In(loc).Format(time.DateOnly))
		}
		out = append(out, *found)
		i, _ := slices.BinarySearchFunc(sessions, found.Start, time.Time.Compare)
		sessions = slices.Insert(sessions, i, found.Start)
		days = slices.Insert(days, i, dayNumber(found.Start, loc))
		s.mine.add(spanOf(found.Start, found.End))
	}
	return out, nil
}

// farEnough: t is at least gap from every session.
func farEnough(sessions []time.Time, t time.Time, gap time.Duration) bool {
	if gap == 0 {
		return true
	}
	i, _ := slices.BinarySearchFunc(sessions, t, time.Time.Compare)
	if i < len(sessions) && sessions[i].Sub(t) < gap {
		return false
	}
	return i == 0 || t.Sub(sessions[i-1]) >= gap
}

// weekHasRoom: one more session on day keeps every 7-day window that
// contains day within max. days is sorted.
func weekHasRoom(days []int, day, max int) bool {
	if max == 0 {
		return true
	}
	lo, _ := slices.BinarySearch(days, day-6)
	hi, _ := slices.BinarySearch(days, day+7)
	window := days[lo:hi]
	for w := day - 6; w <= day; w++ {
		n := 1
		for _, d := range window {
			if d >= w && d <= w+6 {
				n++
			}
		}
		if n > max {
			return false
		}
	}
	return true
}

// Miss is an occurrence of a recurring series that cannot be booked.
type Miss struct {
	Start  time.Time
	Reason string
}

func (m Miss) String() string { return fmt.Sprintf("%s: %s", m.Start.Format(time.RFC3339), m.Reason) }

// PlaceSeries finds a chair or room and a provider for each of the given
// start times (from Recurrence.Times), keeping the spacing rules with the
// patient's prior sessions and with each other. It returns the slots that
// can be booked and a Miss for each start that cannot.
func (c *Calendar) PlaceSeries(req SeriesRequest, starts []time.Time) ([]Slot, []Miss, error) {
	if err := req.Spacing.validate(); err != nil {
		return nil, nil, err
	}
	if len(starts) == 0 {
		return nil, nil, clinic.Errorf(clinic.Invalid, "no start times to place")
	}
	r := req.Request
	r.From, r.To = starts[0], starts[len(starts)-1].Add(time.Minute)
	for _, t := range starts {
		if t.Before(r.From) {
			r.From = t
		}
		if !t.Before(r.To) {
			r.To = t.Add(time.Minute)
		}
	}
	s, err := c.newSearch(r)
	if err != nil {
		return nil, nil, err
	}
	loc := c.hours.Location
	sessions := slices.Clone(req.Prior)
	slices.SortFunc(sessions, time.Time.Compare)
	var days []int
	for _, t := range sessions {
		days = append(days, dayNumber(t, loc))
	}
	minGap := time.Duration(req.Spacing.MinHoursApart) * time.Hour
	var slots []Slot
	var misses []Miss
	for _, t := range starts {
		slot, ok, _ := s.place(t)
		switch {
		case !c.open(t, t.Add(s.t.Length()), c.hours.Open):
			misses = append(misses, Miss{t, "the clinic is not open then"})
		case !ok:
			misses = append(misses, Miss{t, "no chair or room and provider is free then"})
		case !farEnough(sessions, t, minGap):
			misses = append(misses, Miss{t, fmt.Sprintf("less than %d hours from another session", req.Spacing.MinHoursApart)})
		case !weekHasRoom(days, dayNumber(t, loc), req.Spacing.MaxPerWeek):
			misses = append(misses, Miss{t, fmt.Sprintf("the limit of %d sessions in 7 days is reached", req.Spacing.MaxPerWeek)})
		default:
			slots = append(slots, slot)
			s.mine.add(spanOf(slot.Start, slot.End))
			i, _ := slices.BinarySearchFunc(sessions, t, time.Time.Compare)
			sessions = slices.Insert(sessions, i, t)
			days = slices.Insert(days, i, dayNumber(t, loc))
		}
	}
	return slots, misses, nil
}
