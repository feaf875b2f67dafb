package clinic

import (
	"fmt"
	"strings"
	"time"
)

// Window is how far before and after now a date or time of one kind may
// lie. Every date and time that enters Onset is checked against its
// field's window, so a year-9999 appointment or a birth date in the
// future is a clear refusal, never a calculation that overflows later, and
// the zero time (what "0001-01-01" or a missing value parses to) is
// refused, never taken to mean now.
type Window struct {
	Name         string        // what the field is, in messages: "the birth date"
	Past, Future time.Duration // how far back from now and ahead of now it may be
}

const (
	day  = 24 * time.Hour
	year = 365 * day
)

// The windows, with where each bound comes from.
var (
	// BirthDate: today at the latest; at most 130 years ago (AgeYears).
	BirthDate = Window{"the birth date", 130 * year, 0}
	// TakenAt is when a questionnaire was answered: up to 5 minutes ahead
	// (clocks on phones and tablets drift), back 10 years for history.
	TakenAt = Window{"the time the questionnaire was taken", 10 * year, 5 * time.Minute}
	// Appointment starts: at most BookingHorizon ahead (a clinic default;
	// a maintenance plan is booked months, not years, ahead).
	Appointment = Window{"the appointment", year, BookingHorizon}
	// LotExpiry: a drug's shelf life is a few years; 10 years either way
	// is a data-entry limit (an expired lot is refused by its own rule).
	LotExpiry = Window{"the lot's expiry date", 10 * year, 10 * year}
	// PlanStart is a treatment plan's first day: within 2 years of today
	// either way (an amendment keeps the start of a plan under way).
	PlanStart = Window{"the first treatment day", 2 * year, 2 * year}
	// AdministeredAt is when a dose was given (imported history): up to 30
	// years back, not in the future beyond clock drift.
	AdministeredAt = Window{"the time the dose was given", 30 * year, 5 * time.Minute}
	// ReportDate is a date that chooses what a page or report shows (from,
	// to, since, until): a century either way.
	ReportDate = Window{"the date", 100 * year, 100 * year}
)

// BookingHorizon is how far ahead an appointment may be booked.
const BookingHorizon = 2 * year

// Check refuses t when it is the zero time or outside the window around now.
func (w Window) Check(t, now time.Time) error {
	switch {
	case t.IsZero():
		return Errorf(Invalid, "%s is missing.", sentence(w.Name))
	case t.Before(now.Add(-w.Past)):
		return Errorf(Invalid, "%s (%s) is more than %s ago.", sentence(w.Name), dateOf(t), span(w.Past))
	case t.After(now.Add(w.Future)):
		if w.Future < day {
			return Errorf(Invalid, "%s (%s) is in the future.", sentence(w.Name), dateOf(t))
		}
		return Errorf(Invalid, "%s (%s) is more than %s ahead.", sentence(w.Name), dateOf(t), span(w.Future))
	}
	return nil
}

// ParseDate reads a date written YYYY-MM-DD (midnight UTC) and checks it
// against w; field names the field when the text is no date.
func (w Window) ParseDate(s string, now time.Time) (time.Time, error) {
	return w.ParseIn(time.DateOnly, s, time.UTC, now)
}

// ParseIn reads s with layout in loc and checks it against w.
func (w Window) ParseIn(layout, s string, loc *time.Location, now time.Time) (time.Time, error) {
	t, err := time.ParseInLocation(layout, strings.TrimSpace(s), loc)
	if err != nil {
		return time.Time{}, Errorf(Invalid, "Write %s as %s.", w.Name, layoutName(layout))
	}
	return t, w.Check(t, now)
}

func layoutName(layout string) string {
	switch layout {
	case time.DateOnly:
		return "YYYY-MM-DD"
	case time.RFC3339:
		return "an RFC 3339 time such as 2026-03-01T09:30:00Z"
	}
	return strings.NewReplacer("2006", "YYYY", "01", "MM", "02", "DD", "15", "HH", "04", "MM").Replace(layout)
}

func dateOf(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// span writes a window's bound in words: "10 years", "3 days", "5 minutes".
func span(d time.Duration) string {
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d >= year && d%year == 0:
		return plural(int64(d/year), "year")
	case d >= day && d%day == 0:
		return plural(int64(d/day), "day")
	case d >= time.Hour && d%time.Hour == 0:
		return plural(int64(d/time.Hour), "hour")
	}
	return plural(int64(d/time.Minute), "minute")
}
