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

// The admin's booking set-up: time zone, opening hours, cancellation
// policy, chairs and rooms, providers.

type setupDay struct {
	Day      int
	Name     string
	Open     bool
	From, To string
}

func (s *Pages) bookingSetupPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	bs, err := s.Svc.BookingSetupPage(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	users, err := s.Svc.Users(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	var days []setupDay
	for _, d := range page.ClinicWeek {
		sd := setupDay{Day: int(d), Name: d.String(), From: "08:00", To: "18:00"}
		for _, w := range bs.Settings.Hours {
			if w.Day == d {
				sd.Open, sd.From, sd.To = true, w.From.String(), w.To.String()
			}
		}
		days = append(days, sd)
	}
	isProvider := map[int64]bool{}
	for _, pr := range bs.Providers {
		isProvider[pr.UserID] = true
	}
	var staff []page.Option
	for _, u := range users {
		// Therapists take therapy sessions only (booking.AddProvider).
		if (u.Role == clinic.RoleClinician || u.Role == clinic.RoleNurse || u.Role == clinic.RoleTherapist) && !u.Disabled && !isProvider[u.ID] {
			staff = append(staff, page.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " (" + string(u.Role) + ")"})
		}
	}
	s.Render(w, r, http.StatusOK, "booking_setup", page.Page{Title: "Booking set-up", Principal: p, Data: map[string]any{
		"Setup": bs, "Days": days, "Staff": staff}})
	return nil
}

func (s *Pages) bookingSettingsSave(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	fr := page.FormOf(r)
	f := fr.F
	in := record.BookingSettings{Timezone: strings.TrimSpace(f.Get("timezone"))}
	in.Policy.NoticeHours = fr.Int("notice_hours", "notice in hours")
	in.Policy.MaxReschedules = fr.Int("max_reschedules", "number of moves a patient may make")
	in.Policy.WithinDays = fr.Int("within_days", "days an appointment may move")
	if fr.Err != nil {
		return fr.Err
	}
	for _, d := range page.ClinicWeek {
		k := strconv.Itoa(int(d))
		if f.Get("open_"+k) == "" {
			continue
		}
		from, err := schedule.ParseClock(f.Get("from_" + k))
		if err != nil {
			return err
		}
		to, err := schedule.ParseClock(f.Get("to_" + k))
		if err != nil {
			return err
		}
		if from >= to {
			return clinic.Errorf(clinic.Invalid, "On %s the clinic must open before it closes.", d)
		}
		in.Hours = append(in.Hours, schedule.Window{Day: time.Weekday(d), From: from, To: to})
	}
	if len(in.Hours) == 0 {
		return clinic.Errorf(clinic.Invalid, "Tick at least one opening day.")
	}
	if err := s.Svc.SetBookingSettings(r.Context(), p.Actor, in); err != nil {
		return err
	}
	s.RedirectDone(w, r, p, "/admin/booking", "Settings saved.")
	return nil
}

func (s *Pages) bookingResourceAdd(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	res, err := s.Svc.AddResource(r.Context(), p.Actor, record.BookingResource{Name: r.PostForm.Get("name"),
		Kind: schedule.ResourceKind(r.PostForm.Get("kind"))})
	if err != nil {
		return err
	}
	s.RedirectDone(w, r, p, "/admin/booking", res.Name+" added.")
	return nil
}

func (s *Pages) bookingProviderAdd(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	uid, err := page.OptionalID(r.PostForm.Get("user"), "staff member")
	if err != nil || uid == 0 {
		return clinic.Errorf(clinic.Invalid, "Choose the staff member from the list.")
	}
	in := record.BookingProvider{UserID: uid}
	if r.PostForm.Get("treatments_only") != "" {
		in.Kinds = []schedule.Kind{schedule.Infusion, schedule.Esketamine, schedule.Injection}
	}
	if _, err := s.Svc.AddProvider(r.Context(), p.Actor, in); err != nil {
		return err
	}
	s.RedirectDone(w, r, p, "/admin/booking", "Provider added.")
	return nil
}
