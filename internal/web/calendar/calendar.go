package calendar

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service/accounts"
	"onset/internal/web/page"
)

// The front desk's calendar: a day per chair and room and per provider,
// and a week; both as a page and as an iCalendar feed.

// calItem is one appointment as a calendar line.
type calItem struct {
	ID          int64
	Time        string // local "09:00–10:25"
	PatientID   int64
	Patient     string
	Kind        string
	Treatment   bool
	Where, With string
	Plan        string // "plan session 2", or ""
	Status      string
	Video       bool   // held by video (no chair or room)
	JoinLink    string // a video visit's link or note
	JoinURL     bool   // JoinLink is an https link
}

// calDay is one day of the week view.
type calDay struct {
	Date, Label string
	Items       []calItem
}

func itemOf(a record.Appointment, loc *time.Location) calItem {
	it := calItem{ID: a.ID, Time: a.Start.In(loc).Format("15:04") + "–" + a.End.In(loc).Format("15:04"),
		PatientID: a.PatientID, Patient: a.PatientName, Kind: page.KindName(a.Kind), Where: a.ResourceName, With: a.ProviderName,
		Status: string(a.Status), Video: a.Video, JoinLink: a.JoinLink,
		JoinURL: strings.HasPrefix(a.JoinLink, "https://")}
	for _, t := range schedule.DefaultTypes() {
		if t.Kind == a.Kind {
			it.Treatment = t.Treatment
		}
	}
	if a.PlanSession > 0 {
		it.Plan = "plan session " + strconv.Itoa(a.PlanSession)
	}
	return it
}

// calendarRange reads ?date=YYYY-MM-DD (default today) and ?view=week in
// the clinic's zone: a day, or the Monday-to-Sunday week holding it.
func (s *Pages) calendarRange(r *http.Request, p *accounts.Principal) (from, to time.Time, loc *time.Location, week bool, err error) {
	if loc, err = s.Svc.ClinicLocation(r.Context(), p.Actor); err != nil {
		return
	}
	day := s.Now().In(loc)
	if d := r.URL.Query().Get("date"); d != "" {
		if day, err = time.ParseInLocation(time.DateOnly, d, loc); err != nil {
			err = clinic.Errorf(clinic.Invalid, "Give the date as YYYY-MM-DD.")
			return
		}
	}
	from = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
	week = r.URL.Query().Get("view") == "week"
	if week {
		from = from.AddDate(0, 0, -((int(from.Weekday()) + 6) % 7))
		to = from.AddDate(0, 0, 7)
	} else {
		to = from.AddDate(0, 0, 1)
	}
	return
}

func (s *Pages) calendarPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	from, to, loc, week, err := s.calendarRange(r, p)
	if err != nil {
		return err
	}
	v, err := s.Svc.Calendar(r.Context(), p.Actor, from, to)
	if err != nil {
		return err
	}
	data := map[string]any{"Week": week, "Date": from.Format(time.DateOnly), "Zone": loc.String(),
		"Label": from.Format("Monday 2 January 2006"), "Count": len(v.Appointments)}
	step := 1
	if week {
		step = 7
		data["Label"] = "Week of " + from.Format("Monday 2 January 2006")
	}
	data["Prev"], data["Next"] = from.AddDate(0, 0, -step).Format(time.DateOnly), from.AddDate(0, 0, step).Format(time.DateOnly)
	data["ICS"] = "/calendar.ics?from=" + from.Format(time.DateOnly) + "&days=" + strconv.Itoa(step)
	if week {
		var days []calDay
		for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
			cd := calDay{Date: d.Format(time.DateOnly), Label: d.Format("Monday 2 January")}
			for _, a := range v.Appointments {
				if ls := a.Start.In(loc); ls.Year() == d.Year() && ls.YearDay() == d.YearDay() {
					cd.Items = append(cd.Items, itemOf(a, loc))
				}
			}
			days = append(days, cd)
		}
		data["Days"] = days
	} else {
		data["Grids"] = dayGrids(from, v.Hours, v.Resources, v.Providers, v.Appointments, s.Now(), loc)
		if wl, err := s.Svc.Waitlist(r.Context(), p.Actor); err == nil {
			data["Waitlist"] = wl
		} else {
			return err
		}
	}
	s.Render(w, r, http.StatusOK, "calendar", page.Page{Title: "Calendar · " + data["Label"].(string), Principal: p, Data: data})
	return nil
}

// calendarICS exports the clinic's appointments: ?from=YYYY-MM-DD&days=N
// (default today and 7 days; at most 31).
func (s *Pages) calendarICS(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	loc, err := s.Svc.ClinicLocation(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	day := s.Now().In(loc)
	q := r.URL.Query()
	if d := q.Get("from"); d != "" {
		if day, err = time.ParseInLocation(time.DateOnly, d, loc); err != nil {
			return clinic.Errorf(clinic.Invalid, "Give the first day as YYYY-MM-DD.")
		}
	}
	days := 7
	if d := q.Get("days"); d != "" {
		if days, err = strconv.Atoi(d); err != nil || days < 1 || days > 31 {
			return clinic.Errorf(clinic.Invalid, "Give between 1 and 31 days.")
		}
	}
	from := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
	v, err := s.Svc.Calendar(r.Context(), p.Actor, from, from.AddDate(0, 0, days))
	if err != nil {
		return err
	}
	var events []icsEvent
	for _, a := range v.Appointments {
		events = append(events, icsEvent{UID: appointmentUID(a), Summary: page.KindName(a.Kind) + " · " + a.PatientName,
			Location: icsWhere(a), Description: "With " + a.ProviderName, Start: a.Start, End: a.End, Stamp: a.CreatedAt})
	}
	writeCalendar(w, "onset-"+from.Format(time.DateOnly)+".ics", writeICS("Onset clinic calendar", events))
	return nil
}

func writeCalendar(w http.ResponseWriter, filename, body string) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(body))
}

// icsWhere is an appointment's place in a calendar file: its chair or
// room, or for a video visit the link or note to join by.
func icsWhere(a record.Appointment) string {
	if a.Video && a.JoinLink != "" {
		return "Video: " + a.JoinLink
	}
	return a.ResourceName
}
