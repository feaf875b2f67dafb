package app_test

import (
	"sync"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/store/storetest"
)

// TestConcurrentReadsAreEachAudited: many simultaneous reads share commits,
// and every one of them still leaves its own audit row.
func TestConcurrentReadsAreEachAudited(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			ctx := t.Context()
			sys := service.System(e.clinic)
			p, err := e.svc.CreatePatient(ctx, sys, record.NewPatient{MRN: "C-1", GivenName: "Cy", FamilyName: "Co",
				Sex: "male", BirthDate: "1975-03-04"})
			if err != nil {
				t.Fatal(err)
			}
			const readers, each = 16, 10
			var wg sync.WaitGroup
			errs := make(chan error, readers*each)
			for r := range readers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					actor := service.Actor{ClinicID: e.clinic, Role: clinic.RoleNurse, UserID: int64(1000 + r)}
					for range each {
						if _, err := e.svc.Patient(ctx, actor, p.ID); err != nil {
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			rows, err := e.svc.AuditLog(ctx, sys, clinic.AuditFilter{Action: "patient.read", PatientID: p.ID, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			perUser := map[int64]int{}
			for _, r := range rows {
				perUser[r.UserID]++
			}
			if len(rows) != readers*each || len(perUser) != readers {
				t.Errorf("audit rows %d from %d users, want %d from %d", len(rows), len(perUser), readers*each, readers)
			}
			for u, n := range perUser {
				if n != each {
					t.Errorf("user %d: %d rows, want %d", u, n, each)
				}
			}
		})
	}
}
