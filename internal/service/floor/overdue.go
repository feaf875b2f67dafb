package floor

import (
	"context"
	"fmt"
	"onset/internal/record"
	"onset/internal/service"
	"time"
)

// Overdue vital signs are loud: a session whose next vital signs are more
// than vitalsOverdueGrace late is a problem in the room, listed for the
// clinicians and pushed to them once by WatchOverdueVitals.

// RoomVitalsOverdue is an open session whose vital signs are late.
const RoomVitalsOverdue = "vitals-overdue"

// vitalsOverdueGrace is how late vital signs may be before the room is
// told: a nurse finishing a reading should not set off an alarm (clinic
// default; no published figure).
const vitalsOverdueGrace = 5 * time.Minute

// openSessionsWindow is how far back an open session is still someone in
// the room (a session left open overnight is a record to close, not a
// patient in a chair).
const openSessionsWindow = 12 * time.Hour

// overdueProblems lists the clinic's open sessions whose vital signs are
// more than the grace late at now.
func overdueProblems(ctx context.Context, q Queries, clinicID int64, now time.Time) ([]record.RoomProblem, error) {
	// The sessions with their vital signs and doses in a few queries,
	// not a session record and a patient read each: the Today page asks
	// on every view, and on PostgreSQL each query is a round trip.
	since := now.Add(-openSessionsWindow)
	recs, err := q.ClinicSessionRecordsSince(ctx, clinicID, since)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	rules, err := service.SessionRulesIn(ctx, q, clinicID)
	if err != nil {
		return nil, err
	}
	var out []record.RoomProblem
	var names map[int64]string
	for _, rec := range recs {
		ts := rec.Session
		switch ts.Status {
		case record.SessionReady, record.SessionHeld, record.SessionDosed: // open
		default:
			continue
		}
		due := record.NextVitalsDue(rec, rules, now)
		if due.IsZero() || !now.After(due.Add(vitalsOverdueGrace)) {
			continue
		}
		if names == nil {
			if names, err = q.SessionPatientsSince(ctx, clinicID, since); err != nil {
				return nil, err
			}
		}
		out = append(out, record.RoomProblem{Kind: RoomVitalsOverdue, ClinicID: clinicID, PatientID: ts.PatientID, PatientName: names[ts.PatientID],
			SessionID: ts.ID, At: due, Message: fmt.Sprintf("Vital signs overdue by %d min (due at %s UTC).",
				int(now.Sub(due)/time.Minute), due.Format("15:04"))})
	}
	return out, nil
}

// WatchOverdueVitals checks every clinic's open sessions every interval
// until ctx ends and tells the room, once, about each reading that has
// become overdue. serve runs it.
func (s *Service) WatchOverdueVitals(ctx context.Context, every time.Duration) {
	told := map[[2]int64]bool{} // session, due time (Unix)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		ids, err := s.store.Read().ClinicIDs(ctx)
		if err != nil {
			continue // the next tick tries again
		}
		now := s.Now()
		for _, id := range ids {
			ps, err := overdueProblems(ctx, s.store.Read(), id, now)
			if err != nil {
				continue
			}
			for _, p := range ps {
				key := [2]int64{p.SessionID, p.At.Unix()}
				if !told[key] {
					told[key] = true
					s.PublishRoom(p)
				}
			}
		}
		if len(told) > 10000 { // a long-running server forgets old sessions
			clear(told)
		}
	}
}
