package store_test

import (
	"slices"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

func TestBookingRoundTripAndGuards(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		q := db.Reader()
		// No saved settings: the clinic's own zone (UTC) and the defaults.
		s, err := q.BookingSettings(ctx, cid)
		if err != nil {
			t.Fatal(err)
		}
		if s.Timezone != "UTC" || s.Policy != schedule.DefaultPolicy() || s.Hours != nil {
			t.Errorf("default settings %+v", s)
		}
		hours := []schedule.Window{{Day: time.Monday, From: schedule.At(8, 30), To: schedule.At(17, 0)},
			{Day: time.Saturday, From: schedule.At(9, 0), To: schedule.At(12, 0)}}
		var chair, prov, pid int64
		err = db.WithTx(ctx, func(q *store.Queries) error {
			if err := q.LockBooking(ctx, cid); err != nil { // creates the row
				return err
			}
			if err := q.LockBooking(ctx, cid); err != nil { // and bumps it again
				return err
			}
			if err := q.SaveBookingSettings(ctx, record.BookingSettings{ClinicID: cid, Timezone: "Europe/Berlin", Hours: hours,
				Policy: schedule.Policy{NoticeHours: 48, MaxReschedules: 1, WithinDays: 3}}); err != nil {
				return err
			}
			var err error
			if chair, err = q.CreateBookingResource(ctx, record.BookingResource{ClinicID: cid, Name: "Chair 1", Kind: schedule.Chair,
				Hosts: []schedule.Kind{schedule.Infusion, schedule.Injection}}); err != nil {
				return err
			}
			uid, err := q.CreateUser(ctx, clinic.User{ClinicID: cid, Email: "n@example.org", Name: "Nurse", Role: clinic.RoleNurse,
				PasswordHash: "x", CreatedAt: now})
			if err != nil {
				return err
			}
			if prov, err = q.CreateBookingProvider(ctx, record.BookingProvider{ClinicID: cid, UserID: uid, Name: "Nurse", Hours: hours}); err != nil {
				return err
			}
			pid, err = q.CreatePatient(ctx, clinic.Patient{ClinicID: cid, MRN: "M1", GivenName: "Ann", FamilyName: "Bee",
				Sex: "female", BirthDate: time.Date(1981, 1, 1, 0, 0, 0, 0, time.UTC), CreatedAt: now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if s, err = q.BookingSettings(ctx, cid); err != nil {
			t.Fatal(err)
		}
		if s.Timezone != "Europe/Berlin" || !slices.Equal(s.Hours, hours) || s.Policy.NoticeHours != 48 || s.Policy.WithinDays != 3 {
			t.Errorf("saved settings %+v", s)
		}
		rs, err := q.BookingResources(ctx, cid)
		if err != nil || len(rs) != 1 || !slices.Equal(rs[0].Hosts, []schedule.Kind{schedule.Infusion, schedule.Injection}) {
			t.Errorf("resources %+v %v", rs, err)
		}
		ps, err := q.BookingProviders(ctx, cid)
		if err != nil || len(ps) != 1 || !slices.Equal(ps[0].Hours, hours) || ps[0].Kinds != nil {
			t.Errorf("providers %+v %v", ps, err)
		}
		start := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
		a := record.Appointment{ClinicID: cid, PatientID: pid, Kind: schedule.Infusion, Start: start, End: start.Add(85 * time.Minute),
			ProviderEnd: start.Add(55 * time.Minute), ResourceID: chair, ProviderID: prov, Status: record.AppointmentBooked, CreatedAt: now}
		if err := db.WithTx(ctx, func(q *store.Queries) error { a.ID, err = q.CreateAppointment(ctx, a); return err }); err != nil {
			t.Fatal(err)
		}
		// The database refuses a second live booking of the chair at the same start.
		err = db.WithTx(ctx, func(q *store.Queries) error { _, err := q.CreateAppointment(ctx, a); return err })
		if clinic.ErrorCode(err) != clinic.Conflict {
			t.Errorf("second booking of the chair: %v, want a conflict", err)
		}
		// Once cancelled, the start is free again.
		a.Status, a.CancelledAt, a.LateChange = record.AppointmentCancelled, now, true
		if err := db.WithTx(ctx, func(q *store.Queries) error { return q.UpdateAppointment(ctx, a) }); err != nil {
			t.Fatal(err)
		}
		var again int64
		if err := db.WithTx(ctx, func(q *store.Queries) error {
			again, err = q.CreateAppointment(ctx, record.Appointment{ClinicID: cid, PatientID: pid, Kind: schedule.Infusion, Start: start,
				End: a.End, ProviderEnd: a.ProviderEnd, ResourceID: chair, ProviderID: prov, Status: record.AppointmentBooked, CreatedAt: now})
			return err
		}); err != nil {
			t.Fatalf("rebooking a cancelled start: %v", err)
		}
		got, err := q.Appointments(ctx, cid, start.Add(-time.Hour), start.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != a.ID || got[0].Status != record.AppointmentCancelled || !got[0].LateChange ||
			!got[0].CancelledAt.Equal(now) || got[0].PatientName != "Ann Bee" || got[0].ResourceName != "Chair 1" || got[0].ProviderName != "Nurse" ||
			!got[0].Start.Equal(start) || !got[0].ProviderEnd.Equal(a.ProviderEnd) || got[1].ID != again {
			t.Errorf("appointments %+v", got)
		}
		// Another clinic sees none of it.
		other := seedClinic(t, db)
		if got, _ := q.Appointments(ctx, other, start.Add(-time.Hour), start.Add(time.Hour)); len(got) != 0 {
			t.Errorf("another clinic sees %d appointments", len(got))
		}
		if _, err := q.Appointment(ctx, other, a.ID); clinic.ErrorCode(err) != clinic.NotFound {
			t.Errorf("another clinic's appointment: %v", err)
		}
		// The waitlist keeps its optional fields.
		w := record.WaitlistEntry{ClinicID: cid, PatientID: pid, Kind: schedule.Consultation, AddedAt: now, Priority: 2,
			Latest: start, Days: []time.Weekday{time.Tuesday}, After: schedule.At(9, 0), Status: "waiting"}
		if err := db.WithTx(ctx, func(q *store.Queries) error { w.ID, err = q.CreateWaitlistEntry(ctx, w); return err }); err != nil {
			t.Fatal(err)
		}
		wl, err := q.Waitlist(ctx, cid)
		if err != nil || len(wl) != 1 || !wl[0].Latest.Equal(start) || !wl[0].Earliest.IsZero() || wl[0].After != schedule.At(9, 0) ||
			!slices.Equal(wl[0].Days, w.Days) || wl[0].PatientName != "Ann Bee" || wl[0].ProviderID != 0 {
			t.Errorf("waitlist %+v %v", wl, err)
		}
		if err := db.WithTx(ctx, func(q *store.Queries) error { return q.SetWaitlistStatus(ctx, cid, w.ID, "removed") }); err != nil {
			t.Fatal(err)
		}
		if wl, _ := q.Waitlist(ctx, cid); len(wl) != 0 {
			t.Errorf("a removed entry is still waiting")
		}
	})
}
