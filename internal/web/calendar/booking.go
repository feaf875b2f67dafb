package calendar

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/booking"
	"onset/internal/web/page"
)

// A patient's appointments: the list, online booking of the next plan
// sessions (patients and staff), single bookings, cancellation, the
// waitlist and the patient's own iCalendar file.

// proposal is a proposed plan session start, as the page shows it.
type proposal struct {
	Label, Value, Where, With string
	Session                   int
}

func appointmentsURL(patientID int64) string {
	return "/patients/" + strconv.FormatInt(patientID, 10) + "/appointments"
}

func (s *Pages) appointmentsPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	pb, err := s.Svc.PatientBookingPage(ctx, p.Actor, id)
	if err != nil {
		return err
	}
	loc, now := pb.Location, pb.Now
	var upcoming, past []calItem
	for _, a := range pb.Appointments {
		it := itemOf(a, loc)
		it.Time = a.Start.In(loc).Format("Mon 2 Jan 2006 15:04") + "–" + a.End.In(loc).Format("15:04")
		if a.Status == record.AppointmentBooked && a.End.After(now) {
			upcoming = append(upcoming, it)
		} else {
			past = append(past, it)
		}
	}
	staff := p.Role != clinic.RolePatient
	canBook := service.Allowed(p.Role, service.ActAppointmentBook)
	kinds := []page.Option{{Value: string(schedule.Consultation), Label: page.KindName(schedule.Consultation)},
		{Value: string(schedule.FollowUp), Label: page.KindName(schedule.FollowUp)}}
	if staff { // psychotherapy around the dose, with a therapist
		for _, k := range []schedule.Kind{schedule.TherapyPreparation, schedule.TherapyIntegration} {
			kinds = append(kinds, page.Option{Value: string(k), Label: page.KindName(k)})
		}
	}
	if staff && pb.Plan != nil {
		for _, k := range []schedule.Kind{schedule.Infusion, schedule.Esketamine, schedule.Injection} {
			kinds = append(kinds, page.Option{Value: string(k), Label: page.KindName(k) + " (next plan session)"})
		}
	}
	data := map[string]any{"Patient": pb.Patient, "Upcoming": upcoming, "Past": past, "Plan": pb.Plan,
		"Open": len(pb.OpenSessions), "Staff": staff, "CanBook": canBook, "Kinds": kinds, "Zone": loc.String(),
		"Resources": pb.Resources, "Providers": pb.Providers, "CanWaitlist": service.Allowed(p.Role, service.ActWaitlistManage),
		"Today": now.In(loc).Format(time.DateOnly), "N": min(6, len(pb.OpenSessions)), "From": now.In(loc).Format(time.DateOnly),
		"After": ""}
	// The eligibility screening (intake.go): a warning without an intake,
	// the reason when a failed screen blocks treatment bookings.
	if canBook { // those who book see whether a failed screen blocks it
		if data["Screening"], err = s.Svc.ScreeningStatus(ctx, p.Actor, id); err != nil {
			return err
		}
	}
	q := r.URL.Query()
	if q.Get("find") != "" && pb.Plan != nil && len(pb.OpenSessions) > 0 && canBook {
		from := now
		if d := q.Get("from"); d != "" {
			if from, err = time.ParseInLocation(time.DateOnly, d, loc); err != nil {
				return clinic.Errorf(clinic.Invalid, "Give the first day as YYYY-MM-DD.")
			}
			data["From"] = d
		}
		n, err := strconv.Atoi(q.Get("n"))
		if err != nil || n < 1 || n > 12 {
			return clinic.Errorf(clinic.Invalid, "Ask for between 1 and 12 sessions.")
		}
		data["N"] = n
		var after schedule.Clock
		if a := q.Get("after"); a != "" {
			if after, err = schedule.ParseClock(a); err != nil {
				return err
			}
			data["After"] = a
		}
		slots, err := s.Svc.FindPlanSlots(ctx, p.Actor, id, from, n, after, 0)
		if clinic.ErrorCode(err) == clinic.Invalid { // the search itself is wrong (a date past the booking horizon)
			return err
		} else if err != nil {
			data["FindError"] = clinic.ErrorMessage(err)
		}
		names := map[int64]string{}
		for _, r := range pb.Resources {
			names[r.ID] = r.Name
		}
		pnames := map[int64]string{}
		for _, pr := range pb.Providers {
			pnames[pr.ID] = pr.Name
		}
		var props []proposal
		for _, sl := range slots {
			props = append(props, proposal{Label: sl.Slot.Start.In(loc).Format("Mon 2 Jan 2006 15:04") + "–" + sl.Slot.End.In(loc).Format("15:04"),
				Value: fmt.Sprintf("%d|%d|%d|%d|%s", sl.Slot.Start.Unix(), sl.Slot.ResourceID, sl.Slot.ProviderID, sl.Session.Number, sl.Slot.Kind),
				Where: names[sl.Slot.ResourceID], With: pnames[sl.Slot.ProviderID], Session: sl.Session.Number})
		}
		data["Proposals"] = props
	}
	s.Render(w, r, http.StatusOK, "booking", page.Page{Title: "Appointments · " + pb.Patient.Name(), Principal: p, Data: data})
	return nil
}

// appointmentBook books one appointment from the form: kind, date and
// time in the clinic's zone, optional chair or room and provider.
func (s *Pages) appointmentBook(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	f := r.PostForm
	loc, err := s.Svc.ClinicLocation(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(f.Get("date"))+" "+strings.TrimSpace(f.Get("time")), loc)
	if err != nil {
		return clinic.Errorf(clinic.Invalid, "Give the date (YYYY-MM-DD) and the time (HH:MM).")
	}
	in := booking.BookingInput{PatientID: id, Kind: schedule.Kind(f.Get("kind")), Start: start, Note: f.Get("note")}
	if p.Role != clinic.RolePatient {
		if in.ResourceID, err = page.OptionalID(f.Get("resource"), "chair or room"); err != nil {
			return err
		}
		if in.ProviderID, err = page.OptionalID(f.Get("provider"), "provider"); err != nil {
			return err
		}
		in.Video, in.JoinLink = f.Get("video") != "", f.Get("join_link")
	}
	if repeat := strings.TrimSpace(f.Get("repeat")); repeat != "" && p.Role != clinic.RolePatient {
		as, err := s.Svc.BookRecurring(r.Context(), p.Actor, in, repeat)
		if err != nil {
			return err
		}
		s.RedirectDone(w, r, p, appointmentsURL(id), fmt.Sprintf("Booked %d × %s from %s to %s.", len(as), page.KindName(in.Kind),
			as[0].Start.In(loc).Format("Mon 2 Jan"), as[len(as)-1].Start.In(loc).Format("Mon 2 Jan 2006 15:04")))
		return nil
	}
	a, err := s.Svc.BookAppointment(r.Context(), p.Actor, in)
	if err != nil {
		return err
	}
	s.RedirectDone(w, r, p, appointmentsURL(id), "Booked: "+page.KindName(a.Kind)+" on "+a.Start.In(loc).Format("Mon 2 Jan 2006 15:04")+
		" in "+a.ResourceName+".")
	return nil
}

// appointmentSeries books the proposed plan sessions that are ticked, all
// or none. Each value is "unix start|chair|provider|session|kind".
func (s *Pages) appointmentSeries(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	var ins []booking.BookingInput
	for _, v := range r.PostForm["slot"] {
		parts := strings.Split(v, "|")
		if len(parts) != 5 {
			return clinic.Errorf(clinic.Invalid, "Choose the sessions from the proposed list.")
		}
		var nums [4]int64
		for i := range 4 {
			if nums[i], err = strconv.ParseInt(parts[i], 10, 64); err != nil {
				return clinic.Errorf(clinic.Invalid, "Choose the sessions from the proposed list.")
			}
		}
		ins = append(ins, booking.BookingInput{PatientID: id, Kind: schedule.Kind(parts[4]), Start: time.Unix(nums[0], 0).UTC(),
			ResourceID: nums[1], ProviderID: nums[2], PlanSession: int(nums[3])})
	}
	if len(ins) == 0 {
		return clinic.Errorf(clinic.Invalid, "Tick at least one proposed session to book.")
	}
	booked, err := s.Svc.BookSeries(r.Context(), p.Actor, ins)
	if err != nil {
		return err
	}
	s.RedirectDone(w, r, p, appointmentsURL(id), fmt.Sprintf("Booked %d treatment sessions.", len(booked)))
	return nil
}

// appointmentCancel cancels; staff are told who on the waitlist could
// take the freed time.
func (s *Pages) appointmentCancel(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	aid, err := page.PathID(r, "aid")
	if err != nil {
		return err
	}
	a, offers, err := s.Svc.CancelAppointment(r.Context(), p.Actor, aid, r.PostForm.Get("reason"))
	if err != nil {
		return err
	}
	msg := "Appointment cancelled."
	if a.LateChange {
		msg = "Appointment cancelled (late: inside the notice window)."
	}
	if len(offers) > 0 && p.Role != clinic.RolePatient {
		var names []string
		for _, o := range offers {
			names = append(names, o.Entry.PatientName+" ("+page.KindName(o.Entry.Kind)+")")
		}
		msg += fmt.Sprintf(" Waitlist: %s could take this time.", strings.Join(names, ", "))
	}
	s.RedirectDone(w, r, p, page.LocalTarget(r.PostForm.Get("back"), appointmentsURL(a.PatientID)), msg)
	return nil
}

// appointmentMove moves an appointment to a new date and time (clinic
// zone) within the policy; the chair and provider are kept when free.
func (s *Pages) appointmentMove(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	aid, err := page.PathID(r, "aid")
	if err != nil {
		return err
	}
	loc, err := s.Svc.ClinicLocation(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(r.PostForm.Get("date"))+" "+strings.TrimSpace(r.PostForm.Get("time")), loc)
	if err != nil {
		return clinic.Errorf(clinic.Invalid, "Give the new date (YYYY-MM-DD) and time (HH:MM).")
	}
	// From the calendar's drag and drop: into the chair it was dropped on,
	// and back to the calendar, with the reason when refused.
	if r.PostForm.Get("back") == "calendar" {
		resource, err := page.OptionalID(r.PostForm.Get("resource"), "chair or room")
		if err != nil {
			return err
		}
		back := "/calendar?date=" + start.Format(time.DateOnly)
		a, err := s.Svc.MoveAppointment(r.Context(), p.Actor, aid, start, resource)
		if err != nil {
			return s.RedirectRefused(w, r, p, back, err)
		}
		s.RedirectDone(w, r, p, back, "Moved "+a.PatientName+" to "+a.Start.In(loc).Format("Mon 2 Jan 15:04")+" in "+a.ResourceName+".")
		return nil
	}
	a, err := s.Svc.RescheduleAppointment(r.Context(), p.Actor, aid, start)
	if err != nil {
		return err
	}
	s.RedirectDone(w, r, p, appointmentsURL(a.PatientID), "Moved to "+a.Start.In(loc).Format("Mon 2 Jan 2006 15:04")+" in "+a.ResourceName+".")
	return nil
}

// appointmentsICS is the patient's own appointments as an iCalendar file.
func (s *Pages) appointmentsICS(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	pb, err := s.Svc.PatientBookingPage(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	var events []icsEvent
	for _, a := range pb.Appointments {
		if a.Status == record.AppointmentAttended {
			continue
		}
		events = append(events, icsEvent{UID: appointmentUID(a), Summary: page.KindName(a.Kind) + " at the clinic",
			Location: icsWhere(a), Description: strings.Join(pb.Settings.VisitInstructions(a.Kind), " "), Start: a.Start, End: a.End, Stamp: a.CreatedAt,
			Cancelled: a.Status == record.AppointmentCancelled})
	}
	writeCalendar(w, "appointments.ics", writeICS(pb.Settings.Name+" appointments", events))
	return nil
}

// waitlistAdd puts a patient on the waitlist.
func (s *Pages) waitlistAdd(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	fr := page.FormOf(r)
	prio := fr.OptInt("priority", "priority")
	if fr.Err != nil || prio < 0 || prio > 9 {
		return clinic.Errorf(clinic.Invalid, "The priority is from 0 to 9.")
	}
	if _, err := s.Svc.AddToWaitlist(r.Context(), p.Actor, record.WaitlistEntry{PatientID: id,
		Kind: schedule.Kind(r.PostForm.Get("kind")), Priority: prio, Note: r.PostForm.Get("note")}); err != nil {
		return err
	}
	s.RedirectDone(w, r, p, appointmentsURL(id), "Added to the waitlist.")
	return nil
}

// apiAppointment is an appointment in the JSON API.
type apiAppointment struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	KindName    string    `json:"kind_name"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Local       string    `json:"local"` // "Mon 1 Jun 2026 08:00–09:25" in the clinic's zone
	Where       string    `json:"where"`
	With        string    `json:"with"`
	Status      string    `json:"status"`
	Upcoming    bool      `json:"upcoming"`
	PlanID      int64     `json:"plan_id,omitempty"`
	PlanSession int       `json:"plan_session,omitempty"`
}

// apiAppointments lists a patient's appointments (the patient page's
// "upcoming appointments" box reads it).
func (s *Pages) apiAppointments(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	pb, err := s.Svc.PatientBookingPage(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	out := []apiAppointment{}
	for _, a := range pb.Appointments {
		out = append(out, apiAppointment{ID: a.ID, Kind: string(a.Kind), KindName: page.KindName(a.Kind), Start: a.Start, End: a.End,
			Local: a.Start.In(pb.Location).Format("Mon 2 Jan 2006 15:04") + "–" + a.End.In(pb.Location).Format("15:04"),
			Where: a.ResourceName, With: a.ProviderName, Status: string(a.Status),
			Upcoming: a.Status == record.AppointmentBooked && a.End.After(pb.Now), PlanID: a.PlanID, PlanSession: a.PlanSession})
	}
	return page.WriteJSON(w, http.StatusOK, map[string]any{"time_zone": pb.Location.String(), "appointments": out})
}
