package protocol

import (
	"strings"
	"testing"

	"onset/internal/clinic"
)

func TestMaintenanceNext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		rule   MaintenanceRule
		last   int
		holds  bool
		action Action
		days   int
		reason string
	}{
		{"ketamine: first interval", KetamineMaintenance(), 0, true, Start, 7, "first maintenance interval → 7 days"},
		{"ketamine: widen 7 → 14", KetamineMaintenance(), 7, true, Widen, 14, "response held after 7 days → widen 7 → 14 days"},
		{"ketamine: widen 21 → 28", KetamineMaintenance(), 21, true, Widen, 28, "widen 21 → 28 days"},
		{"ketamine: widen capped at 28", KetamineMaintenance(), 24, true, Widen, 28, "widen 24 → 28 days"},
		{"ketamine: at the maximum stays", KetamineMaintenance(), 28, true, Hold, 28, "28 days is the longest interval → stay at 28 days"},
		{"ketamine: above a lowered maximum narrows", KetamineMaintenance(), 42, true, Narrow, 28, "but 28 days is the longest interval → 28 days"},
		{"ketamine: loss returns to weekly", KetamineMaintenance(), 21, false, Narrow, 7, "response lost after 21 days → return to 7 days"},
		{"ketamine: loss at weekly asks for review", KetamineMaintenance(), 7, false, Hold, 7, "review the plan (consider re-induction)"},
		{"ketamine: loss below the loss interval keeps it", KetamineMaintenance(), 5, false, Hold, 5, "keep 5 days"},
		{"ketamine 42-day maximum", MaintenanceRule{StartDays: 7, WidenByDays: 7, MaxDays: 42, OnLossDays: 14}, 35, true, Widen, 42, "widen 35 → 42 days"},
		{"42-day rule: loss returns to 14", MaintenanceRule{StartDays: 7, WidenByDays: 7, MaxDays: 42, OnLossDays: 14}, 42, false, Narrow, 14, "return to 14 days"},
		{"esketamine: week 9 starts every 2 weeks", EsketamineMaintenance(), 0, true, Start, 14, "→ 14 days"},
		{"esketamine: every 2 weeks is the longest", EsketamineMaintenance(), 14, true, Hold, 14, "stay at 14 days"},
		{"esketamine: loss goes weekly", EsketamineMaintenance(), 14, false, Narrow, 7, "return to 7 days"},
		{"esketamine: weekly and holding widens to 2 weeks", EsketamineMaintenance(), 7, true, Widen, 14, "widen 7 → 14 days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.rule.Next(tt.last, tt.holds)
			if err != nil {
				t.Fatal(err)
			}
			if got.Action != tt.action || got.Days != tt.days {
				t.Errorf("got %s %d days, want %s %d (%s)", got.Action, got.Days, tt.action, tt.days, got.Reason)
			}
			if !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("reason %q lacks %q", got.Reason, tt.reason)
			}
			if got.Days > tt.rule.MaxDays {
				t.Errorf("%d days is above the maximum %d", got.Days, tt.rule.MaxDays)
			}
		})
	}
}

func TestMaintenanceInvalid(t *testing.T) {
	t.Parallel()
	ok := KetamineMaintenance()
	tests := []struct {
		name string
		rule MaintenanceRule
		last int
		want string
	}{
		{"start", MaintenanceRule{StartDays: 0, WidenByDays: 7, MaxDays: 28, OnLossDays: 7}, 0, "start_days must be at least 1"},
		{"widen", MaintenanceRule{StartDays: 7, WidenByDays: 0, MaxDays: 28, OnLossDays: 7}, 0, "widen_by_days must be at least 1"},
		{"max below start", MaintenanceRule{StartDays: 14, WidenByDays: 7, MaxDays: 7, OnLossDays: 7}, 0, "max_days (7) must be at least start_days (14)"},
		{"loss above max", MaintenanceRule{StartDays: 7, WidenByDays: 7, MaxDays: 28, OnLossDays: 35}, 0, "on_loss_days (35) must be from 1 to max_days (28)"},
		{"negative last", ok, -7, "last interval -7 days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.rule.Next(tt.last, true)
			if clinic.ErrorCode(err) != clinic.Invalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			if msg := clinic.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q lacks %q", msg, tt.want)
			}
		})
	}
}
