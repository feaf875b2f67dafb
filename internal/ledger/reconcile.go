package ledger

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"onset/internal/clinic"
)

// Discrepancy is a difference between the book and a physical count.
type Discrepancy struct {
	ContainerID int64
	CountID     int64 // the count entry; 0 for a stock count passed to Reconcile
	At          time.Time
	Book        Amount // what the ledger says
	Counted     Amount // what was found
	Diff        Amount // Counted − Book: negative is a shortage
	Estimated   bool
	Problem     string // "shortage", "overage", "not counted", "not in the ledger"
	SettledBy   int64  // the adjustment that settled it, 0 while open
	// Loss is set for shortages: a theft or significant loss must be
	// reported to the DEA (21 CFR 1301.76(b), clinical-reference.md §5.4).
	Loss *LossReport
}

// LossReport holds the deadlines of a theft/loss report that a shortage
// starts: written notice to the DEA Field Division within 1 business day
// of discovery, and DEA Form 106 filed within 45 days (21 CFR 1301.76(b);
// 88 FR 40707, effective July 24, 2023; §5.4). Whether a shortage is a
// theft or a "significant loss" is the registrant's judgement; the ledger
// starts the report and its clock for every shortage.
type LossReport struct {
	Discovered time.Time
	NoticeDue  time.Time // end of the next business day, clinic time
	Form106Due time.Time // end of the 45th day, clinic time
}

// Form106Days is the DEA Form 106 deadline in days (88 FR 40707, §5.4).
const Form106Days = 45

// LossDeadlines computes a loss report's deadlines from the moment of
// discovery. Business days are Monday to Friday in loc, less holidays
// (dates in loc; only their year, month and day count).
func LossDeadlines(discovered time.Time, loc *time.Location, holidays []time.Time) LossReport {
	if loc == nil {
		loc = time.UTC
	}
	off := map[[3]int]bool{}
	for _, h := range holidays {
		y, m, d := h.Date()
		off[[3]int{y, int(m), d}] = true
	}
	local := discovered.In(loc)
	y, m, d := local.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, loc)
	for {
		day = day.AddDate(0, 0, 1)
		dy, dm, dd := day.Date()
		if wd := day.Weekday(); wd != time.Saturday && wd != time.Sunday && !off[[3]int{dy, int(dm), dd}] {
			break
		}
	}
	return LossReport{
		Discovered: discovered,
		NoticeDue:  endOfDay(day),
		Form106Due: endOfDay(time.Date(y, m, d+Form106Days, 0, 0, 0, 0, loc)),
	}
}

// endOfDay is the last instant of the local day starting at midnight.
func endOfDay(midnight time.Time) time.Time {
	y, m, d := midnight.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, midnight.Location()).Add(-time.Nanosecond)
}

// Discrepancies lists every effective count that disagreed with the book,
// oldest first, with its loss report for shortages. loc and holidays set
// the business days for the DEA notice.
func (l *Ledger) Discrepancies(loc *time.Location, holidays []time.Time) []Discrepancy {
	var out []Discrepancy
	for _, id := range l.order {
		a := l.entries[id]
		if a.e.Kind != Count || a.correctedBy != 0 || a.amount == a.book {
			continue
		}
		d := discrepancy(a.e.ContainerID, a.book, a.amount, a.e.At, loc, holidays)
		d.CountID, d.Estimated = id, a.e.Estimated
		if by, ok := l.settledBy[a.root]; ok {
			d.SettledBy = l.latest(by)
		}
		out = append(out, d)
	}
	return out
}

// latest follows a correction chain to the entry in force.
func (l *Ledger) latest(id int64) int64 {
	for {
		a, ok := l.entries[id]
		if !ok || a.correctedBy == 0 {
			return id
		}
		id = a.correctedBy
	}
}

func discrepancy(container int64, book, counted Amount, at time.Time, loc *time.Location, holidays []time.Time) Discrepancy {
	d := Discrepancy{ContainerID: container, At: at, Book: book, Counted: counted, Diff: counted - book}
	switch {
	case d.Diff < 0:
		d.Problem = "shortage"
		r := LossDeadlines(at, loc, holidays)
		d.Loss = &r
	case d.Diff > 0:
		d.Problem = "overage"
	}
	return d
}

// StockCount is what was physically found in one container.
type StockCount struct {
	ContainerID int64
	Counted     Amount
	Estimated   bool
}

// Reconcile compares a whole physical stock count, taken at `at`, with the
// book: every container the book holds stock in must be counted and agree,
// and every counted container must be in the book. It returns one
// Discrepancy per disagreement, by container; an empty result means the
// stock reconciles. A container with stock that was not counted is a
// shortage of its whole balance until it is found.
func Reconcile(l *Ledger, counts []StockCount, at time.Time, loc *time.Location, holidays []time.Time) ([]Discrepancy, error) {
	if at.IsZero() {
		return nil, bad("the time of the count is required")
	}
	seen := map[int64]bool{}
	var out []Discrepancy
	for _, sc := range counts {
		if seen[sc.ContainerID] {
			return nil, bad("container %d is counted twice", sc.ContainerID)
		}
		seen[sc.ContainerID] = true
		if sc.Counted < 0 {
			return nil, bad("container %d: a count cannot be negative", sc.ContainerID)
		}
		c, ok := l.containers[sc.ContainerID]
		if !ok {
			d := discrepancy(sc.ContainerID, 0, sc.Counted, at, loc, holidays)
			d.Problem, d.Estimated = "not in the ledger", sc.Estimated
			out = append(out, d)
			continue
		}
		if sc.Counted != c.Balance {
			d := discrepancy(c.ID, c.Balance, sc.Counted, at, loc, holidays)
			d.Estimated = sc.Estimated
			out = append(out, d)
		}
	}
	for _, c := range l.containers {
		if !seen[c.ID] && c.Balance > 0 {
			d := discrepancy(c.ID, c.Balance, 0, at, loc, holidays)
			d.Problem = "not counted"
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b Discrepancy) int { return cmp.Compare(a.ContainerID, b.ContainerID) })
	return out, nil
}

// String is a one-line summary for staff, e.g.
// "container 12: shortage of 5 mg (book 450 mg, counted 445 mg)".
func (d Discrepancy) String() string {
	diff := d.Diff
	if diff < 0 {
		diff = -diff
	}
	return fmt.Sprintf("container %d: %s of %s (book %s, counted %s)", d.ContainerID, d.Problem, diff, d.Book, d.Counted)
}

// CheckCountable reports whether a stock count may record its container as
// estimated: estimates are allowed for opened Schedule III containers
// unless the container holds more than 1,000 units (21 CFR 1304.11, §5.4);
// sealed containers are counted exactly.
func CheckCountable(c Container, estimated bool) error {
	if !estimated {
		return nil
	}
	if !c.Opened {
		return clinic.Errorf(clinic.Invalid, "container %d is sealed: count it exactly, not by estimate", c.ID)
	}
	if c.Form == Device && c.Units(c.Received) > 1000 {
		return clinic.Errorf(clinic.Invalid, "container %d held more than 1,000 units: count it exactly", c.ID)
	}
	return nil
}
