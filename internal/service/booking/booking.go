package booking

import (
	"context"
	"slices"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
)

// Booking: the clinic's calendar on top of the pure rules in package
// schedule. Every booking, move and cancellation runs in one transaction
// that first takes the clinic's booking lock (Tx.LockBooking), then reads
// the bookings it decides on, checks them with a schedule.Calendar, writes
// and audits. Two requests for the last free chair therefore cannot both
// pass the check: the second waits for the first and then sees its booking.

// appointmentNote is the note on an appointment.
var appointmentNote = clinic.Text{Name: "the note", Max: 1000, Lines: true}

// bookingWindow is how far around a new booking the calendar is loaded:
// a week either side covers the spacing rules (7-day limits) and any
// appointment (at most 12 hours) that overlaps it.
const bookingWindow = 8 * 24 * time.Hour

// BookingInput is a request to book one appointment.
type BookingInput struct {
	PatientID  int64
	Kind       schedule.Kind
	Start      time.Time
	ResourceID int64 // 0: any chair or room that hosts the kind
	ProviderID int64 // 0: any provider who takes the kind and is free
	// PlanSession is the signed plan's session number for a treatment;
	// 0 books the plan's next session that has no booking.
	PlanSession int
	WaitlistID  int64 // set when booking a waitlist offer: the entry is closed
	Note        string
	// Video books the visit by video (kinds that allow it: follow-ups and
	// therapy sessions), holding no chair or room; JoinLink is the link to
	// join by, or a note of how (optional, and only for a video visit).
	Video    bool
	JoinLink string
}

// joinLinkText is what a video visit's join link or note may be.
var joinLinkText = clinic.Text{Name: "the video link", Max: 500}

// cleanVideo checks a booking's video part.
func cleanVideo(in *BookingInput) error {
	link, err := joinLinkText.Clean(in.JoinLink)
	if err != nil {
		return err
	}
	switch {
	case in.Video && !schedule.VideoAllowed(in.Kind):
		return clinic.Errorf(clinic.Invalid, "A %s is not held by video: choose a chair or room.", in.Kind)
	case in.Video && in.ResourceID != 0:
		return clinic.Errorf(clinic.Invalid, "A video visit takes no chair or room: choose one or the other.")
	case !in.Video && link != "":
		return clinic.Errorf(clinic.Invalid, "A join link is only for a video visit: tick 'by video' or leave the link empty.")
	case strings.HasPrefix(strings.ToLower(link), "http://"):
		return clinic.Errorf(clinic.Invalid, "The video link must start with https:// so the visit is encrypted.")
	}
	in.JoinLink = link
	return nil
}

// KindOfRoute is the appointment kind that gives a plan's route; false
// for a route that needs no chair (sublingual, oral).
func KindOfRoute(r clinic.Route) (schedule.Kind, bool) {
	switch r {
	case clinic.RouteIV:
		return schedule.Infusion, true
	case clinic.RouteIM:
		return schedule.Injection, true
	case clinic.RouteEsketamine:
		return schedule.Esketamine, true
	}
	return "", false
}

// planSpacing is the spacing the plan's template sets for a session's phase.
func planSpacing(p record.Plan, ps record.PlannedSession) schedule.Spacing {
	t, ok := p.Protocol()
	if !ok {
		return schedule.Spacing{}
	}
	sp := schedule.Spacing{MinHoursApart: t.MinHoursApart}
	for _, ph := range t.Phases {
		if ph.Name == ps.Phase {
			sp.MaxPerWeek = ph.MaxPerWeek
		}
	}
	return sp
}

// treatmentStarts are the starts of the patient's live treatment
// appointments, except the one with ID except.
func treatmentStarts(appts []record.Appointment, except int64) []time.Time {
	var out []time.Time
	for _, a := range appts {
		if a.Status != record.AppointmentCancelled && a.ID != except && schedule.IsTreatment(a.Kind) {
			out = append(out, a.Start)
		}
	}
	return out
}

// nextPlanSessions lists the plan's sessions that have no live booking.
func nextPlanSessions(p record.Plan, appts []record.Appointment) []record.PlannedSession {
	booked := map[int]bool{}
	for _, a := range appts {
		if a.Status != record.AppointmentCancelled && a.PlanID == p.ID {
			booked[a.PlanSession] = true
		}
	}
	var out []record.PlannedSession
	for _, s := range p.Sessions {
		if !booked[s.Number] {
			out = append(out, s)
		}
	}
	return out
}

// BookAppointment books one appointment, in one transaction with its audit
// row. Treatments need the patient's signed plan and keep its spacing;
// the chair or room, the provider and the patient must all be free.
func (s *Service) BookAppointment(ctx context.Context, a service.Actor, in BookingInput) (record.Appointment, error) {
	if err := service.AuthorizePatient(a, service.ActAppointmentBook, in.PatientID); err != nil {
		return record.Appointment{}, err
	}
	var out record.Appointment
	err := s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.LockBooking(ctx, a.ClinicID); err != nil {
			return err
		}
		var err error
		if out, err = s.bookIn(ctx, tx, a, in); err != nil {
			return err
		}
		out, err = tx.Appointment(ctx, a.ClinicID, out.ID) // with the names of its patient, chair and provider
		return err
	})
	if err != nil {
		return out, clinic.Wrap(err, "Could not book the appointment.")
	}
	s.notify(ctx, out, record.NoticeBooked)
	return out, nil
}

// BookSeries books several appointments for one patient, all or none.
func (s *Service) BookSeries(ctx context.Context, a service.Actor, ins []BookingInput) ([]record.Appointment, error) {
	if len(ins) == 0 || len(ins) > 100 {
		return nil, clinic.Errorf(clinic.Invalid, "Choose between 1 and 100 appointments to book.")
	}
	for _, in := range ins {
		if err := service.AuthorizePatient(a, service.ActAppointmentBook, in.PatientID); err != nil {
			return nil, err
		}
	}
	var out []record.Appointment
	err := s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.LockBooking(ctx, a.ClinicID); err != nil {
			return err
		}
		for _, in := range ins {
			ap, err := s.bookIn(ctx, tx, a, in)
			if err != nil {
				return err
			}
			out = append(out, ap)
		}
		return nil
	})
	if err != nil {
		return nil, clinic.Wrap(err, "Could not book the appointments.")
	}
	// One notice for a series, of its first appointment: it lists the
	// visits after it (outreach.NoticeMessage).
	s.notify(ctx, out[0], record.NoticeBooked)
	return out, nil
}

// bookIn books in a transaction that holds the booking lock.
func (s *Service) bookIn(ctx context.Context, tx Tx, a service.Actor, in BookingInput) (record.Appointment, error) {
	now := s.Now()
	switch {
	case in.Start.IsZero():
		return record.Appointment{}, clinic.Errorf(clinic.Invalid, "Choose a start time.")
	case !in.Start.After(now):
		return record.Appointment{}, clinic.Errorf(clinic.Invalid, "The start time has already passed.")
	case clinic.Appointment.Check(in.Start, now) != nil:
		return record.Appointment{}, clinic.Appointment.Check(in.Start, now)
	}
	note, err := appointmentNote.Clean(in.Note)
	if err != nil {
		return record.Appointment{}, err
	}
	if err := cleanVideo(&in); err != nil {
		return record.Appointment{}, err
	}
	in.Start = in.Start.UTC().Truncate(time.Minute)
	if _, err := tx.Patient(ctx, a.ClinicID, in.PatientID); err != nil {
		return record.Appointment{}, err
	}
	if err := service.NotTransferred(ctx, tx, a.ClinicID, in.PatientID); err != nil {
		return record.Appointment{}, err
	}
	cs, err := service.LoadCalendarSetup(ctx, tx, a.ClinicID)
	if err != nil {
		return record.Appointment{}, err
	}
	appts, err := tx.Appointments(ctx, a.ClinicID, in.Start.Add(-bookingWindow), in.Start.Add(bookingWindow))
	if err != nil {
		return record.Appointment{}, err
	}
	cal, err := cs.Calendar(appts)
	if err != nil {
		return record.Appointment{}, err
	}
	mine, err := tx.PatientAppointments(ctx, a.ClinicID, in.PatientID)
	if err != nil {
		return record.Appointment{}, err
	}
	ap := record.Appointment{ClinicID: a.ClinicID, PatientID: in.PatientID, Kind: in.Kind, Status: record.AppointmentBooked,
		Note: note, CreatedBy: a.UserID, CreatedAt: now, Video: in.Video, JoinLink: in.JoinLink}
	var spacing schedule.Spacing
	if in.Kind == schedule.Esketamine {
		// Spravato REMS: patients are enrolled before their first treatment
		// (clinical-reference §1.5), so an unenrolled patient is not booked.
		enrolled, err := service.EnrolledInREMS(ctx, tx, a.ClinicID, in.PatientID)
		if err != nil {
			return record.Appointment{}, err
		}
		if !enrolled {
			return record.Appointment{}, clinic.Errorf(clinic.Conflict, "This patient is not enrolled in the Spravato REMS, so an esketamine session cannot be booked. Enrol them (spravatorems.com) and record it under 'Spravato REMS enrolment' on their treatment page first.")
		}
	}
	if schedule.IsTreatment(in.Kind) {
		// A failed eligibility screen blocks treatments until a clinician
		// overrides it (intake.go); consultations are never blocked.
		if err := service.ScreeningGate(ctx, tx, a.ClinicID, in.PatientID); err != nil {
			return record.Appointment{}, err
		}
		plan, err := service.SignedPlanIn(ctx, tx, a.ClinicID, in.PatientID)
		if err != nil {
			return record.Appointment{}, err
		}
		open := nextPlanSessions(plan, mine)
		var ps *record.PlannedSession
		for i := range open {
			if in.PlanSession == 0 || open[i].Number == in.PlanSession {
				ps = &open[i]
				break
			}
		}
		if ps == nil {
			if in.PlanSession != 0 && slices.ContainsFunc(plan.Sessions, func(p record.PlannedSession) bool { return p.Number == in.PlanSession }) {
				return record.Appointment{}, clinic.Errorf(clinic.Conflict, "Session %d of the plan is already booked.", in.PlanSession)
			}
			if in.PlanSession != 0 {
				return record.Appointment{}, clinic.Errorf(clinic.Invalid, "The plan has no session %d.", in.PlanSession)
			}
			return record.Appointment{}, clinic.Errorf(clinic.Conflict, "Every session of the signed plan is already booked.")
		}
		if k, ok := KindOfRoute(ps.Route); !ok || k != in.Kind {
			return record.Appointment{}, clinic.Errorf(clinic.Conflict, "Session %d of the plan is %s, not a %s appointment.", ps.Number, ps.Route, in.Kind)
		}
		ap.PlanID, ap.PlanSession = plan.ID, ps.Number
		spacing = planSpacing(plan, *ps)
	}
	slot, err := s.place(cal, in, spacing, treatmentStarts(mine, 0))
	if err != nil {
		return record.Appointment{}, err
	}
	ap.Start, ap.End, ap.ProviderEnd, ap.ResourceID, ap.ProviderID = slot.Start, slot.End, slot.ProviderEnd, slot.ResourceID, slot.ProviderID
	if ap.ID, err = tx.CreateAppointment(ctx, ap); err != nil {
		return record.Appointment{}, err
	}
	if in.WaitlistID != 0 {
		// Only the patient's own waiting entry is closed by their booking.
		wl, err := tx.Waitlist(ctx, a.ClinicID)
		if err != nil {
			return record.Appointment{}, err
		}
		if !slices.ContainsFunc(wl, func(w record.WaitlistEntry) bool { return w.ID == in.WaitlistID && w.PatientID == in.PatientID }) {
			return record.Appointment{}, clinic.Errorf(clinic.Invalid, "That waitlist entry is not this patient's, or is no longer waiting.")
		}
		if err := tx.SetWaitlistStatus(ctx, a.ClinicID, in.WaitlistID, "booked"); err != nil {
			return record.Appointment{}, err
		}
	}
	e := s.Entry(a, service.ActAppointmentBook, ap.PatientID)
	e.RecordType, e.RecordID = "appointment", ap.ID
	return ap, tx.AppendAudit(ctx, e)
}

// place finds the slot for in on cal: the named chair and provider, or the
// first free ones, checked against the patient's other appointments and,
// for a treatment, the plan's spacing with their other sessions.
func (s *Service) place(cal *schedule.Calendar, in BookingInput, sp schedule.Spacing, prior []time.Time) (schedule.Slot, error) {
	var slot schedule.Slot
	if in.Video && in.ProviderID != 0 {
		var err error
		if slot, err = cal.SlotAt(in.Kind, in.Start, 0, in.ProviderID); err != nil {
			return slot, err
		}
		if err := cal.Check(slot, in.PatientID); err != nil {
			return slot, err
		}
		return slot, nil
	}
	if in.ResourceID != 0 && in.ProviderID != 0 {
		var err error
		if slot, err = cal.SlotAt(in.Kind, in.Start, in.ResourceID, in.ProviderID); err != nil {
			return slot, err
		}
		if err := cal.Check(slot, in.PatientID); err != nil {
			return slot, err
		}
	}
	slots, misses, err := cal.PlaceSeries(schedule.SeriesRequest{
		Request: schedule.Request{Kind: in.Kind, PatientID: in.PatientID, ResourceID: in.ResourceID, ProviderID: in.ProviderID, Video: in.Video},
		Spacing: sp, Prior: prior}, []time.Time{in.Start})
	if err != nil {
		return slot, err
	}
	if len(misses) > 0 {
		if strings.Contains(misses[0].Reason, "no chair") && in.PatientID != 0 {
			// Name the patient's own clash when that is the reason.
			probe := schedule.Request{Kind: in.Kind, ResourceID: in.ResourceID, ProviderID: in.ProviderID, Video: in.Video}
			if other, _, _ := cal.PlaceSeries(schedule.SeriesRequest{Request: probe}, []time.Time{in.Start}); len(other) == 1 {
				return slot, clinic.Errorf(clinic.Conflict, "The patient already has an appointment at %s.",
					in.Start.In(cal.Location()).Format("Mon 2 Jan 2006 15:04"))
			}
		}
		return slot, clinic.Errorf(clinic.Conflict, "%s cannot be booked: %s.",
			in.Start.In(cal.Location()).Format("Mon 2 Jan 2006 15:04"), misses[0].Reason)
	}
	if slot.ResourceID == 0 && len(slots) > 0 {
		slot = slots[0]
	}
	return slot, nil
}

// FindPlanSlots proposes starts for the patient's next n unbooked plan
// sessions from from on, each as early as the plan's spacing, the clinic's
// hours and the free chairs and providers allow (schedule.FindSeries).
// After and Before limit the local time of day (0: none).
func (s *Service) FindPlanSlots(ctx context.Context, a service.Actor, patientID int64, from time.Time, n int, after, before schedule.Clock) ([]PlanSlot, error) {
	if err := service.AuthorizePatient(a, service.ActAppointmentBook, patientID); err != nil {
		return nil, err
	}
	q := s.store.Read()
	if err := service.ScreeningGate(ctx, q, a.ClinicID, patientID); err != nil {
		return nil, clinic.Wrap(err, "Could not read the eligibility screening.")
	}
	plan, err := service.SignedPlanIn(ctx, q, a.ClinicID, patientID)
	if err != nil {
		return nil, err
	}
	mine, err := q.PatientAppointments(ctx, a.ClinicID, patientID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the appointments.")
	}
	open := nextPlanSessions(plan, mine)
	if len(open) == 0 {
		return nil, clinic.Errorf(clinic.Conflict, "Every session of the signed plan is already booked.")
	}
	if n < 1 {
		n = 1
	}
	// One search covers one kind and one phase's spacing.
	kind, ok := KindOfRoute(open[0].Route)
	if !ok {
		return nil, clinic.Errorf(clinic.Conflict, "This plan's %s sessions are not booked in the clinic.", open[0].Route)
	}
	var take []record.PlannedSession
	for _, ps := range open {
		if len(take) == n || ps.Phase != open[0].Phase {
			break
		}
		take = append(take, ps)
	}
	now := s.Now()
	if from.Before(now) {
		from = now
	}
	if err := clinic.Appointment.Check(from, now); err != nil {
		return nil, err
	}
	from = from.Truncate(15 * time.Minute).Add(15 * time.Minute)
	to := from.Add(13 * 7 * 24 * time.Hour)
	cs, err := service.LoadCalendarSetup(ctx, q, a.ClinicID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the clinic's calendar.")
	}
	appts, err := q.Appointments(ctx, a.ClinicID, from.Add(-bookingWindow), to.Add(bookingWindow))
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the clinic's calendar.")
	}
	cal, err := cs.Calendar(appts)
	if err != nil {
		return nil, err
	}
	slots, err := cal.FindSeries(schedule.SeriesRequest{
		Request:  schedule.Request{Kind: kind, PatientID: patientID, From: from, To: to, After: after, Before: before},
		Sessions: len(take), Spacing: planSpacing(plan, take[0]), Prior: treatmentStarts(mine, 0)})
	if err != nil {
		return nil, err
	}
	out := make([]PlanSlot, len(slots))
	for i, sl := range slots {
		out[i] = PlanSlot{Session: take[i], PlanID: plan.ID, Slot: sl}
	}
	e := s.Entry(a, service.ActAppointmentRead, patientID)
	e.RecordType, e.RecordID = "treatment_plan", plan.ID
	return out, s.AuditRead(ctx, e)
}

// PlanSlot is a proposed start for one plan session.
type PlanSlot struct {
	PlanID  int64
	Session record.PlannedSession
	Slot    schedule.Slot
}

// Input returns the booking request for the proposal.
func (p PlanSlot) Input(patientID int64) BookingInput {
	return BookingInput{PatientID: patientID, Kind: p.Slot.Kind, Start: p.Slot.Start, ResourceID: p.Slot.ResourceID,
		ProviderID: p.Slot.ProviderID, PlanSession: p.Session.Number}
}

// WaitlistOffer is a freed slot that a waitlisted patient may take.
type WaitlistOffer struct {
	Entry record.WaitlistEntry
	Slot  schedule.Slot
}

// CancelAppointment cancels within the clinic's policy: patients online
// up to the notice window, staff at any time before the start (a change
// inside the window is marked late). For staff it returns the waitlist
// entries that the freed slot may be offered to, best first; a patient
// gets none (the waitlist names other patients).
func (s *Service) CancelAppointment(ctx context.Context, a service.Actor, id int64, reason string) (record.Appointment, []WaitlistOffer, error) {
	if err := service.Authorize(a, service.ActAppointmentBook); err != nil {
		return record.Appointment{}, nil, err
	}
	reason, err := (clinic.Text{Name: "the reason", Max: 500, Lines: true}).Clean(reason)
	if err != nil {
		return record.Appointment{}, nil, err
	}
	var ap record.Appointment
	var offers []WaitlistOffer
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.LockBooking(ctx, a.ClinicID); err != nil {
			return err
		}
		var err error
		if ap, err = tx.Appointment(ctx, a.ClinicID, id); err != nil {
			return err
		}
		if err := service.AuthorizePatient(a, service.ActAppointmentBook, ap.PatientID); err != nil {
			return clinic.Errorf(clinic.NotFound, "There is no such appointment.")
		}
		if ap.Status != record.AppointmentBooked {
			return clinic.Errorf(clinic.Conflict, "This appointment is already %s.", ap.Status)
		}
		cs, err := service.LoadCalendarSetup(ctx, tx, a.ClinicID)
		if err != nil {
			return err
		}
		now := s.Now()
		ch, err := cs.Settings.Policy.Cancel(schedule.Booking{ID: ap.ID, PatientID: ap.PatientID, Slot: ap.Slot()}, now, a.Role != clinic.RolePatient)
		if err != nil {
			return err
		}
		ap.Status, ap.LateChange, ap.CancelledAt = record.AppointmentCancelled, ch.Late, now
		if reason != "" {
			ap.Note = strings.TrimSpace(ap.Note + "\nCancelled: " + reason)
		}
		if err := tx.UpdateAppointment(ctx, ap); err != nil {
			return err
		}
		e := s.Entry(a, service.ActAppointmentBook, ap.PatientID)
		e.RecordType, e.RecordID = "appointment", ap.ID
		if err := tx.AppendAudit(ctx, e); err != nil {
			return err
		}
		if a.Role == clinic.RolePatient {
			return nil
		}
		offers, err = offersIn(ctx, tx, cs, a.ClinicID, ap.Slot(), now)
		return err
	})
	if err != nil {
		return ap, offers, clinic.Wrap(err, "Could not cancel the appointment.")
	}
	s.notify(ctx, ap, record.NoticeCancelled)
	return ap, offers, nil
}

func offersIn(ctx context.Context, q Queries, cs service.CalendarSetup, clinicID int64, freed schedule.Slot, now time.Time) ([]WaitlistOffer, error) {
	list, err := q.Waitlist(ctx, clinicID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	appts, err := q.Appointments(ctx, clinicID, freed.Start.Add(-bookingWindow), freed.Start.Add(bookingWindow))
	if err != nil {
		return nil, err
	}
	cal, err := cs.Calendar(appts)
	if err != nil {
		return nil, err
	}
	byID := map[int64]record.WaitlistEntry{}
	entries := make([]schedule.WaitlistEntry, len(list))
	for i, w := range list {
		entries[i], byID[w.ID] = w.Schedule(), w
	}
	var out []WaitlistOffer
	for _, o := range cal.Offers(freed, entries, now) {
		out = append(out, WaitlistOffer{Entry: byID[o.Entry.ID], Slot: o.Slot})
	}
	return out, nil
}

// RescheduleAppointment moves an appointment to newStart within the
// clinic's policy, keeping its chair and provider when they are free and
// otherwise taking any that are. Treatments keep the plan's spacing.
func (s *Service) RescheduleAppointment(ctx context.Context, a service.Actor, id int64, newStart time.Time) (record.Appointment, error) {
	return s.MoveAppointment(ctx, a, id, newStart, 0)
}

// MoveAppointment is RescheduleAppointment into a chair or room the staff
// chose (the calendar's drag and drop): the move is refused when that one
// is not free or does not host the visit, rather than placed elsewhere.
// resourceID 0 is any, as RescheduleAppointment.
func (s *Service) MoveAppointment(ctx context.Context, a service.Actor, id int64, newStart time.Time, resourceID int64) (record.Appointment, error) {
	if err := service.Authorize(a, service.ActAppointmentBook); err != nil {
		return record.Appointment{}, err
	}
	var ap record.Appointment
	err := s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.LockBooking(ctx, a.ClinicID); err != nil {
			return err
		}
		var err error
		if ap, err = tx.Appointment(ctx, a.ClinicID, id); err != nil {
			return err
		}
		if err := service.AuthorizePatient(a, service.ActAppointmentBook, ap.PatientID); err != nil {
			return clinic.Errorf(clinic.NotFound, "There is no such appointment.")
		}
		if ap.Status != record.AppointmentBooked {
			return clinic.Errorf(clinic.Conflict, "This appointment is %s and cannot be moved.", ap.Status)
		}
		newStart = newStart.UTC().Truncate(time.Minute)
		if err := clinic.Appointment.Check(newStart, s.Now()); err != nil {
			return err
		}
		cs, err := service.LoadCalendarSetup(ctx, tx, a.ClinicID)
		if err != nil {
			return err
		}
		byStaff, now := a.Role != clinic.RolePatient, s.Now()
		ch, err := cs.Settings.Policy.Reschedule(schedule.Booking{ID: ap.ID, PatientID: ap.PatientID, Slot: ap.Slot()}, newStart, ap.Reschedules, now, byStaff)
		if err != nil {
			return err
		}
		appts, err := tx.Appointments(ctx, a.ClinicID, newStart.Add(-bookingWindow), newStart.Add(bookingWindow))
		if err != nil {
			return err
		}
		appts = slices.DeleteFunc(appts, func(x record.Appointment) bool { return x.ID == ap.ID })
		cal, err := cs.Calendar(appts)
		if err != nil {
			return err
		}
		mine, err := tx.PatientAppointments(ctx, a.ClinicID, ap.PatientID)
		if err != nil {
			return err
		}
		var sp schedule.Spacing
		if ap.PlanID != 0 {
			if plan, err := tx.Plan(ctx, a.ClinicID, ap.PlanID); err == nil {
				for _, ps := range plan.Sessions {
					if ps.Number == ap.PlanSession {
						sp = planSpacing(plan, ps)
					}
				}
			}
		}
		in := BookingInput{PatientID: ap.PatientID, Kind: ap.Kind, Start: newStart, ResourceID: ap.ResourceID, ProviderID: ap.ProviderID,
			Video: ap.Video}
		if resourceID != 0 && !ap.Video { // a video visit stays by video
			in.ResourceID = resourceID
		}
		slot, err := s.place(cal, in, sp, treatmentStarts(mine, ap.ID))
		if err != nil {
			in.ResourceID, in.ProviderID = resourceID, 0
			if ap.Video {
				in.ResourceID = 0
			}
			if slot, err = s.place(cal, in, sp, treatmentStarts(mine, ap.ID)); err != nil {
				return err
			}
		}
		ap.Start, ap.End, ap.ProviderEnd, ap.ResourceID, ap.ProviderID = slot.Start, slot.End, slot.ProviderEnd, slot.ResourceID, slot.ProviderID
		if !byStaff {
			ap.Reschedules++
		}
		ap.LateChange = ap.LateChange || ch.Late
		if err := tx.UpdateAppointment(ctx, ap); err != nil {
			return err
		}
		e := s.Entry(a, service.ActAppointmentBook, ap.PatientID)
		e.RecordType, e.RecordID = "appointment", ap.ID
		if err := tx.AppendAudit(ctx, e); err != nil {
			return err
		}
		ap, err = tx.Appointment(ctx, a.ClinicID, ap.ID) // the names of its new chair and provider
		return err
	})
	if err != nil {
		return ap, clinic.Wrap(err, "Could not move the appointment.")
	}
	s.notify(ctx, ap, record.NoticeMoved)
	return ap, nil
}
