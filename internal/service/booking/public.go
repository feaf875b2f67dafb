package booking

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
)

// Public consultation booking: a new patient, with no account yet, picks a
// free consultation slot on the clinic's public page and registers. One
// transaction creates the patient (MRN "WEB-000123"), their portal
// account, the consultation and the audit rows, or nothing at all.

// Public booking window: consultations from publicLead from now to
// publicHorizon ahead, offered every publicStep.
const (
	publicLead    = 2 * time.Hour
	publicHorizon = 21 * 24 * time.Hour
	publicStep    = 30 * time.Minute
	publicMaxList = 400
)

// Public booking throttle: every attempt from an address counts, success
// or not, so one address cannot register patients in bulk.
const (
	publicAttempts = 10
	publicWindow   = time.Hour
)

// ErrEmailRegistered is returned by BookPublicConsultation when the email
// address already has an account: the person should sign in instead.
var ErrEmailRegistered = clinic.Errorf(clinic.Conflict,
	"An account with this email address already exists. Please sign in to book, or ask the clinic to reset your password.")

// PublicSlots are the free consultation starts shown on the public page.
type PublicSlots struct {
	ClinicName string
	Location   *time.Location
	Starts     []time.Time // UTC, earliest first, distinct
}

// publicClinic is the clinic the public page books for: the installation's
// first clinic.
func (s *Service) publicClinic(ctx context.Context, q Queries) (clinic.Clinic, error) {
	c, err := q.FirstClinic(ctx)
	if err != nil {
		return c, clinic.Wrap(err, "Online booking is not available.")
	}
	return c, nil
}

// PublicConsultationSlots lists the free consultation starts of the next
// three weeks. It reads no patient data (only free times), so it is not
// audited.
func (s *Service) PublicConsultationSlots(ctx context.Context) (PublicSlots, error) {
	q := s.store.Read()
	c, err := s.publicClinic(ctx, q)
	if err != nil {
		return PublicSlots{}, err
	}
	return consultationSlots(ctx, q, c, s.Now())
}

// publicStart reports whether t is a start the public page may offer: in
// the window from publicLead ahead, on the publicStep grid. The page offers
// only these; a forged form meets the same rule here.
func publicStart(t, now time.Time) bool {
	from, to := publicSpan(now)
	return !t.Before(from) && t.Before(to) && t.Truncate(publicStep).Equal(t)
}

// publicSpan is the span of the public page's starts.
func publicSpan(now time.Time) (from, to time.Time) {
	from = now.Add(publicLead).Truncate(publicStep).Add(publicStep)
	return from, from.Add(publicHorizon)
}

func consultationSlots(ctx context.Context, q Queries, c clinic.Clinic, now time.Time) (PublicSlots, error) {
	out := PublicSlots{ClinicName: c.Name}
	cs, err := service.LoadCalendarSetup(ctx, q, c.ID)
	if err != nil {
		return out, clinic.Wrap(err, "Could not load the clinic's calendar.")
	}
	out.Location = cs.Loc
	from, to := publicSpan(now)
	appts, err := q.Appointments(ctx, c.ID, from.Add(-bookingWindow), to.Add(bookingWindow))
	if err != nil {
		return out, clinic.Wrap(err, "Could not load the clinic's calendar.")
	}
	cal, err := cs.Calendar(appts)
	if err != nil {
		return out, clinic.Wrap(err, "Could not load the clinic's calendar.")
	}
	slots, err := cal.Slots(schedule.Request{Kind: schedule.Consultation, From: from, To: to, Step: publicStep}, publicMaxList)
	if err != nil {
		return out, clinic.Wrap(err, "Could not find free times.")
	}
	seen := map[int64]bool{}
	for _, sl := range slots {
		if k := sl.Start.Unix(); !seen[k] {
			seen[k] = true
			out.Starts = append(out.Starts, sl.Start.UTC())
		}
	}
	return out, nil
}

// PublicBookingInput is what the public booking form sends.
type PublicBookingInput struct {
	GivenName  string
	FamilyName string
	BirthDate  string // YYYY-MM-DD
	Email      string
	Phone      string
	Start      time.Time // a start offered by PublicConsultationSlots
	Password   string
	Consent    bool // consent to be contacted about appointments by email or phone
	Address    string
	RequestID  string
}

// PublicBooking is a completed public booking.
type PublicBooking struct {
	Patient     clinic.Patient
	User        clinic.User
	Appointment record.Appointment
	Location    *time.Location
}

// BookPublicConsultation registers a new patient with a portal account and
// books their consultation, in one transaction with its audit rows. A
// refused request changes nothing. The time taken meanwhile is a Conflict
// (offer other times); an email address with an account is
// ErrEmailRegistered.
func (s *Service) BookPublicConsultation(ctx context.Context, in PublicBookingInput) (PublicBooking, error) {
	now := s.Now()
	th := s.publicThrottle
	key := "book:" + in.Address
	if blocked, until := th.Blocked(key, now); blocked {
		return PublicBooking{}, clinic.Errorf(clinic.Forbidden,
			"Too many booking attempts from your network. Please try again after %s UTC, or call the clinic.", until.Format("15:04"))
	}
	th.Fail(key, now)

	switch {
	case !in.Consent:
		return PublicBooking{}, clinic.Errorf(clinic.Invalid, "Please agree to be contacted about your appointment: the clinic sends reminders and instructions before each visit.")
	case strings.TrimSpace(in.Email) == "":
		return PublicBooking{}, clinic.Errorf(clinic.Invalid, "Enter your email address: it signs you in to the patient portal.")
	case in.Start.IsZero():
		return PublicBooking{}, clinic.Errorf(clinic.Invalid, "Choose a time for your consultation.")
	case !publicStart(in.Start, now):
		return PublicBooking{}, clinic.Errorf(clinic.Invalid, "Choose one of the times offered for your consultation.")
	case len(strings.TrimSpace(in.Phone)) > 40:
		return PublicBooking{}, clinic.Errorf(clinic.Invalid, "The phone number is too long.")
	}
	np := record.NewPatient{MRN: "WEB-000000", GivenName: in.GivenName, FamilyName: in.FamilyName, Sex: "unknown",
		BirthDate: in.BirthDate, Email: in.Email, Phone: in.Phone}
	nu := record.NewUser{Email: in.Email, Role: clinic.RolePatient, Password: in.Password, PatientID: -1}
	if err := nu.Validate(); err != nil {
		return PublicBooking{}, err
	}
	p, err := np.ToPatient(0, now)
	if err != nil {
		if strings.Contains(err.Error(), "given and family") {
			return PublicBooking{}, clinic.Errorf(clinic.Invalid, "Enter your given and family names.")
		}
		if strings.Contains(err.Error(), "birth date") {
			return PublicBooking{}, clinic.Errorf(clinic.Invalid, "Enter your date of birth as YYYY-MM-DD.")
		}
		return PublicBooking{}, err
	}
	p.Email = nu.Email
	hash, err := s.Hashes().Hash(ctx, in.Password, s.Config().Passwords) // behind the gate: this form is public
	if err != nil {
		return PublicBooking{}, clinic.Wrap(err, "Could not complete the booking. Nothing was saved; please try again.")
	}

	var out PublicBooking
	err = s.store.WithTx(ctx, func(tx Tx) error {
		c, err := s.publicClinic(ctx, tx)
		if err != nil {
			return err
		}
		if err := tx.LockBooking(ctx, c.ID); err != nil {
			return err
		}
		if _, err := tx.UserByEmail(ctx, nu.Email); err == nil {
			return ErrEmailRegistered
		} else if clinic.ErrorCode(err) != clinic.NotFound {
			return err
		}
		mrns, err := tx.PatientIDsByMRN(ctx, c.ID)
		if err != nil {
			return err
		}
		p.ClinicID, p.MRN = c.ID, nextWebMRN(mrns)
		if p.ID, err = tx.CreatePatient(ctx, p); err != nil {
			return err
		}
		u := clinic.User{ClinicID: c.ID, Email: nu.Email, Name: p.GivenName + " " + p.FamilyName, Role: clinic.RolePatient,
			PasswordHash: hash, PatientID: p.ID, CreatedAt: now}
		if u.ID, err = tx.CreateUser(ctx, u); err != nil {
			return err
		}
		// The new patient acts for themselves from here on.
		a := service.Actor{UserID: u.ID, ClinicID: c.ID, PatientID: p.ID, Role: clinic.RolePatient, Name: u.Name,
			Email: u.Email, Address: in.Address, RequestID: in.RequestID}
		for _, ev := range []struct {
			action service.Action
			typ    string
			id     int64
		}{
			{"patient.register", "patient", p.ID},
			{"user.create", "user", u.ID},
			{"patient.contact_consent", "patient", p.ID},
		} {
			e := s.Entry(a, ev.action, p.ID)
			e.RecordType, e.RecordID = ev.typ, ev.id
			if err := tx.AppendAudit(ctx, e); err != nil {
				return err
			}
		}
		ap, err := s.bookIn(ctx, tx, a, BookingInput{PatientID: p.ID, Kind: schedule.Consultation, Start: in.Start,
			Note: "Booked online by the patient."})
		if err != nil {
			return err
		}
		cs, err := service.LoadCalendarSetup(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		out = PublicBooking{Patient: p, User: u, Appointment: ap, Location: cs.Loc}
		return nil
	})
	if err != nil {
		if errors.Is(err, ErrEmailRegistered) {
			return PublicBooking{}, ErrEmailRegistered
		}
		if clinic.ErrorCode(err) == clinic.Conflict {
			return PublicBooking{}, clinic.Errorf(clinic.Conflict, "Sorry, that time has just been taken. Please choose another time below.")
		}
		return PublicBooking{}, clinic.Wrap(err, "Could not complete the booking. Nothing was saved; please try again.")
	}
	s.notify(ctx, out.Appointment, record.NoticeBooked)
	return out, nil
}

// nextWebMRN is the next free "WEB-000123" medical record number: one
// above the highest web MRN. It runs under the clinic's booking lock, so
// two public bookings cannot pick the same number (and MRNs are unique in
// the schema besides).
func nextWebMRN(mrns map[string]int64) string {
	top := 0
	for m := range mrns {
		if n, err := strconv.Atoi(strings.TrimPrefix(m, "WEB-")); err == nil && strings.HasPrefix(m, "WEB-") && n > top {
			top = n
		}
	}
	return fmt.Sprintf("WEB-%06d", top+1)
}
