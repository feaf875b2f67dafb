package floor

import (
	"context"
	"slices"
	"strconv"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
)

// The Today board: the day's treatment room at a glance, for nurses and
// the front desk — each chair and room with its appointments, and each
// patient's state as staff act: booked → checked in → dosing → monitoring
// → ready for discharge → discharged (or held, or cancelled), with the
// hold, open alerts, overdue vital signs and unmet discharge criteria on
// the card and the next action one click away.

// BoardState is where a patient on the board stands.
type BoardState string

const (
	BoardBooked     BoardState = "booked"
	BoardArrived    BoardState = "arrived" // in the waiting room: the front desk saw them
	BoardCheckedIn  BoardState = "checked in"
	BoardHeld       BoardState = "held"
	BoardDosing     BoardState = "dosing"
	BoardMonitoring BoardState = "monitoring"
	BoardReady      BoardState = "ready for discharge"
	BoardDischarged BoardState = "discharged"
	BoardCancelled  BoardState = "not dosed"
	BoardAttended   BoardState = "attended"
)

// BoardCard is one patient's appointment or session on the board.
type BoardCard struct {
	PatientID   int64
	PatientName string
	Start       time.Time // the appointment's start, or the check-in for a walk-in
	Kind        string    // the appointment's kind ("" for a walk-in)
	State       BoardState
	Appointment *record.Appointment      // nil for a walk-in
	Session     *record.TreatmentSession // nil until checked in
	OpenAlerts  int
	Overdue     time.Duration // vital signs this late; 0 when not
	Unmet       []string      // discharge criteria not yet met (monitoring)
	NextAction  string        // what to do next, in a few words
	NextLink    string
}

// BoardLane is a chair or room with its cards, or the walk-ins' lane.
type BoardLane struct {
	Name  string
	Cards []BoardCard
}

// Board is the day's board in the clinic's time zone.
type Board struct {
	Day      time.Time // local midnight
	Location *time.Location
	Lanes    []BoardLane
	Counts   map[BoardState]int
	Problems int // cards with a hold, an open alert or overdue vitals
}

// TodayBoard builds the board for the clinic's current day (audited:
// it names patients).
func (s *Service) TodayBoard(ctx context.Context, a service.Actor) (Board, error) {
	if err := service.Authorize(a, service.ActBoardRead); err != nil {
		return Board{}, err
	}
	q := s.store.Read()
	cs, err := service.LoadCalendarSetup(ctx, q, a.ClinicID)
	if err != nil {
		return Board{}, clinic.Wrap(err, "Could not load the clinic's settings.")
	}
	now := s.Now()
	y, m, d := now.In(cs.Loc).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, cs.Loc)
	appts, err := q.Appointments(ctx, a.ClinicID, day, day.AddDate(0, 0, 1))
	if err != nil {
		return Board{}, clinic.Wrap(err, "Could not load the day's appointments.")
	}
	sessions, err := q.ClinicSessionRecordsSince(ctx, a.ClinicID, day)
	if err != nil {
		return Board{}, clinic.Wrap(err, "Could not load the day's sessions.")
	}
	rules, err := service.SessionRulesIn(ctx, q, a.ClinicID)
	if err != nil {
		return Board{}, clinic.Wrap(err, "Could not load the clinic's session rules.")
	}
	b := Board{Day: day, Location: cs.Loc, Counts: map[BoardState]int{}}
	lanes := map[int64]int{} // resource → lane
	for _, r := range cs.Resources {
		lanes[r.ID] = len(b.Lanes)
		b.Lanes = append(b.Lanes, BoardLane{Name: r.Name})
	}
	walkIns := len(b.Lanes)
	b.Lanes = append(b.Lanes, BoardLane{Name: "Walk-ins and unbooked"})
	byAppt := map[int64]int{}
	for i, rec := range sessions {
		if rec.Session.AppointmentID > 0 {
			byAppt[rec.Session.AppointmentID] = i
		}
	}
	used := map[int]bool{}
	add := func(lane int, c BoardCard) {
		b.Lanes[lane].Cards = append(b.Lanes[lane].Cards, c)
		b.Counts[c.State]++
		if c.State == BoardHeld || c.OpenAlerts > 0 || c.Overdue > 0 {
			b.Problems++
		}
	}
	for i := range appts {
		ap := appts[i]
		if ap.Status == record.AppointmentCancelled {
			continue
		}
		c := BoardCard{PatientID: ap.PatientID, PatientName: ap.PatientName, Start: ap.Start, Kind: string(ap.Kind), Appointment: &ap}
		if si, ok := byAppt[ap.ID]; ok {
			used[si] = true
			fillSessionCard(&c, sessions[si], rules, now)
		} else {
			c.State, c.NextAction = BoardBooked, "Check in"
			if !ap.ArrivedAt.IsZero() {
				c.State = BoardArrived
			}
			if ap.Status == record.AppointmentAttended {
				c.State, c.NextAction = BoardAttended, "Open"
			}
			c.NextLink = "/patients/" + itoa64(ap.PatientID) + "/treatment"
			if !schedule.IsTreatment(ap.Kind) {
				c.NextAction, c.NextLink = "Open the record", "/patients/"+itoa64(ap.PatientID)
			}
		}
		lane, ok := lanes[ap.ResourceID]
		if !ok {
			lane = walkIns
		}
		add(lane, c)
	}
	var names map[int64]string // the patients of sessions without an appointment
	for i, rec := range sessions {
		if used[i] {
			continue
		}
		if names == nil {
			if names, err = q.SessionPatientsSince(ctx, a.ClinicID, day); err != nil {
				return Board{}, clinic.Wrap(err, "Could not load the patients.")
			}
		}
		ts := rec.Session
		c := BoardCard{PatientID: ts.PatientID, PatientName: names[ts.PatientID], Start: ts.CheckedInAt}
		fillSessionCard(&c, rec, rules, now)
		add(walkIns, c)
	}
	for i := range b.Lanes {
		slices.SortStableFunc(b.Lanes[i].Cards, func(x, y BoardCard) int { return x.Start.Compare(y.Start) })
	}
	if len(b.Lanes[walkIns].Cards) == 0 {
		b.Lanes = b.Lanes[:walkIns]
	}
	e := s.Entry(a, service.ActBoardRead, 0)
	e.RecordType = "today_board"
	return b, s.AuditRead(ctx, e)
}

// fillSessionCard sets a card's state and problems from its session.
func fillSessionCard(c *BoardCard, rec record.SessionRecord, rules record.SessionRules, now time.Time) {
	ts := rec.Session
	c.Session = &rec.Session
	for _, al := range rec.Alerts {
		if al.Open() {
			c.OpenAlerts++
		}
	}
	if due := record.NextVitalsDue(rec, rules, now); !due.IsZero() && now.After(due) {
		c.Overdue = now.Sub(due).Truncate(time.Minute)
	}
	c.NextAction, c.NextLink = "Open the session", "/treatment/"+itoa64(ts.ID)
	switch ts.Status {
	case record.SessionReady:
		c.State, c.NextAction = BoardCheckedIn, "Give the dose"
	case record.SessionHeld:
		c.State, c.NextAction = BoardHeld, "Clinician to decide"
	case record.SessionCancelled:
		c.State = BoardCancelled
	case record.SessionDischarged:
		c.State = BoardDischarged
	case record.SessionDosed:
		switch {
		case rec.Dose != nil && now.Before(rec.Dose.EndedAt):
			c.State, c.NextAction = BoardDosing, "Vital signs"
		default:
			c.Unmet = record.DischargeBlockers(rec, now, rules)
			c.State, c.NextAction = BoardMonitoring, "Vital signs"
			if len(c.Unmet) == 0 {
				c.State, c.NextAction = BoardReady, "Discharge"
			}
		}
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
