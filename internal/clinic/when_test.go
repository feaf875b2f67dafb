package clinic

import (
	"strings"
	"testing"
	"time"
)

func TestWindow(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		w    Window
		in   string
		says string // "" when accepted
	}{
		{BirthDate, "1980-02-03", ""},
		{BirthDate, "2026-12-04", ""},
		{BirthDate, "2026-12-05", "is in the future"},
		{BirthDate, "9999-12-31", "is in the future"},
		{BirthDate, "1850-01-01", "more than 130 years ago"},
		{BirthDate, "0001-01-01", "is missing"},
		{BirthDate, "1990-13-45", "YYYY-MM-DD"},
		{BirthDate, "12/03/1990", "YYYY-MM-DD"},
		{LotExpiry, "2028-06-30", ""},
		{LotExpiry, "9999-12-31", "more than 10 years ahead"},
		{PlanStart, "2099-06-01", "more than 2 years ahead"},
		{ReportDate, "9999-12-31", "more than 100 years ahead"},
	} {
		_, err := tc.w.ParseDate(tc.in, now)
		switch {
		case tc.says == "" && err != nil:
			t.Errorf("%s %s: %v", tc.w.Name, tc.in, err)
		case tc.says != "" && (err == nil || ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), tc.says)):
			t.Errorf("%s %s: %v, want %q", tc.w.Name, tc.in, err, tc.says)
		}
	}
	if err := TakenAt.Check(now.Add(4*time.Minute), now); err != nil {
		t.Errorf("4 minutes of clock drift: %v", err)
	}
	if err := TakenAt.Check(now.Add(6*time.Minute), now); err == nil || !strings.Contains(ErrorMessage(err), "in the future") {
		t.Errorf("6 minutes ahead: %v", err)
	}
	if err := TakenAt.Check(time.Time{}, now); err == nil {
		t.Error("the zero time passed")
	}
	if err := Appointment.Check(now.AddDate(2, 0, 2), now); err == nil || !strings.Contains(ErrorMessage(err), "more than 730 days ahead") &&
		!strings.Contains(ErrorMessage(err), "more than 2 years ahead") {
		t.Errorf("an appointment 2 years ahead: %v", err)
	}
}

// FuzzWindowParse: any text is a date inside the window or an Invalid
// error, never a panic; a date that passes lies in the window.
func FuzzWindowParse(f *testing.F) {
	for _, s := range []string{"1980-02-03", "9999-12-31", "0001-01-01", "0000-00-00", "2026-02-30", "-001-01-01", "+10000-01-01"} {
		f.Add(s)
	}
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := BirthDate.ParseDate(s, now)
		if err != nil {
			if ErrorCode(err) != Invalid {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if d.After(now) || d.Before(now.Add(-BirthDate.Past)) {
			t.Fatalf("%q passed as %v", s, d)
		}
	})
}
