package schedule

import (
	"fmt"
	"slices"
	"time"

	"onset/internal/clinic"
)

// Clock is a local time of day in minutes after midnight; 24:00 (1440) is
// the end of the day.
type Clock int

// At returns the clock time h:m.
func At(h, m int) Clock { return Clock(h*60 + m) }

// ParseClock reads "HH:MM" (00:00 to 24:00).
func ParseClock(s string) (Clock, error) {
	var h, m int
	if n, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil || n != 2 || len(s) != 5 || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, clinic.Errorf(clinic.Invalid, "%q is not a time of day such as 08:30", s)
	}
	return At(h, m), nil
}

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// Window is a weekly span of local time, e.g. Monday 08:00–18:00.
type Window struct {
	Day      time.Weekday
	From, To Clock
}

func (w Window) validate(what string) error {
	if w.Day < time.Sunday || w.Day > time.Saturday {
		return clinic.Errorf(clinic.Invalid, "%s: %d is not a day of the week", what, w.Day)
	}
	if w.From < 0 || w.To > 24*60 || w.From >= w.To {
		return clinic.Errorf(clinic.Invalid, "%s: %s %s–%s is not a span of the day", what, w.Day, w.From, w.To)
	}
	return nil
}

// Interval is a span of absolute time [Start, End).
type Interval struct{ Start, End time.Time }

// Overlaps reports whether two half-open intervals share an instant.
func (i Interval) Overlaps(j Interval) bool { return i.Start.Before(j.End) && j.Start.Before(i.End) }

// wall returns the instant of clock c on the local date (y, m, d) in loc
// and whether that wall-clock time exists (it does not in a spring-forward
// gap).
func wall(y int, m time.Month, d int, c Clock, loc *time.Location) (time.Time, bool) {
	t := time.Date(y, m, d, int(c)/60, int(c)%60, 0, 0, loc)
	if c == 24*60 {
		return t, true
	}
	return t, t.Hour()*60+t.Minute() == int(c) && t.Day() == d
}

// clockOf is t's local time of day in loc and its local date.
func clockOf(t time.Time, loc *time.Location) (Clock, int, time.Month, int) {
	l := t.In(loc)
	y, m, d := l.Date()
	return Clock(l.Hour()*60 + l.Minute()), y, m, d
}

// dayNumber counts local calendar days, immune to daylight-saving shifts.
func dayNumber(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func validDays(days []time.Weekday, what string) error {
	for i, d := range days {
		if d < time.Sunday || d > time.Saturday {
			return clinic.Errorf(clinic.Invalid, "%s: %d is not a day of the week", what, d)
		}
		if slices.Contains(days[:i], d) {
			return clinic.Errorf(clinic.Invalid, "%s: %s is listed twice", what, d)
		}
	}
	return nil
}
