package calendar

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/schedule"
	"onset/internal/service/accounts"
	"onset/internal/service/booking"
	"onset/internal/web/page"
)

// Booking from the calendar: a free quarter hour of the time grid opens
// this form with its chair (or provider) and time filled in; the front
// desk names the patient and the visit. A name that fits several patients
// lists them to choose from; what was typed is kept on every refusal.

// calendarBookForm is what the form holds between its showings.
type calendarBookForm struct {
	Date, Time         string
	Resource, Provider string // ids, as sent
	Patient            string // the search typed
	PatientID          string
	Kind               string
	Note               string
	Video              bool   // by video: no chair or room
	JoinLink           string // the video visit's link or note
	Waitlist           string // the waitlist entry an offer books (closed with it)
}

func calendarBookFormOf(v url.Values) calendarBookForm {
	return calendarBookForm{Date: v.Get("date"), Time: v.Get("time"), Resource: v.Get("resource"), Provider: v.Get("provider"),
		Patient: v.Get("patient"), PatientID: v.Get("patient_id"), Kind: v.Get("kind"), Note: v.Get("note"),
		Video: v.Get("video") != "", JoinLink: v.Get("join_link"), Waitlist: v.Get("waitlist")}
}

func (s *Pages) calendarBookPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.renderCalendarBook(w, r, p, http.StatusOK, calendarBookFormOf(r.URL.Query()), "", nil)
}

func (s *Pages) renderCalendarBook(w http.ResponseWriter, r *http.Request, p *accounts.Principal, status int, f calendarBookForm,
	problem string, matches []clinic.Patient) error {
	loc, err := s.Svc.ClinicLocation(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", f.Date+" "+f.Time, loc)
	if err != nil {
		return clinic.Errorf(clinic.Invalid, "Choose a time on the calendar: the date (YYYY-MM-DD) and time (HH:MM) are missing.")
	}
	setup, err := s.Svc.Calendar(r.Context(), p.Actor, start, start.Add(time.Minute)) // its chairs and providers
	if err != nil {
		return err
	}
	where := ""
	for _, res := range setup.Resources {
		if strconv.FormatInt(res.ID, 10) == f.Resource {
			where = res.Name
		}
	}
	for _, pr := range setup.Providers {
		if strconv.FormatInt(pr.ID, 10) == f.Provider {
			where = "with " + pr.Name
		}
	}
	var kinds []page.Option
	for _, t := range schedule.DefaultTypes() {
		kinds = append(kinds, page.Option{Value: string(t.Kind), Label: t.Name})
	}
	s.Render(w, r, status, "calendar_book", page.Page{Title: "Book from the calendar", Principal: p, Error: problem,
		Data: map[string]any{"Form": f, "When": start.Format("Monday 2 January 2006, 15:04"), "Zone": loc.String(),
			"Where": where, "Kinds": kinds, "Matches": matches, "Back": "/calendar?date=" + f.Date}})
	return nil
}

// calendarBook books the chosen quarter hour for the patient named.
func (s *Pages) calendarBook(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	f := calendarBookFormOf(r.PostForm)
	refuse := func(status int, msg string, matches []clinic.Patient) error {
		return s.renderCalendarBook(w, r, p, status, f, msg, matches)
	}
	loc, err := s.Svc.ClinicLocation(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(f.Date)+" "+strings.TrimSpace(f.Time), loc)
	if err != nil {
		return clinic.Errorf(clinic.Invalid, "Give the date (YYYY-MM-DD) and the time (HH:MM).")
	}
	in := booking.BookingInput{Kind: schedule.Kind(f.Kind), Start: start, Note: f.Note, Video: f.Video, JoinLink: f.JoinLink}
	if in.ResourceID, err = page.OptionalID(f.Resource, "chair or room"); err != nil {
		return refuse(http.StatusBadRequest, clinic.ErrorMessage(err), nil)
	}
	if in.Video {
		in.ResourceID = 0 // a video visit from a room's quarter hour holds no room
	}
	if in.ProviderID, err = page.OptionalID(f.Provider, "provider"); err != nil {
		return refuse(http.StatusBadRequest, clinic.ErrorMessage(err), nil)
	}
	if in.PatientID, err = page.OptionalID(f.PatientID, "patient"); err != nil {
		return refuse(http.StatusBadRequest, clinic.ErrorMessage(err), nil)
	}
	if in.WaitlistID, err = page.OptionalID(f.Waitlist, "waitlist entry"); err != nil {
		return refuse(http.StatusBadRequest, clinic.ErrorMessage(err), nil)
	}
	if in.PatientID == 0 {
		q := strings.TrimSpace(f.Patient)
		if q == "" {
			return refuse(http.StatusBadRequest, "Name the patient: a name, a patient number, a birth date or a phone number.", nil)
		}
		found, err := s.Svc.ListPatients(r.Context(), p.Actor, q, 1)
		if err != nil {
			if clinic.ErrorCode(err) == clinic.Invalid {
				return refuse(http.StatusBadRequest, clinic.ErrorMessage(err), nil)
			}
			return err
		}
		switch len(found.Patients) {
		case 0:
			return refuse(http.StatusBadRequest, "No patient matches “"+q+"”. Register new patients on the Patients page.", nil)
		case 1:
			in.PatientID = found.Patients[0].ID
		default:
			return refuse(http.StatusOK, "Several patients match “"+q+"”: choose one.", found.Patients)
		}
	}
	a, err := s.Svc.BookAppointment(r.Context(), p.Actor, in)
	if err != nil {
		if status, ok := page.UserError(err); ok {
			return refuse(status, clinic.ErrorMessage(err), nil)
		}
		return err
	}
	s.RedirectDone(w, r, p, "/calendar?date="+a.Start.In(loc).Format(time.DateOnly), "Booked "+a.PatientName+": "+page.KindName(a.Kind)+
		" on "+a.Start.In(loc).Format("Mon 2 Jan 15:04")+" in "+a.ResourceName+".")
	return nil
}
