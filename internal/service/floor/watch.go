package floor

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Problems in the treatment room reach a clinician at once: a dose held
// for blood pressure, an alarming reading, a screening exclusion. The use
// cases that find them publish them to the clinic's watchers (the
// clinicians' and nurses' open home pages) as soon as they are stored,
// and RoomProblems lists the ones still open for a page that opens later.

const roomProblemsDays = 7 // how far back the open list reaches for exclusions

// RoomProblems lists the clinic's open problems, newest first (audited).
func (s *Service) RoomProblems(ctx context.Context, a service.Actor) ([]record.RoomProblem, error) {
	if err := service.Authorize(a, service.ActRoomWatch); err != nil {
		return nil, err
	}
	r := s.store.Read()
	ps, err := r.OpenRoomProblems(ctx, a.ClinicID, s.Now().AddDate(0, 0, -roomProblemsDays))
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the problems in the room.")
	}
	overdue, err := overdueProblems(ctx, r, a.ClinicID, s.Now())
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the problems in the room.")
	}
	ps = append(overdue, ps...)
	e := s.Entry(a, service.ActRoomWatch, 0)
	e.RecordType = "room_problems"
	return ps, s.AuditRead(ctx, e)
}

// WatchRoom delivers the clinic's new problems until ctx ends; each one
// delivered is audited as a read of that patient's record.
func (s *Service) WatchRoom(ctx context.Context, a service.Actor) (<-chan record.RoomProblem, error) {
	if err := service.Authorize(a, service.ActRoomWatch); err != nil {
		return nil, err
	}
	in, end := s.SubscribeRoom(a.ClinicID)
	out := make(chan record.RoomProblem)
	go func() {
		defer close(out)
		defer end()
		for {
			select {
			case <-ctx.Done():
				return
			case p := <-in:
				e := s.Entry(a, service.ActRoomWatch, p.PatientID)
				e.RecordType, e.RecordID = "room_problem", p.SessionID
				if s.AuditRead(ctx, e) != nil {
					return
				}
				select {
				case out <- p:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}
