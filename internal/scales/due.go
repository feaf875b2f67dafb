package scales

import (
	"fmt"
	"slices"
	"time"

	"onset/internal/clinic"
)

// Schedule timings. The induction phase follows the esketamine label's
// induction of weeks 1–4 (clinical-reference.md §3, Spravato label); after
// it a course is in maintenance and is measured less often.
const (
	inductionPhase = 28 * 24 * time.Hour
	postWindow     = 24 * time.Hour // a post-session link is made within this window after it falls due
)

// Cadence is when a course's questionnaires fall due. A clinic may set its
// own (clinic settings); a zero field takes DefaultCadence's.
type Cadence struct {
	PreAhead    time.Duration // a booked session's questionnaire opens this long before it
	PostAfter   time.Duration // and one goes this long after each session
	Induction   time.Duration // check-ins between sessions during the induction phase
	Maintenance time.Duration // and after it
}

// DefaultCadence: 48 h before a session (time to answer before the
// pre-dose check), 24 h after it — the response peak (Han 2016;
// clinical-reference.md §1) — weekly during induction, monthly after.
var DefaultCadence = Cadence{PreAhead: 48 * time.Hour, PostAfter: 24 * time.Hour,
	Induction: 7 * 24 * time.Hour, Maintenance: 28 * 24 * time.Hour}

// OrDefault fills c's zero fields from DefaultCadence.
func (c Cadence) OrDefault() Cadence {
	for _, f := range []struct{ v, d *time.Duration }{{&c.PreAhead, &DefaultCadence.PreAhead},
		{&c.PostAfter, &DefaultCadence.PostAfter}, {&c.Induction, &DefaultCadence.Induction},
		{&c.Maintenance, &DefaultCadence.Maintenance}} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	return c
}

// ScheduleInput is what deciding a course's due questionnaire needs.
type ScheduleInput struct {
	Course    clinic.Course
	Sessions  []time.Time // administered sessions of the course, any order
	Upcoming  []time.Time // booked treatment sessions not yet given (from the calendar)
	LastTaken time.Time   // latest assessment of the course's instrument; zero if none
	Now       time.Time
	Cadence   Cadence // zero fields: DefaultCadence
}

// DueQuestionnaire is one link the schedule wants made.
type DueQuestionnaire struct {
	Instrument string
	Key        string // the schedule slot; one link per slot per patient
	Reason     string
	DueAt      time.Time
	ExpiresAt  time.Time
}

// Due decides which questionnaire, if any, a course needs at now. It is
// pure: the same input always gives the same answer. At most one item is
// due per call, in this order of priority (times from the default cadence):
//   - before a booked session: from 48 h before it until it starts;
//   - 24 h after each session: from 24 h to 48 h after it;
//   - weekly between sessions during the 4-week induction phase, monthly
//     in maintenance, when nothing of the instrument was answered for that
//     long (the first a week after T0).
//
// An answer already given inside a slot's window satisfies it.
func Due(in ScheduleInput) (DueQuestionnaire, bool) {
	c, now, cad := in.Course, in.Now, in.Cadence.OrDefault()
	inst := PrimaryFor(c.Condition)
	answeredSince := func(t time.Time) bool { return !in.LastTaken.IsZero() && !in.LastTaken.Before(t) }
	key := func(kind string, t time.Time) string { return fmt.Sprintf("c%d:%s:%d", c.ID, kind, t.Unix()) }

	up := slices.Clone(in.Upcoming)
	slices.SortFunc(up, time.Time.Compare)
	for _, u := range up {
		from := u.Add(-cad.PreAhead)
		if now.Before(from) || !now.Before(u) || answeredSince(from) {
			continue
		}
		return DueQuestionnaire{Instrument: inst, Key: key("pre", u), Reason: "before your session on " + u.Format("2 Jan"),
			DueAt: from, ExpiresAt: u}, true
	}
	sessions := slices.Clone(in.Sessions)
	slices.SortFunc(sessions, time.Time.Compare)
	for i := len(sessions) - 1; i >= 0; i-- {
		at := sessions[i].Add(cad.PostAfter)
		if now.Before(at) || !now.Before(at.Add(postWindow)) {
			continue
		}
		if answeredSince(at.Add(-cad.PostAfter / 2)) {
			break
		}
		return DueQuestionnaire{Instrument: inst, Key: key("post", sessions[i]), Reason: afterReason(cad.PostAfter),
			DueAt: at, ExpiresAt: at.Add(LinkLifetime)}, true
	}
	if c.StartedAt.IsZero() || now.Before(c.StartedAt) {
		return DueQuestionnaire{}, false
	}
	every, kind := cad.Induction, "week"
	if now.Sub(c.StartedAt) >= inductionPhase {
		every, kind = cad.Maintenance, "month"
	}
	reason := checkinReason(every)
	// The first check-in is one period after T0: the day of a first dose
	// has its 24-hour questionnaire, not a check-in amid the dose's
	// acute effects.
	if now.Sub(c.StartedAt) < every || answeredSince(now.Add(-every)) {
		return DueQuestionnaire{}, false
	}
	// The slot is the period since T0 that now falls in, so a run repeated
	// within the period finds the same key and makes nothing new.
	n := now.Sub(c.StartedAt) / every
	slot := c.StartedAt.Add(n * every)
	return DueQuestionnaire{Instrument: inst, Key: key(kind, slot), Reason: reason, DueAt: now,
		ExpiresAt: now.Add(LinkLifetime)}, true
}

// LinkLifetime is how long a questionnaire link stays open.
const LinkLifetime = 72 * time.Hour

// afterReason and checkinReason say when, in the words a patient reads.
func afterReason(d time.Duration) string {
	return fmt.Sprintf("%d hours after your session", int(d.Hours()))
}

func checkinReason(every time.Duration) string {
	switch days := int(every.Hours() / 24); days {
	case 7:
		return "weekly check-in"
	case 28, 30:
		return "monthly check-in"
	default:
		return fmt.Sprintf("check-in every %d days", days)
	}
}
