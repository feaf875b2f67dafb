package treatment

import (
	"net/http"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/floor"
	"onset/internal/web/page"
)

// The Today board (service.TodayBoard): the first page of nurses and the
// front desk, and /today for every staff role that reads it. Its lanes
// refresh in place (live.js) and at once when the room reports a problem.

func (s *Pages) TodayPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	b, err := s.Svc.TodayBoard(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	data := map[string]any{"Board": b, "Refresh": int(s.LiveRefresh.Seconds()),
		"States": []floor.BoardState{floor.BoardBooked, floor.BoardArrived, floor.BoardCheckedIn, floor.BoardHeld, floor.BoardDosing,
			floor.BoardMonitoring, floor.BoardReady, floor.BoardDischarged},
		"CanArrive": service.Allowed(p.Role, service.ActArrival)}
	if err := s.AddWatchLists(r, p, data); err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "today", page.Page{Title: "Today", Principal: p, Data: data})
	return nil
}

// BoardFirst: nurses and the front desk start their day on the board.
func BoardFirst(r clinic.Role) bool { return r == clinic.RoleNurse || r == clinic.RoleFrontDesk }

// AddWatchLists adds what the role watches on its first page: open safety
// alerts from questionnaires and the treatment room's problems.
func (s *Pages) AddWatchLists(r *http.Request, p *accounts.Principal, data map[string]any) error {
	if service.Allowed(p.Role, service.ActAlertRead) {
		als, err := s.Svc.OpenAlerts(r.Context(), p.Actor)
		if err != nil {
			return err
		}
		data["Alerts"] = als
	}
	if service.Allowed(p.Role, service.ActRoomWatch) {
		room, err := s.Svc.RoomProblems(r.Context(), p.Actor)
		if err != nil {
			return err
		}
		data["Room"], data["WatchRoom"] = room, true
	}
	return nil
}

// appointmentArrive marks the appointment's patient arrived, from the board.
func (s *Pages) appointmentArrive(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	aid, err := page.PathID(r, "aid")
	if err != nil {
		return err
	}
	ap, err := s.Svc.MarkArrived(r.Context(), p.Actor, aid)
	if err != nil {
		return s.RedirectRefused(w, r, p, "/today", err)
	}
	s.RedirectDone(w, r, p, "/today", ap.PatientName+" has arrived.")
	return nil
}
