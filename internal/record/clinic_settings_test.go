package record

import (
	"onset/internal/scales"
	"strings"
	"testing"
	"time"
)

func TestQuietHoursAcrossDST(t *testing.T) {
	t.Parallel()
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	night := ClinicSettings{QuietFrom: "21:00", QuietUntil: "08:00"}
	lunch := ClinicSettings{QuietFrom: "12:00", QuietUntil: "14:00"}
	utc := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	for _, c := range []struct {
		name  string
		s     ClinicSettings
		now   time.Time
		quiet bool
		until time.Time
	}{
		// 2026-03-08 02:00 PST becomes 03:00 PDT: the night is an hour short.
		{"evening before spring forward", night, utc("2026-03-08T06:00:00Z") /* 22:00 PST */, true, utc("2026-03-08T15:00:00Z") /* 08:00 PDT */},
		{"early morning, spring forward day", night, utc("2026-03-08T11:30:00Z") /* 04:30 PDT */, true, utc("2026-03-08T15:00:00Z")},
		// 2026-11-01 02:00 PDT becomes 01:00 PST: the night is an hour long.
		{"evening before fall back", night, utc("2026-11-01T05:00:00Z") /* 22:00 PDT */, true, utc("2026-11-01T16:00:00Z") /* 08:00 PST */},
		{"the repeated hour", night, utc("2026-11-01T09:30:00Z") /* 01:30 PST, the second time */, true, utc("2026-11-01T16:00:00Z")},
		{"daytime", night, utc("2026-11-02T20:00:00Z") /* 12:00 PST */, false, time.Time{}},
		{"a minute before the start", night, utc("2026-07-01T03:59:00Z") /* 20:59 PDT */, false, time.Time{}},
		{"the end itself is not quiet", night, utc("2026-07-01T15:00:00Z") /* 08:00 PDT */, false, time.Time{}},
		{"midday window", lunch, utc("2026-07-01T19:30:00Z") /* 12:30 PDT */, true, utc("2026-07-01T21:00:00Z")},
		{"no quiet hours", ClinicSettings{}, utc("2026-07-01T08:00:00Z"), false, time.Time{}},
	} {
		until, quiet := c.s.QuietEnd(c.now, la)
		if quiet != c.quiet || !until.Equal(c.until) {
			t.Errorf("%s: QuietEnd = %v, %v; want %v, %v", c.name, until.UTC(), quiet, c.until, c.quiet)
		}
	}
}

func TestClinicSettingsClean(t *testing.T) {
	t.Parallel()
	good := ClinicSettings{Name: " Lakeside Clinic ", Timezone: "America/Los_Angeles", ReplyTo: "desk@lakeside.example",
		QuietFrom: "21:00", QuietUntil: "08:00", CrisisText: "Call 988.\n\nOr 911."}
	got, err := good.Clean()
	if err != nil || got.Name != "Lakeside Clinic" {
		t.Fatalf("good settings: %+v %v", got, err)
	}
	for _, c := range []struct {
		change func(*ClinicSettings)
		want   string
	}{
		{func(s *ClinicSettings) { s.Name = "" }, "name"},
		{func(s *ClinicSettings) { s.Name = strings.Repeat("x", 101) }, "name"},
		{func(s *ClinicSettings) { s.Timezone = "Mars/Olympus" }, "time zone"},
		{func(s *ClinicSettings) { s.Timezone = "" }, "time zone"},
		{func(s *ClinicSettings) { s.Timezone = "Local" }, "time zone"},
		{func(s *ClinicSettings) { s.ReplyTo = "Desk <desk@x.example>" }, "email"},
		{func(s *ClinicSettings) { s.QuietUntil = "" }, "both ends"},
		{func(s *ClinicSettings) { s.QuietFrom = "25:00" }, "time of day"},
		{func(s *ClinicSettings) { s.QuietFrom = "9pm" }, "time of day"},
		{func(s *ClinicSettings) { s.QuietFrom, s.QuietUntil = "08:00", "08:00" }, "different"},
		{func(s *ClinicSettings) { s.CrisisText = "call \x00 now" }, "crisis"},
		{func(s *ClinicSettings) { s.Address = strings.Repeat("a", 301) }, "address"},
		{func(s *ClinicSettings) { s.ReminderHours = 1 }, "2 to 168 hours"},
		{func(s *ClinicSettings) { s.SenderEmail = "desk at lakeside" }, "email address"},
		{func(s *ClinicSettings) { s.SenderEmail = "Desk <desk@x.example>" }, "email address"},
		{func(s *ClinicSettings) { s.SMSFrom = "call us" }, "not a phone number"},
		{func(s *ClinicSettings) { s.ReminderHours = 169 }, "2 to 168 hours"},
		{func(s *ClinicSettings) { s.PreSessionHours = 11 }, "12 to 96 hours"},
		{func(s *ClinicSettings) { s.PreSessionHours = -1 }, "12 to 96 hours"},
		{func(s *ClinicSettings) { s.PostSessionHours = 73 }, "4 to 72 hours"},
		{func(s *ClinicSettings) { s.InductionDays = 2 }, "every 3 to 14 days"},
		{func(s *ClinicSettings) { s.MaintenanceDays = 91 }, "every 7 to 90 days"},
	} {
		s := good
		c.change(&s)
		if _, err := s.Clean(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want an error about %q", s, err, c.want)
		}
	}
}

func TestReminderAhead(t *testing.T) {
	t.Parallel()
	if got := (ClinicSettings{}).ReminderAhead(); got != 48*time.Hour {
		t.Errorf("default: %v", got)
	}
	if got := (ClinicSettings{ReminderHours: 24}).ReminderAhead(); got != 24*time.Hour {
		t.Errorf("24 hours: %v", got)
	}
}

func TestCadence(t *testing.T) {
	t.Parallel()
	if got := (ClinicSettings{}).Cadence(); got != scales.DefaultCadence {
		t.Errorf("nothing set: %+v, want the default", got)
	}
	got := ClinicSettings{PostSessionHours: 48, MaintenanceDays: 14}.Cadence()
	if got.PostAfter != 48*time.Hour || got.Maintenance != 14*24*time.Hour || got.PreAhead != scales.DefaultCadence.PreAhead ||
		got.Induction != scales.DefaultCadence.Induction {
		t.Errorf("48 h after, every 14 days: %+v", got)
	}
}
