package calendar

import (
	"net/url"
	"strconv"
	"time"

	"onset/internal/record"
	"onset/internal/schedule"
)

// The day view's time grid: a column per chair or room (or provider), a
// row per quarter hour of the clinic's opening hours in its zone. A free
// quarter hour in the future is a link to book it; an appointment is a
// block the front desk can drag to another time or chair (calendar.js).

const gridStep = 15 * time.Minute

// calGrid is one grid of the day view.
type calGrid struct {
	ID     string // "chairs" or "providers"
	Header []gridHead
	Hours  []gridHead // time labels down the side
	Cells  []gridCell
}

// gridHead is a column's or a row's label at its place in the grid.
type gridHead struct {
	Col, Row int
	ID       int64
	Label    string
	Sub      string
}

// gridCell is a free quarter hour (Book set) or an appointment.
type gridCell struct {
	Col, Row, Span int
	Book           string // the booking link of a free quarter hour
	Label          string // its accessible name
	Date, Time     string // local, for a drop
	ColID          int64
	Item           calItem
	Move           bool // the appointment may be dragged (booked, not started)
}

// gridColumn is what a grid's column shows: its appointments and whether
// a free quarter hour books into it as a chair or as a provider.
type gridColumn struct {
	ID        int64
	Name, Sub string
	Appts     []record.Appointment
	End       func(record.Appointment) time.Time
	BookParam string // "resource" or "provider"
	Draggable bool   // chairs and rooms take dropped appointments
}

// dayBounds are the first and last minute the grid shows on day (local
// midnight): the clinic's opening hours that weekday, widened to every
// appointment; 08:00–18:00 when it has none.
func dayBounds(day time.Time, hours []schedule.Window, appts []record.Appointment, loc *time.Location) (from, to time.Time) {
	first, last := schedule.Clock(-1), schedule.Clock(-1)
	for _, w := range hours {
		if w.Day != day.Weekday() {
			continue
		}
		if first < 0 || w.From < first {
			first = w.From
		}
		if w.To > last {
			last = w.To
		}
	}
	if first < 0 {
		first, last = schedule.At(8, 0), schedule.At(18, 0)
	}
	at := func(c schedule.Clock) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), int(c)/60, int(c)%60, 0, 0, loc)
	}
	from, to = at(first), at(last)
	for _, a := range appts {
		if s := a.Start.In(loc); s.Before(from) && !s.Before(day) {
			from = s.Truncate(time.Hour)
		}
		if e := a.End.In(loc); e.After(to) && e.Before(day.AddDate(0, 0, 1)) {
			to = e
		}
	}
	return from, to
}

// buildGrid lays the columns out between from and to; quarter hours
// before now are not offered.
func buildGrid(id string, cols []gridColumn, from, to, now time.Time, loc *time.Location) calGrid {
	g := calGrid{ID: id}
	row := func(t time.Time) int { return 2 + int(t.Sub(from)/gridStep) }
	rows := row(to) - 1
	for t := from; t.Before(to); t = t.Add(gridStep) {
		if t.Minute() == 0 || t.Equal(from) {
			g.Hours = append(g.Hours, gridHead{Col: 1, Row: row(t), Label: t.In(loc).Format("15:04")})
		}
	}
	for i, c := range cols {
		col := 2 + i
		g.Header = append(g.Header, gridHead{Col: col, Row: 1, ID: c.ID, Label: c.Name, Sub: c.Sub})
		taken := make([]bool, rows+2)
		for _, a := range c.Appts {
			start, end := a.Start, c.End(a)
			if !end.After(from) || !start.Before(to) {
				continue
			}
			r1 := max(row(start), 2)
			r2 := min(row(end.Add(gridStep-time.Nanosecond)), rows+1) // a block covers every quarter it touches
			for r := r1; r < r2; r++ {
				taken[r] = true
			}
			it := itemOf(a, loc)
			it.Time = start.In(loc).Format("15:04") + "–" + end.In(loc).Format("15:04")
			g.Cells = append(g.Cells, gridCell{Col: col, Row: r1, Span: min(max(r2-r1, 1), 48), Item: it, ColID: c.ID,
				Move: c.Draggable && a.Status == record.AppointmentBooked && a.Start.After(now)})
		}
		for t := from; t.Before(to); t = t.Add(gridStep) {
			r := row(t)
			if taken[r] || t.Before(now) {
				continue
			}
			local := t.In(loc)
			q := url.Values{"date": {local.Format(time.DateOnly)}, "time": {local.Format("15:04")}, c.BookParam: {strconv.FormatInt(c.ID, 10)}}
			g.Cells = append(g.Cells, gridCell{Col: col, Row: r, Span: 1, Book: "/calendar/book?" + q.Encode(), ColID: c.ID,
				Label: "Book " + c.Name + " at " + local.Format("15:04"), Date: local.Format(time.DateOnly), Time: local.Format("15:04")})
		}
	}
	return g
}

// dayGrids are the day view's two grids: chairs and rooms, then providers.
func dayGrids(day time.Time, hours []schedule.Window, res []record.BookingResource, provs []record.BookingProvider,
	appts []record.Appointment, now time.Time, loc *time.Location) []calGrid {
	from, to := dayBounds(day, hours, appts, loc)
	var chairs, people []gridColumn
	for _, r := range res {
		c := gridColumn{ID: r.ID, Name: r.Name, Sub: string(r.Kind), BookParam: "resource", Draggable: true,
			End: func(a record.Appointment) time.Time { return a.End }}
		for _, a := range appts {
			if a.ResourceID == r.ID {
				c.Appts = append(c.Appts, a)
			}
		}
		chairs = append(chairs, c)
	}
	for _, p := range provs {
		c := gridColumn{ID: p.ID, Name: p.Name, BookParam: "provider",
			End: func(a record.Appointment) time.Time {
				if a.ProviderEnd.IsZero() {
					return a.End
				}
				return a.ProviderEnd
			}}
		for _, a := range appts {
			if a.ProviderID == p.ID {
				c.Appts = append(c.Appts, a)
			}
		}
		people = append(people, c)
	}
	return []calGrid{buildGrid("chairs", chairs, from, to, now, loc), buildGrid("providers", people, from, to, now, loc)}
}
