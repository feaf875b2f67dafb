package app_test

import (
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/store/storetest"
)

// A therapist's search finds only their caseload; taking a patient off
// ends it at once.
func TestTherapistSearchIsTheCaseload(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newPlanEnv(t, engine)
			sys := service.System(e.clinicID)
			th := e.therapist(t, "Tess")
			for _, q := range []string{"", "Pat", "P-2"} {
				page, err := e.svc.ListPatients(ctx, th, q, 1)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range page.Patients {
					if p.ID != e.patient {
						t.Errorf("search %q found %s, not on the caseload", q, p.MRN)
					}
				}
				if want := map[string]int{"": 1, "Pat": 1, "P-2": 0}[q]; page.Total != want {
					t.Errorf("search %q: %d patients, want %d", q, page.Total, want)
				}
			}
			if _, err := e.svc.Patient(ctx, th, e.other); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a patient off the caseload: %v", err)
			}
			if err := e.svc.EndTherapist(ctx, sys, e.patient, th.UserID); err != nil {
				t.Fatal(err)
			}
			if page, _ := e.svc.ListPatients(ctx, th, "", 1); page.Total != 0 {
				t.Errorf("after the end the search still finds %d", page.Total)
			}
		})
	}
}

// therapist makes a therapist with the env's patient on their caseload,
// as the actor a request of theirs would carry.
func (e planEnv) therapist(t *testing.T, name string) service.Actor {
	t.Helper()
	ctx := t.Context()
	sys := service.System(e.clinicID)
	u, err := e.svc.CreateUser(ctx, sys, record.NewUser{Email: strings.ToLower(strings.Fields(name)[0]) + "@therapists.example",
		Name: name, Role: clinic.RoleTherapist, Password: "a long password"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AssignTherapist(ctx, sys, e.patient, u.ID); err != nil {
		t.Fatal(err)
	}
	return service.Actor{UserID: u.ID, ClinicID: e.clinicID, Role: clinic.RoleTherapist, Name: u.Name, Caseload: []int64{e.patient}}
}
