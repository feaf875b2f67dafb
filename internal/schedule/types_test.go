package schedule

import (
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
)

func TestParseClock(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]Clock{"08:30": 510, "00:00": 0, "24:00": 1440, "23:59": 1439} {
		if got, err := ParseClock(s); err != nil || got != want || (s != "24:00" && got.String() != s) {
			t.Errorf("ParseClock(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"8:30", "24:01", "12:60", "ab:cd", "", "-1:00", "12:3"} {
		if _, err := ParseClock(s); err == nil {
			t.Errorf("ParseClock(%q): no error", s)
		}
	}
}

func TestAppointmentTypes(t *testing.T) {
	t.Parallel()
	for _, ty := range DefaultTypes() {
		if err := ty.Validate(); err != nil {
			t.Errorf("%s: %v", ty.Kind, err)
		}
		if ty.Kind == Esketamine && ty.TreatMin+ty.RecoveryMin < 120 {
			t.Error("esketamine must be monitored 2 h from the first device (§1.5)")
		}
		if ty.Kind == Infusion && (ty.TreatMin != 40 || ty.Length() != 85*time.Minute || ty.ProviderLength() != 55*time.Minute) {
			t.Errorf("infusion: %+v", ty)
		}
	}
	esk := func(f func(*AppointmentType)) AppointmentType {
		ty := DefaultTypes()[2]
		f(&ty)
		return ty
	}
	tests := []struct {
		name string
		ty   AppointmentType
		msg  string
	}{
		{"esketamine monitored under 2 h", esk(func(t *AppointmentType) { t.RecoveryMin = 60 }), "at least 120"},
		{"no kind", esk(func(t *AppointmentType) { t.Kind = "" }), "needs a name"},
		{"unknown resource", esk(func(t *AppointmentType) { t.Resource = "bed" }), "chair or a room"},
		{"negative", esk(func(t *AppointmentType) { t.SetupMin = -1 }), "negative"},
		{"zero length", AppointmentType{Kind: "x", Resource: Room}, "between 1 minute"},
		{"provider longer than the visit", esk(func(t *AppointmentType) { t.ProviderMin = 200 }), "provider cannot be held longer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantErr(t, tt.ty.Validate(), clinic.Invalid, tt.msg)
		})
	}
}

func TestNewCalendarRejects(t *testing.T) {
	t.Parallel()
	loc := newYork(t)
	h := Hours{Location: loc, Open: weekdays(At(8, 0), At(18, 0))}
	res := []Resource{{ID: 1, Name: "Chair 1", Kind: Chair}}
	prov := []Provider{{ID: 100, Name: "Dr Carl"}}
	b := Booking{ID: 1, Slot: Slot{Kind: Infusion, Start: ny(t, 10, 5, 9, 0), End: ny(t, 10, 5, 10, 25), ProviderEnd: ny(t, 10, 5, 9, 55), ResourceID: 1, ProviderID: 100}}
	tests := []struct {
		name string
		h    Hours
		res  []Resource
		prov []Provider
		bs   []Booking
		msg  string
	}{
		{"no time zone", Hours{Open: h.Open}, res, prov, nil, "time zone"},
		{"no hours", Hours{Location: loc}, res, prov, nil, "opening hours"},
		{"hours out of order", Hours{Location: loc, Open: []Window{{time.Monday, At(18, 0), At(8, 0)}}}, res, prov, nil, "not a span"},
		{"duplicate chair", h, append(res, res[0]), prov, nil, "unique"},
		{"bad resource kind", h, []Resource{{ID: 1, Name: "Bed", Kind: "bed"}}, prov, nil, "chair or a room"},
		{"duplicate provider", h, res, append(prov, prov[0]), nil, "unique"},
		{"booking in an unknown chair", h, res, prov, []Booking{func() Booking { x := b; x.ResourceID = 9; return x }()}, "chair or room 9"},
		{"booking with an unknown provider", h, res, prov, []Booking{func() Booking { x := b; x.ProviderID = 9; return x }()}, "provider 9"},
		{"booking twice", h, res, prov, []Booking{b, b}, "already in the calendar"},
		{"booking ends before it starts", h, res, prov, []Booking{func() Booking { x := b; x.End = x.Start; return x }()}, "out of order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewCalendar(tt.h, DefaultTypes(), tt.res, tt.prov, tt.bs)
			if err == nil || !strings.Contains(clinic.ErrorMessage(err), tt.msg) {
				t.Fatalf("got %v, want an error containing %q", err, tt.msg)
			}
		})
	}
}
