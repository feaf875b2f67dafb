package scales

import (
	"fmt"
	"slices"
	"time"

	"onset/internal/clinic"
)

// Schedule timings. The induction phase follows the esketamine label's
// induction of weeks 1–4 (clinical-reference.md §3, Spravato label); after
// it a course is in maintenance and is measured monthly.
const (
	inductionPhase  = 28 * 24 * time.Hour
	PreSessionAhead = 48 * time.Hour // links for a booked session open this long before it
	postSession     = 24 * time.Hour // the 24-hour response peak (Han 2016; clinical-reference.md §1)
	postWindow      = 24 * time.Hour // a post-session link is made within this window after it falls due
	weekly          = 7 * 24 * time.Hour
	monthly         = 28 * 24 * time.Hour
)

// ScheduleInput is what deciding a course's due questionnaire needs.
type ScheduleInput struct {
	Course    clinic.Course
	Sessions  []time.Time // administered sessions of the course, any order
	Upcoming  []time.Time // booked treatment sessions not yet given (from the calendar)
	LastTaken time.Time   // latest assessment of the course's instrument; zero if none
	Now       time.Time
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
// due per call, in this order of priority:
//   - before a booked session: from 48 h before it until it starts;
//   - 24 h after each session: from 24 h to 48 h after it;
//   - weekly between sessions during the 4-week induction phase, monthly
//     in maintenance, when nothing of the instrument was answered for that long.
//
// An answer already given inside a slot's window satisfies it.
func Due(in ScheduleInput) (DueQuestionnaire, bool) {
	c, now := in.Course, in.Now
	inst := PrimaryFor(c.Condition)
	answeredSince := func(t time.Time) bool { return !in.LastTaken.IsZero() && !in.LastTaken.Before(t) }
	key := func(kind string, t time.Time) string { return fmt.Sprintf("c%d:%s:%d", c.ID, kind, t.Unix()) }

	up := slices.Clone(in.Upcoming)
	slices.SortFunc(up, time.Time.Compare)
	for _, u := range up {
		from := u.Add(-PreSessionAhead)
		if now.Before(from) || !now.Before(u) || answeredSince(from) {
			continue
		}
		return DueQuestionnaire{Instrument: inst, Key: key("pre", u), Reason: "before your session on " + u.Format("2 Jan"),
			DueAt: from, ExpiresAt: u}, true
	}
	sessions := slices.Clone(in.Sessions)
	slices.SortFunc(sessions, time.Time.Compare)
	for i := len(sessions) - 1; i >= 0; i-- {
		at := sessions[i].Add(postSession)
		if now.Before(at) || !now.Before(at.Add(postWindow)) {
			continue
		}
		if answeredSince(at.Add(-postSession / 2)) {
			break
		}
		return DueQuestionnaire{Instrument: inst, Key: key("post", sessions[i]), Reason: "24 hours after your session",
			DueAt: at, ExpiresAt: at.Add(LinkLifetime)}, true
	}
	if c.StartedAt.IsZero() || now.Before(c.StartedAt) {
		return DueQuestionnaire{}, false
	}
	every, kind, reason := weekly, "week", "weekly check-in"
	if now.Sub(c.StartedAt) >= inductionPhase {
		every, kind, reason = monthly, "month", "monthly check-in"
	}
	if answeredSince(now.Add(-every)) {
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
