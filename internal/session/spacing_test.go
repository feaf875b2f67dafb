package session

import (
	"strings"
	"testing"
	"time"
)

func TestDoseSpacing(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	iv := DoseSpacing{MinHoursApart: 48, Loc: berlin} // the IV induction template's minimum
	daily := DoseSpacing{Loc: berlin}
	for _, c := range []struct {
		name  string
		rule  DoseSpacing
		prior []string
		dose  string
		want  string // a fragment of the refusal; "" = allowed
	}{
		{"first dose", iv, nil, "2026-06-01 10:00", ""},
		{"66 minutes later", iv, []string{"2026-06-01 10:00"}, "2026-06-01 11:06", "One treatment a day"},
		{"next day, 48 h plan", iv, []string{"2026-06-01 10:00"}, "2026-06-02 10:00", "at least 2 days apart"},
		{"47.5 h later on the second day", iv, []string{"2026-06-01 10:00"}, "2026-06-03 09:30", ""},
		{"a later dose already given (entered late)", iv, []string{"2026-06-03 10:00"}, "2026-06-02 09:00", "at least 2 days apart"},
		{"daily plan: next day", daily, []string{"2026-06-01 10:00"}, "2026-06-02 09:00", ""},
		{"daily plan: same day", daily, []string{"2026-06-01 08:00"}, "2026-06-01 17:00", "already given on this day at 08:00"},
		// 23:30 and 00:30 Berlin time are different clinic days, although one UTC day.
		{"either side of local midnight", daily, []string{"2026-06-01 23:30"}, "2026-06-02 00:30", ""},
		// The night the clocks go forward is still one day.
		{"across the spring DST change", daily, []string{"2026-03-29 00:30"}, "2026-03-29 23:00", "already given on this day"},
		{"the nearest of several", iv, []string{"2026-05-25 10:00", "2026-05-31 10:00"}, "2026-06-01 10:00", "Sun 31 May 10:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var prior []time.Time
			for _, p := range c.prior {
				prior = append(prior, at(p))
			}
			got := c.rule.Check(prior, at(c.dose))
			if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
				t.Errorf("Check = %q, want %q", got, c.want)
			}
		})
	}
}
