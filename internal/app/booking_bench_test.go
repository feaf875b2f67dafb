package app_test

import (
	"fmt"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// BenchmarkFindPlanSlots measures proposing a 6-session IV series through
// the service (reading the clinic's set-up and about three months of
// bookings from the store, building the schedule.Calendar and running
// FindSeries) in a clinic with 10 chairs, 8 providers and three months of
// existing bookings.
func BenchmarkFindPlanSlots(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			ctx := b.Context()
			now := time.Date(2026, 5, 20, 6, 0, 0, 0, time.UTC)
			c := &clock{t: now}
			db := storetest.Open(b, engine)
			svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: c.Now})
			cl, err := svc.EnsureClinic(ctx, "Bench")
			if err != nil {
				b.Fatal(err)
			}
			sys := service.System(cl.ID)
			if err := svc.SetBookingSettings(ctx, sys, record.BookingSettings{Timezone: "Europe/Berlin", Policy: schedule.DefaultPolicy()}); err != nil {
				b.Fatal(err)
			}
			var chairs []schedule.Resource
			for i := range 10 {
				r, err := svc.AddResource(ctx, sys, record.BookingResource{Name: fmt.Sprintf("Chair %d", i+1), Kind: schedule.Chair})
				if err != nil {
					b.Fatal(err)
				}
				chairs = append(chairs, schedule.Resource{ID: r.ID, Name: r.Name, Kind: r.Kind})
			}
			var provs []schedule.Provider
			var clinician service.Actor
			for i := range 8 {
				role := clinic.RoleNurse
				if i < 3 {
					role = clinic.RoleClinician
				}
				u, err := svc.CreateUser(ctx, sys, record.NewUser{Email: fmt.Sprintf("p%d@example.org", i), Name: fmt.Sprintf("Provider %d", i),
					Role: role, Password: "a long password"})
				if err != nil {
					b.Fatal(err)
				}
				if i == 0 {
					clinician = service.Actor{UserID: u.ID, ClinicID: cl.ID, Role: role, Name: u.Name}
				}
				p, err := svc.AddProvider(ctx, sys, record.BookingProvider{UserID: u.ID})
				if err != nil {
					b.Fatal(err)
				}
				provs = append(provs, schedule.Provider{ID: p.ID, Name: p.Name})
			}
			var patients []int64
			for i := range 120 {
				p, err := svc.CreatePatient(ctx, sys, record.NewPatient{MRN: fmt.Sprintf("B-%d", i), GivenName: "Bench", FamilyName: fmt.Sprint(i),
					Sex: "female", BirthDate: "1980-01-01", Conditions: []string{"depression"}})
				if err != nil {
					b.Fatal(err)
				}
				patients = append(patients, p.ID)
			}
			// Three months of bookings: every chair busy most of the day,
			// placed with the same rules so that they are consistent.
			loc, _ := time.LoadLocation("Europe/Berlin")
			cal, err := schedule.NewCalendar(schedule.Hours{Location: loc, Open: record.DefaultHours()}, schedule.DefaultTypes(), chairs, provs, nil)
			if err != nil {
				b.Fatal(err)
			}
			var appts []record.Appointment
			n := 0
			for day := time.Date(2026, 5, 21, 0, 0, 0, 0, loc); day.Before(time.Date(2026, 8, 21, 0, 0, 0, 0, loc)); day = day.AddDate(0, 0, 1) {
				for _, chair := range chairs {
					for start := day.Add(8 * time.Hour); start.Before(day.Add(16 * time.Hour)); start = start.Add(90 * time.Minute) {
						n++
						if n%5 == 0 { // about 80% full
							continue
						}
						for _, p := range provs {
							slot, _ := cal.SlotAt(schedule.Infusion, start.Add(time.Duration(chair.ID%4)*15*time.Minute), chair.ID, p.ID)
							pid := patients[n%len(patients)]
							if cal.Book(schedule.Booking{ID: int64(len(appts) + 1), PatientID: pid, Slot: slot}) == nil {
								appts = append(appts, record.Appointment{ClinicID: cl.ID, PatientID: pid, Kind: slot.Kind, Start: slot.Start,
									End: slot.End, ProviderEnd: slot.ProviderEnd, ResourceID: slot.ResourceID, ProviderID: slot.ProviderID,
									Status: record.AppointmentBooked, CreatedAt: now})
								break
							}
						}
					}
				}
			}
			if err := db.WithTx(ctx, func(tx *store.Queries) error {
				for _, a := range appts {
					if _, err := tx.CreateAppointment(ctx, a); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			pt, err := svc.CreatePatient(ctx, sys, record.NewPatient{MRN: "NEW", GivenName: "New", FamilyName: "Patient",
				Sex: "female", BirthDate: "1980-01-01", Conditions: []string{"depression"}})
			if err != nil {
				b.Fatal(err)
			}
			in := ivInput()
			plan, err := svc.CreatePlan(ctx, clinician, pt.ID, in)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := svc.SignPlan(ctx, clinician, pt.ID, plan.ID); err != nil {
				b.Fatal(err)
			}
			from := time.Date(2026, 5, 21, 0, 0, 0, 0, loc)
			for b.Loop() {
				slots, err := svc.FindPlanSlots(ctx, clinician, pt.ID, from, 6, 0, 0)
				if err != nil {
					b.Fatal(err)
				}
				if len(slots) != 6 {
					b.Fatalf("%d slots", len(slots))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/search")
			b.ReportMetric(float64(len(appts)), "bookings")
		})
	}
}
