// Package treatment serves the treatment session in the room: check-in,
// the blood-pressure hold, the dose, vital signs, side effects, the
// session's environment and discharge; the REMS form (page, PDF, queue),
// sign-off and addenda; the room's problems as a live event stream; and
// the Today board, the first page of nurses and the front desk.
package treatment

import (
	"onset/internal/service"
	"onset/internal/web/page"
)

// Pages serves the routes below; it builds on the Kit every page uses.
type Pages struct{ *page.Kit }

// New makes the handlers over k.
func New(k *page.Kit) *Pages { return &Pages{Kit: k} }

// Routes are the routes this package serves, for package web to mount.
func (s *Pages) Routes() []page.Route {
	return []page.Route{
		page.Full("GET /patients/{id}/treatment", service.ActSessionRead, s.treatmentPatientPage),
		page.Full("POST /patients/{id}/treatment", service.ActSessionCheckIn, s.treatmentCheckIn),
		page.Full("GET /treatment/{sid}", service.ActSessionRead, s.treatmentPage),
		page.Full("POST /treatment/{sid}/hold", service.ActSessionHold, s.treatmentHold),
		page.Full("POST /treatment/{sid}/dose", service.ActSessionDose, s.treatmentDose),
		page.Full("POST /treatment/{sid}/vitals", service.ActSessionChart, s.treatmentVitals),
		page.Full("POST /treatment/{sid}/alerts/{alert}/acknowledge", service.ActSessionChart, s.treatmentAlertAck),
		page.Full("POST /treatment/{sid}/effects", service.ActSessionChart, s.treatmentEffect),
		page.Full("POST /treatment/{sid}/environment", service.ActSessionChart, s.treatmentEnvironment),
		page.Full("POST /treatment/{sid}/discharge", service.ActSessionDischarge, s.treatmentDischarge),
		page.Full("GET /treatment/{sid}/rems", service.ActSessionRead, s.remsPage),
		page.Full("GET /treatment/{sid}/rems.pdf", service.ActSessionRead, s.remsPDF),
		page.Full("POST /treatment/{sid}/rems", service.ActSessionChart, s.remsSave),
		page.Full("POST /treatment/{sid}/rems/sign", service.ActREMSSign, s.remsSign),
		page.Full("GET /rems", service.ActSessionRead, s.remsQueue),
		page.Full("GET /events/room", service.ActRoomWatch, s.roomEvents), // the room's problems, live (room.go)
		page.Full("GET /today", service.ActBoardRead, s.TodayPage),        // the Today board (today.go)
		page.Full("POST /treatment/{sid}/sign", service.ActSessionSign, s.treatmentSign),
		page.Full("POST /treatment/{sid}/addenda", service.ActSessionAddendum, s.treatmentAddendum),
		page.Full("POST /patients/{id}/rems-enrolment", service.ActREMSEnrol, s.remsEnrol),
		page.Full("POST /appointments/{aid}/arrive", service.ActArrival, s.appointmentArrive), // the Today board (today.go)
	}
}
