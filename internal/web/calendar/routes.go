// Package calendar serves booking and the clinic calendar: the week and
// day views (the day's grid of chairs and rooms, booking from a free
// quarter hour), the iCalendar feeds, a patient's appointments, series
// and the waitlist, and the booking setup (hours, chairs, rooms,
// providers).
package calendar

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
		page.Full("GET /calendar", service.ActCalendarRead, s.calendarPage),
		page.Full("GET /calendar/book", service.ActCalendarRead, s.calendarBookPage), // a free quarter hour of the grid (calendar_book.go)
		page.Full("POST /calendar/book", service.ActCalendarRead, s.calendarBook),
		page.Full("GET /calendar.ics", service.ActCalendarRead, s.calendarICS),
		page.Full("GET /patients/{id}/appointments", service.ActAppointmentRead, s.appointmentsPage),
		page.Full("GET /patients/{id}/appointments.ics", service.ActAppointmentRead, s.appointmentsICS),
		page.Full("POST /patients/{id}/appointments", service.ActAppointmentBook, s.appointmentBook),
		page.Full("POST /patients/{id}/appointments/series", service.ActAppointmentBook, s.appointmentSeries),
		page.Full("POST /patients/{id}/waitlist", service.ActWaitlistManage, s.waitlistAdd),
		page.Full("POST /appointments/{aid}/cancel", service.ActAppointmentBook, s.appointmentCancel),
		page.Full("POST /appointments/{aid}/move", service.ActAppointmentBook, s.appointmentMove),
		page.Full("GET /api/v1/patients/{id}/appointments", service.ActAppointmentRead, s.apiAppointments),
		page.Full("GET /admin/booking", service.ActBookingSetup, s.bookingSetupPage),
		page.Full("POST /admin/booking/settings", service.ActBookingSetup, s.bookingSettingsSave),
		page.Full("POST /admin/booking/resources", service.ActBookingSetup, s.bookingResourceAdd),
		page.Full("POST /admin/booking/providers", service.ActBookingSetup, s.bookingProviderAdd),
	}
}
