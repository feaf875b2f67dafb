package booking

import (
	"context"
	"slices"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
)

// CalendarView is the clinic's calendar for a period: chairs and rooms,
// providers and the live appointments, with the clinic's time zone.
type CalendarView struct {
	Location     *time.Location
	From, To     time.Time // UTC
	Hours        []schedule.Window
	Resources    []record.BookingResource
	Providers    []record.BookingProvider
	Appointments []record.Appointment // booked and attended, by start
}

// Calendar returns the clinic's appointments between from and to (at most
// 31 days), for the front desk's day and week views and the iCalendar feed.
// The read is audited (the view names patients).
func (s *Service) Calendar(ctx context.Context, a service.Actor, from, to time.Time) (CalendarView, error) {
	if err := service.Authorize(a, service.ActCalendarRead); err != nil {
		return CalendarView{}, err
	}
	if err := clinic.ReportDate.Check(from, s.Now()); err != nil {
		return CalendarView{}, err
	}
	if !from.Before(to) || to.Sub(from) > 31*24*time.Hour {
		return CalendarView{}, clinic.Errorf(clinic.Invalid, "Choose a period of up to 31 days.")
	}
	q := s.store.Read()
	cs, err := service.LoadCalendarSetup(ctx, q, a.ClinicID)
	if err != nil {
		return CalendarView{}, clinic.Wrap(err, "Could not load the calendar.")
	}
	appts, err := q.Appointments(ctx, a.ClinicID, from, to)
	if err != nil {
		return CalendarView{}, clinic.Wrap(err, "Could not load the calendar.")
	}
	appts = slices.DeleteFunc(appts, func(x record.Appointment) bool { return x.Status == record.AppointmentCancelled })
	v := CalendarView{Location: cs.Loc, From: from.UTC(), To: to.UTC(), Hours: cs.Settings.Hours,
		Resources: cs.Resources, Providers: cs.Providers, Appointments: appts}
	return v, s.AuditRead(ctx, s.Entry(a, service.ActCalendarRead, 0))
}

// ClinicLocation is the clinic's scheduling time zone.
func (s *Service) ClinicLocation(ctx context.Context, a service.Actor) (*time.Location, error) {
	cs, err := service.LoadCalendarSetup(ctx, s.store.Read(), a.ClinicID)
	if err != nil {
		return time.UTC, clinic.Wrap(err, "Could not load the clinic's settings.")
	}
	return cs.Loc, nil
}

// PatientAppointments lists a patient's appointments (every status, by
// start). Patients see their own.
func (s *Service) PatientAppointments(ctx context.Context, a service.Actor, patientID int64) ([]record.Appointment, error) {
	if err := service.AuthorizePatient(a, service.ActAppointmentRead, patientID); err != nil {
		return nil, err
	}
	out, err := s.store.Read().PatientAppointments(ctx, a.ClinicID, patientID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the appointments.")
	}
	return out, s.AuditRead(ctx, s.Entry(a, service.ActAppointmentRead, patientID))
}

// SetBookingSettings saves the clinic's time zone, hours and policy.
func (s *Service) SetBookingSettings(ctx context.Context, a service.Actor, in record.BookingSettings) error {
	if err := service.Authorize(a, service.ActBookingSetup); err != nil {
		return err
	}
	in.ClinicID = a.ClinicID
	if in.Timezone != "" {
		if _, err := time.LoadLocation(in.Timezone); err != nil {
			return clinic.Errorf(clinic.Invalid, "%q is not a time zone (use a name such as Europe/Berlin).", in.Timezone)
		}
	}
	hours := in.Hours
	if len(hours) == 0 {
		hours = record.DefaultHours()
	}
	if _, err := schedule.NewCalendar(schedule.Hours{Location: time.UTC, Open: hours}, nil, nil, nil, nil); err != nil {
		return err
	}
	if in.Policy.NoticeHours < 0 || in.Policy.MaxReschedules < 0 || in.Policy.WithinDays < 0 {
		return clinic.Errorf(clinic.Invalid, "The cancellation policy cannot have negative values.")
	}
	// Upper bounds are data-entry limits: a notice of more than two weeks,
	// more than 20 moves or moves of more than a year are typing slips.
	for _, c := range []struct {
		field    string
		n, limit int
	}{{"the notice in hours", in.Policy.NoticeHours, 14 * 24}, {"the number of moves", in.Policy.MaxReschedules, 20},
		{"the days an appointment may move", in.Policy.WithinDays, 365}} {
		if c.n > c.limit {
			return clinic.Errorf(clinic.Invalid, "Keep %s at %d or less (got %d).", c.field, c.limit, c.n)
		}
	}
	return clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.SaveBookingSettings(ctx, in); err != nil {
			return err
		}
		e := s.Entry(a, service.ActBookingSetup, 0)
		e.RecordType = "booking_settings"
		return tx.AppendAudit(ctx, e)
	}), "Could not save the booking settings.")
}

// AddResource adds a treatment chair or consulting room.
func (s *Service) AddResource(ctx context.Context, a service.Actor, r record.BookingResource) (record.BookingResource, error) {
	if err := service.Authorize(a, service.ActBookingSetup); err != nil {
		return r, err
	}
	r.ClinicID = a.ClinicID
	var err error
	if r.Name, err = clinic.NameText.Clean(r.Name); err != nil {
		return r, err
	}
	switch {
	case r.Name == "" || len(r.Name) > 100:
		return r, clinic.Errorf(clinic.Invalid, "Give the chair or room a name (up to 100 characters).")
	case r.Kind != schedule.Chair && r.Kind != schedule.Room:
		return r, clinic.Errorf(clinic.Invalid, "A resource is a chair or a room.")
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		if r.ID, err = tx.CreateBookingResource(ctx, r); err != nil {
			return err
		}
		e := s.Entry(a, service.ActBookingSetup, 0)
		e.RecordType, e.RecordID = "booking_resource", r.ID
		return tx.AppendAudit(ctx, e)
	})
	return r, clinic.Wrap(err, "Could not add the chair or room.")
}

// AddProvider makes a clinician or nurse of the clinic bookable, with
// their weekly hours (none: the clinic's hours).
func (s *Service) AddProvider(ctx context.Context, a service.Actor, p record.BookingProvider) (record.BookingProvider, error) {
	if err := service.Authorize(a, service.ActBookingSetup); err != nil {
		return p, err
	}
	p.ClinicID = a.ClinicID
	for _, w := range p.Hours {
		if w.Day < time.Sunday || w.Day > time.Saturday || w.From < 0 || w.To > 24*60 || w.From >= w.To {
			return p, clinic.Errorf(clinic.Invalid, "The provider's hours must be spans of a day, such as Monday 08:00–12:00.")
		}
	}
	err := s.store.WithTx(ctx, func(tx Tx) error {
		u, err := tx.User(ctx, p.UserID)
		if err != nil || u.ClinicID != a.ClinicID {
			return clinic.Errorf(clinic.NotFound, "There is no such staff member.")
		}
		switch u.Role {
		case clinic.RoleClinician, clinic.RoleNurse:
		case clinic.RoleTherapist:
			// A therapist sees patients for psychotherapy only.
			if len(p.Kinds) == 0 {
				p.Kinds = []schedule.Kind{schedule.TherapyPreparation, schedule.TherapyIntegration}
			}
			for _, k := range p.Kinds {
				if !schedule.IsTherapy(k) {
					return clinic.Errorf(clinic.Invalid, "%s is a therapist and takes therapy sessions only, not %s.", u.Name, k)
				}
			}
		default:
			return clinic.Errorf(clinic.Invalid, "Only clinicians, nurses and therapists can see patients; %s is %s.", u.Name, u.Role)
		}
		if p.Name == "" {
			p.Name = u.Name
		}
		if p.ID, err = tx.CreateBookingProvider(ctx, p); err != nil {
			return err
		}
		e := s.Entry(a, service.ActBookingSetup, 0)
		e.RecordType, e.RecordID = "booking_provider", p.ID
		return tx.AppendAudit(ctx, e)
	})
	return p, clinic.Wrap(err, "Could not add the provider.")
}

// AddToWaitlist puts a patient on the waitlist for an earlier appointment.
func (s *Service) AddToWaitlist(ctx context.Context, a service.Actor, w record.WaitlistEntry) (record.WaitlistEntry, error) {
	if err := service.AuthorizePatient(a, service.ActWaitlistManage, w.PatientID); err != nil {
		return w, err
	}
	w.ClinicID, w.AddedAt, w.Status = a.ClinicID, s.Now(), "waiting"
	var err error
	if w.Note, err = appointmentNote.Clean(w.Note); err != nil {
		return w, err
	}
	for _, d := range []time.Time{w.Earliest, w.Latest} {
		if !d.IsZero() { // zero: no bound
			if err := clinic.Appointment.Check(d, w.AddedAt); err != nil {
				return w, err
			}
		}
	}
	valid := slices.ContainsFunc(schedule.DefaultTypes(), func(t schedule.AppointmentType) bool { return t.Kind == w.Kind })
	switch {
	case !valid:
		return w, clinic.Errorf(clinic.Invalid, "Choose an appointment type for the waitlist.")
	case !w.Latest.IsZero() && !w.Earliest.IsZero() && !w.Earliest.Before(w.Latest):
		return w, clinic.Errorf(clinic.Invalid, "The earliest date must come before the latest.")
	case w.Before != 0 && w.Before < w.After:
		return w, clinic.Errorf(clinic.Invalid, "The preferred times of day are out of order.")
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := tx.Patient(ctx, a.ClinicID, w.PatientID); err != nil {
			return err
		}
		var err error
		if w.ID, err = tx.CreateWaitlistEntry(ctx, w); err != nil {
			return err
		}
		e := s.Entry(a, service.ActWaitlistManage, w.PatientID)
		e.RecordType, e.RecordID = "waitlist", w.ID
		return tx.AppendAudit(ctx, e)
	})
	return w, clinic.Wrap(err, "Could not add the patient to the waitlist.")
}

// Waitlist lists the clinic's waiting entries.
func (s *Service) Waitlist(ctx context.Context, a service.Actor) ([]record.WaitlistEntry, error) {
	if err := service.Authorize(a, service.ActCalendarRead); err != nil {
		return nil, err
	}
	out, err := s.store.Read().Waitlist(ctx, a.ClinicID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the waitlist.")
	}
	return out, s.AuditRead(ctx, s.Entry(a, service.ActCalendarRead, 0))
}

// PatientBooking is what a patient's appointments page shows: the
// patient, their appointments, the signed plan in force (if any) with its
// sessions not yet booked, and the clinic's chairs, rooms and providers.
type PatientBooking struct {
	Patient      clinic.Patient
	Appointments []record.Appointment
	Plan         *record.Plan
	OpenSessions []record.PlannedSession
	Location     *time.Location
	Resources    []record.BookingResource
	Providers    []record.BookingProvider
	Settings     record.ClinicSettings // the clinic's name and pre-visit instructions
	Now          time.Time             // the service's clock, for "upcoming"
}

// PatientBookingPage loads a patient's appointments page; patients see
// their own. The read is audited once.
func (s *Service) PatientBookingPage(ctx context.Context, a service.Actor, patientID int64) (PatientBooking, error) {
	if err := service.AuthorizePatient(a, service.ActAppointmentRead, patientID); err != nil {
		return PatientBooking{}, err
	}
	q := s.store.Read()
	var pb PatientBooking
	var err error
	if pb.Patient, err = q.Patient(ctx, a.ClinicID, patientID); err != nil {
		return pb, clinic.Wrap(err, "Could not load the patient.")
	}
	if pb.Appointments, err = q.PatientAppointments(ctx, a.ClinicID, patientID); err != nil {
		return pb, clinic.Wrap(err, "Could not load the appointments.")
	}
	if plan, err := service.SignedPlanIn(ctx, q, a.ClinicID, patientID); err == nil {
		pb.Plan, pb.OpenSessions = &plan, nextPlanSessions(plan, pb.Appointments)
	} else if clinic.ErrorCode(err) != clinic.Conflict {
		return pb, clinic.Wrap(err, "Could not load the treatment plan.")
	}
	cs, err := service.LoadCalendarSetup(ctx, q, a.ClinicID)
	if err != nil {
		return pb, clinic.Wrap(err, "Could not load the clinic's calendar.")
	}
	pb.Location, pb.Resources, pb.Providers, pb.Now = cs.Loc, cs.Resources, cs.Providers, s.Now()
	if pb.Settings, _, err = service.ClinicSettingsIn(ctx, q, a.ClinicID); err != nil {
		return pb, clinic.Wrap(err, "Could not load the clinic's settings.")
	}
	return pb, s.AuditRead(ctx, s.Entry(a, service.ActAppointmentRead, patientID))
}

// BookingSetup is the clinic's scheduling set-up for the admin page.
type BookingSetup struct {
	Settings  record.BookingSettings // with the defaults filled in
	Resources []record.BookingResource
	Providers []record.BookingProvider
}

// BookingSetupPage returns the clinic's scheduling set-up.
func (s *Service) BookingSetupPage(ctx context.Context, a service.Actor) (BookingSetup, error) {
	if err := service.Authorize(a, service.ActBookingSetup); err != nil {
		return BookingSetup{}, err
	}
	cs, err := service.LoadCalendarSetup(ctx, s.store.Read(), a.ClinicID)
	if err != nil {
		return BookingSetup{}, clinic.Wrap(err, "Could not load the booking set-up.")
	}
	return BookingSetup{Settings: cs.Settings, Resources: cs.Resources, Providers: cs.Providers}, nil
}
