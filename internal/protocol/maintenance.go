package protocol

import (
	"fmt"
	"strings"

	"onset/internal/clinic"
)

// MaintenanceRule spaces maintenance sessions: start at StartDays, widen by
// WidenByDays while response holds up to MaxDays, and go back to
// OnLossDays when response is lost.
type MaintenanceRule struct {
	StartDays   int    `json:"start_days"`
	WidenByDays int    `json:"widen_by_days"`
	MaxDays     int    `json:"max_days"`
	OnLossDays  int    `json:"on_loss_days"`
	Source      string `json:"source"`
}

// Validate names each field that cannot work.
func (r MaintenanceRule) Validate() error {
	if p := r.problems(""); len(p) > 0 {
		return clinic.Errorf(clinic.Invalid, "maintenance rule: %s", strings.Join(p, "; "))
	}
	return nil
}

func (r MaintenanceRule) problems(prefix string) []string {
	var bad []string
	if r.StartDays < 1 {
		bad = append(bad, prefix+"start_days must be at least 1")
	}
	if r.WidenByDays < 1 {
		bad = append(bad, prefix+"widen_by_days must be at least 1")
	}
	if r.MaxDays < r.StartDays {
		bad = append(bad, fmt.Sprintf("%smax_days (%d) must be at least start_days (%d)", prefix, r.MaxDays, r.StartDays))
	}
	if r.OnLossDays < 1 || r.OnLossDays > r.MaxDays {
		bad = append(bad, fmt.Sprintf("%son_loss_days (%d) must be from 1 to max_days (%d)", prefix, r.OnLossDays, r.MaxDays))
	}
	for _, f := range []struct {
		name string
		days int
	}{{"start_days", r.StartDays}, {"widen_by_days", r.WidenByDays}, {"max_days", r.MaxDays}} {
		if p := problem(prefix+f.name, clinic.IntervalDays, float64(f.days)); p != "" && f.days > 0 {
			bad = append(bad, p)
		}
	}
	return bad
}

// Next decides the interval to the next maintenance session. lastDays is
// the interval just completed (0 before the first maintenance session);
// responseHolds says whether the patient still meets the clinic's
// response criterion at its end.
func (r MaintenanceRule) Next(lastDays int, responseHolds bool) (Decision, error) {
	if err := r.Validate(); err != nil {
		return Decision{}, err
	}
	switch {
	case lastDays < 0:
		return Decision{}, clinic.Errorf(clinic.Invalid, "last interval %d days must not be negative", lastDays)
	case lastDays == 0:
		return Decision{Action: Start, Days: r.StartDays, Reason: fmt.Sprintf("first maintenance interval → %d days", r.StartDays)}, nil
	}
	if !responseHolds {
		if lastDays <= r.OnLossDays {
			return Decision{Action: Hold, Days: lastDays, Reason: fmt.Sprintf(
				"response lost after %d days, already at or below the %d-day loss interval → keep %d days; review the plan (consider re-induction)",
				lastDays, r.OnLossDays, lastDays)}, nil
		}
		return Decision{Action: Narrow, Days: r.OnLossDays, Reason: fmt.Sprintf(
			"response lost after %d days → return to %d days", lastDays, r.OnLossDays)}, nil
	}
	if lastDays > r.MaxDays { // the clinic shortened MaxDays since
		return Decision{Action: Narrow, Days: r.MaxDays, Reason: fmt.Sprintf(
			"response held after %d days, but %d days is the longest interval → %d days", lastDays, r.MaxDays, r.MaxDays)}, nil
	}
	next := min(lastDays+r.WidenByDays, r.MaxDays)
	if next == lastDays {
		return Decision{Action: Hold, Days: r.MaxDays, Reason: fmt.Sprintf(
			"response held after %d days; %d days is the longest interval → stay at %d days", lastDays, r.MaxDays, r.MaxDays)}, nil
	}
	return Decision{Action: Widen, Days: next, Reason: fmt.Sprintf(
		"response held after %d days → widen %d → %d days", lastDays, lastDays, next)}, nil
}
