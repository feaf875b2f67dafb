package schedule

import (
	"time"

	"onset/internal/clinic"
)

// Policy is the clinic's cancellation and rescheduling policy. Its values
// are clinic defaults (no published standard was found); the clinic owns
// them.
type Policy struct {
	// NoticeHours: patients may cancel or reschedule themselves up to this
	// many hours before the start. Inside the window only staff may, and
	// the change is marked late.
	NoticeHours int
	// MaxReschedules a patient may make to one booking; 0 means no limit.
	// Staff are not limited.
	MaxReschedules int
	// WithinDays: a rescheduled time must be within this many days of the
	// original start, so a series keeps its shape; 0 means no limit.
	WithinDays int
}

// DefaultPolicy: 24 hours' notice, two reschedules, within 7 days.
func DefaultPolicy() Policy { return Policy{NoticeHours: 24, MaxReschedules: 2, WithinDays: 7} }

// Change is the outcome of an allowed cancellation or reschedule.
type Change struct {
	Late bool // inside the notice window: record as a late change
}

// Cancel decides whether b may be cancelled at now.
func (p Policy) Cancel(b Booking, now time.Time, byStaff bool) (Change, error) {
	if err := p.validate(); err != nil {
		return Change{}, err
	}
	if !now.Before(b.Start) {
		return Change{}, clinic.Errorf(clinic.Conflict, "the appointment has already started; record it as attended or missed instead")
	}
	late := b.Start.Sub(now) < time.Duration(p.NoticeHours)*time.Hour
	if late && !byStaff {
		return Change{}, clinic.Errorf(clinic.Conflict, "appointments can be cancelled online up to %d hours before they start; please call the clinic", p.NoticeHours)
	}
	return Change{Late: late}, nil
}

// Reschedule decides whether b may move to newStart at now; done is how
// many times the patient has already rescheduled it. The new slot itself
// must still pass Calendar.Check.
func (p Policy) Reschedule(b Booking, newStart time.Time, done int, now time.Time, byStaff bool) (Change, error) {
	ch, err := p.Cancel(b, now, byStaff)
	if err != nil {
		if clinic.ErrorCode(err) == clinic.Conflict && now.Before(b.Start) {
			return Change{}, clinic.Errorf(clinic.Conflict, "appointments can be moved online up to %d hours before they start; please call the clinic", p.NoticeHours)
		}
		return Change{}, err
	}
	switch {
	case newStart.IsZero():
		return Change{}, clinic.Errorf(clinic.Invalid, "the new time is required")
	case newStart.Equal(b.Start):
		return Change{}, clinic.Errorf(clinic.Invalid, "the new time is the same as the old one")
	case !newStart.After(now):
		return Change{}, clinic.Errorf(clinic.Invalid, "the new time has already passed")
	case p.WithinDays > 0 && absDuration(newStart.Sub(b.Start)) > time.Duration(p.WithinDays)*24*time.Hour:
		return Change{}, clinic.Errorf(clinic.Conflict, "an appointment can be moved by up to %d days; book a new one instead", p.WithinDays)
	case !byStaff && p.MaxReschedules > 0 && done >= p.MaxReschedules:
		return Change{}, clinic.Errorf(clinic.Conflict, "this appointment has been moved %d times already; please call the clinic", done)
	}
	return ch, nil
}

func (p Policy) validate() error {
	if p.NoticeHours < 0 || p.MaxReschedules < 0 || p.WithinDays < 0 {
		return clinic.Errorf(clinic.Invalid, "the cancellation policy cannot have negative values")
	}
	return nil
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
