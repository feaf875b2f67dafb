package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/store"
)

// TestPatientTrajectoryShowsClinicBands: with enough earlier courses, the
// patient page draws the clinic's spread behind the patient's trajectory
// and says what it means; the patient sees it on their own page too.
func TestPatientTrajectoryShowsClinicBands(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	seedOutcomes(t, f) // 12 courses with PHQ-9 follow-ups about 40 days after T0
	page, err := f.svc.ListPatients(t.Context(), service.System(f.clinicID), "H1", 1)
	if err != nil || page.Total == 0 {
		t.Fatalf("seeded patient: %v %+v", err, page)
	}
	id := strconv.FormatInt(page.Patients[0].ID, 10)
	nurse := f.signIn(clinic.RoleNurse)
	b := nurse.getBody("/patients/"+id+"?instrument=phq9", http.StatusOK)
	if !strings.Contains(b, `id="trajectory-expected"`) || !strings.Contains(b, `class="expected-inner"`) {
		t.Errorf("no clinic bands on the patient page:\n%s", b)
	}
	before := f.auditCount(string(service.ActOutcomeBands), 0)
	nurse.getBody("/patients/"+id+"?instrument=phq9", http.StatusOK) // served from the cache, still audited
	if after := f.auditCount(string(service.ActOutcomeBands), 0); after != before+1 {
		t.Errorf("bands reads audited %d → %d", before, after)
	}
	// A patient with no baseline gets no bands (nothing to scale them to).
	if b := nurse.getBody("/patients/"+strconv.FormatInt(f.other, 10), http.StatusOK); strings.Contains(b, `class="expected-inner"`) {
		t.Error("bands drawn without a baseline")
	}
}
