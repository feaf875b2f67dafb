package outcomes

import (
	"testing"
	"time"

	"onset/internal/clinic"
)

// A course's provider is whoever gave its first dose recorded in a session;
// doses without a provider (imported) are skipped.
func TestFactsProviderIsFirstRecordedDose(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	doses := []clinic.Administration{
		{GivenAt: t0.AddDate(0, 0, 4), ProviderID: 9, ProviderName: "Late"},
		{GivenAt: t0},
		{GivenAt: t0.AddDate(0, 0, 2), ProviderID: 7, ProviderName: "First"},
	}
	f := FactsOf(clinic.Course{Route: clinic.RouteIV}, t0, doses, time.Time{}, "")
	if f.Provider != 7 || f.ProviderName != "First" {
		t.Errorf("provider %d %q, want 7 First", f.Provider, f.ProviderName)
	}
	if g := FactsOf(clinic.Course{}, t0, doses[1:2], time.Time{}, ""); g.Provider != 0 {
		t.Errorf("imported dose gave provider %d", g.Provider)
	}
}
