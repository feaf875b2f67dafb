package schedule

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
)

// Recurrence is a repeating series: the given weekdays, every EveryWeeks
// weeks, Count sessions in all. "Twice weekly for 4 weeks" is two weekdays,
// every week, 8 sessions; "every 3 weeks" is one weekday every 3 weeks.
type Recurrence struct {
	Weekdays   []time.Weekday // empty means the start's weekday
	EveryWeeks int            // 1 = every week
	Count      int
}

// Times expands the series from start, a wall-clock time in loc: every
// session is at the same local time of day, so a series at 09:00 stays at
// 09:00 local across a daylight-saving change (its UTC time moves). Weeks
// are counted in 7-day blocks from start's date. A start time that does
// not exist on some date (inside a spring-forward gap) is an error.
func (r Recurrence) Times(start time.Time, loc *time.Location) ([]time.Time, error) {
	switch {
	case loc == nil:
		return nil, clinic.Errorf(clinic.Invalid, "the clinic's time zone is required")
	case start.IsZero():
		return nil, clinic.Errorf(clinic.Invalid, "the series' first date and time are required")
	case r.Count < 1 || r.Count > 200:
		return nil, clinic.Errorf(clinic.Invalid, "a series has 1 to 200 sessions, not %d", r.Count)
	case r.EveryWeeks < 1 || r.EveryWeeks > 52:
		return nil, clinic.Errorf(clinic.Invalid, "repeat every 1 to 52 weeks, not %d", r.EveryWeeks)
	}
	if err := validDays(r.Weekdays, "series weekdays"); err != nil {
		return nil, err
	}
	clock, y, m, d := clockOf(start, loc)
	sec := start.In(loc).Second()
	days := r.Weekdays
	if len(days) == 0 {
		days = []time.Weekday{start.In(loc).Weekday()}
	}
	var out []time.Time
	for block := 0; len(out) < r.Count; block += r.EveryWeeks {
		for i := range 7 {
			day := time.Date(y, m, d+7*block+i, 12, 0, 0, 0, loc)
			if !slices.Contains(days, day.Weekday()) {
				continue
			}
			dy, dm, dd := day.Date()
			t, ok := wall(dy, dm, dd, clock, loc)
			if !ok {
				return nil, clinic.Errorf(clinic.Invalid, "%s does not exist on %s in %s (the clocks go forward); choose another time",
					clock, day.Format(time.DateOnly), loc)
			}
			out = append(out, t.Add(time.Duration(sec)*time.Second).UTC())
			if len(out) == r.Count {
				break
			}
		}
	}
	return out, nil
}

var (
	perWeekRe = regexp.MustCompile(`^(once|twice|thrice|[1-7] times) (?:weekly|a week|per week) for ([1-9][0-9]?) weeks?$`)
	everyRe   = regexp.MustCompile(`^(?:every (?:([1-9][0-9]?) )?weeks?|weekly)(?: for ([1-9][0-9]?) (weeks?|sessions?))?$`)
)

// ParseRecurrence reads a plan's series in words:
//
//	"twice weekly for 4 weeks"       8 sessions, on first and spread days
//	"3 times weekly for 2 weeks"     6 sessions
//	"weekly for 6 weeks"             6 sessions
//	"every 3 weeks for 4 sessions"   4 sessions, 3 weeks apart
//	"every 2 weeks for 8 weeks"      4 sessions
//
// Weekdays are spread from first, the weekday of the first session:
// twice weekly is first and first+3 days (Mon/Thu), three times is first,
// +2 and +4 (Mon/Wed/Fri); more are consecutive days from first.
func ParseRecurrence(s string, first time.Weekday) (Recurrence, error) {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	if first < time.Sunday || first > time.Saturday {
		return Recurrence{}, clinic.Errorf(clinic.Invalid, "%d is not a day of the week", first)
	}
	if m := perWeekRe.FindStringSubmatch(s); m != nil {
		n := map[string]int{"once": 1, "twice": 2, "thrice": 3}[m[1]]
		if n == 0 {
			n, _ = strconv.Atoi(m[1][:1])
		}
		weeks, _ := strconv.Atoi(m[2])
		return Recurrence{Weekdays: spread(first, n), EveryWeeks: 1, Count: n * weeks}, nil
	}
	if m := everyRe.FindStringSubmatch(s); m != nil {
		every := 1
		if m[1] != "" {
			every, _ = strconv.Atoi(m[1])
		}
		if m[2] == "" {
			return Recurrence{}, clinic.Errorf(clinic.Invalid, "say how long the series runs, e.g. %q", s+" for 4 sessions")
		}
		n, _ := strconv.Atoi(m[2])
		count := n
		if strings.HasPrefix(m[3], "week") {
			count = (n + every - 1) / every
		}
		return Recurrence{Weekdays: []time.Weekday{first}, EveryWeeks: every, Count: count}, nil
	}
	return Recurrence{}, clinic.Errorf(clinic.Invalid, "%q is not a series such as \"twice weekly for 4 weeks\" or \"every 3 weeks for 4 sessions\"", s)
}

func spread(first time.Weekday, n int) []time.Weekday {
	offsets := map[int][]int{1: {0}, 2: {0, 3}, 3: {0, 2, 4}}[n]
	if offsets == nil {
		for i := range n {
			offsets = append(offsets, i)
		}
	}
	out := make([]time.Weekday, n)
	for i, o := range offsets {
		out[i] = (first + time.Weekday(o)) % 7
	}
	return out
}

// String describes the recurrence, e.g. "8 sessions on Monday, Thursday every week".
func (r Recurrence) String() string {
	var names []string
	for _, d := range r.Weekdays {
		names = append(names, d.String())
	}
	every := "every week"
	if r.EveryWeeks > 1 {
		every = fmt.Sprintf("every %d weeks", r.EveryWeeks)
	}
	return fmt.Sprintf("%d sessions on %s %s", r.Count, strings.Join(names, ", "), every)
}
