package schedule

import (
	"testing"
	"time"

	"onset/internal/clinic"
)

func TestPolicy(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 10, 6, 14, 0, 0, 0, time.UTC)
	b := Booking{ID: 1, PatientID: 7, Slot: Slot{Kind: Infusion, Start: start}}
	p := DefaultPolicy()
	h := func(n float64) time.Time { return start.Add(-time.Duration(n * float64(time.Hour))) }
	cancels := []struct {
		name  string
		now   time.Time
		staff bool
		late  bool
		msg   string
	}{
		{"patient, two days ahead", h(48), false, false, ""},
		{"patient, exactly 24 h ahead", h(24), false, false, ""},
		{"patient, inside the window", h(23.9), false, false, "up to 24 hours before"},
		{"staff, inside the window, late", h(2), true, true, ""},
		{"after the start", h(-0.1), true, false, "already started"},
		{"at the start", h(0), true, false, "already started"},
	}
	for _, tt := range cancels {
		t.Run("cancel: "+tt.name, func(t *testing.T) {
			t.Parallel()
			ch, err := p.Cancel(b, tt.now, tt.staff)
			if tt.msg != "" {
				wantErr(t, err, clinic.Conflict, tt.msg)
				return
			}
			if err != nil || ch.Late != tt.late {
				t.Fatalf("got %+v, %v; want late %v", ch, err, tt.late)
			}
		})
	}
	moves := []struct {
		name   string
		to     time.Time
		done   int
		now    time.Time
		staff  bool
		code   clinic.Code
		msg    string
		late   bool
		policy Policy
	}{
		{name: "two days later", to: start.Add(48 * time.Hour), now: h(72), policy: p},
		{name: "inside the window, patient", to: start.Add(48 * time.Hour), now: h(3), code: clinic.Conflict, msg: "moved online up to 24 hours", policy: p},
		{name: "inside the window, staff", to: start.Add(48 * time.Hour), now: h(3), staff: true, late: true, policy: p},
		{name: "too far", to: start.Add(8 * 24 * time.Hour), now: h(72), code: clinic.Conflict, msg: "up to 7 days", policy: p},
		{name: "too far earlier", to: start.Add(-8 * 24 * time.Hour), now: h(24 * 9), code: clinic.Conflict, msg: "up to 7 days", policy: p},
		{name: "no limit", to: start.Add(30 * 24 * time.Hour), now: h(72), policy: Policy{NoticeHours: 24}},
		{name: "moved twice already, patient", to: start.Add(24 * time.Hour), done: 2, now: h(72), code: clinic.Conflict, msg: "moved 2 times already", policy: p},
		{name: "moved twice already, staff", to: start.Add(24 * time.Hour), done: 2, now: h(72), staff: true, policy: p},
		{name: "same time", to: start, now: h(72), code: clinic.Invalid, msg: "same as the old", policy: p},
		{name: "into the past", to: h(80), now: h(72), code: clinic.Invalid, msg: "already passed", policy: p},
		{name: "no new time", now: h(72), code: clinic.Invalid, msg: "required", policy: p},
		{name: "after it started", to: start.Add(time.Hour), now: h(-1), staff: true, code: clinic.Conflict, msg: "already started", policy: p},
		{name: "negative policy", to: start.Add(time.Hour), now: h(72), code: clinic.Invalid, msg: "negative", policy: Policy{NoticeHours: -1}},
	}
	for _, tt := range moves {
		t.Run("reschedule: "+tt.name, func(t *testing.T) {
			t.Parallel()
			ch, err := tt.policy.Reschedule(b, tt.to, tt.done, tt.now, tt.staff)
			if tt.code != "" {
				wantErr(t, err, tt.code, tt.msg)
				return
			}
			if err != nil || ch.Late != tt.late {
				t.Fatalf("got %+v, %v; want late %v", ch, err, tt.late)
			}
		})
	}
}

func TestWaitlistOffers(t *testing.T) {
	t.Parallel()
	c := fixture(t,
		Booking{ID: 1, PatientID: 1, Slot: Slot{Kind: Infusion, Start: ny(t, 10, 6, 9, 0), End: ny(t, 10, 6, 10, 25), ProviderEnd: ny(t, 10, 6, 9, 55), ResourceID: 1, ProviderID: 100}},
		// Patient 22 is busy at that time.
		Booking{ID: 2, PatientID: 22, Slot: Slot{Kind: Consultation, Start: ny(t, 10, 6, 9, 0), End: ny(t, 10, 6, 10, 0), ProviderEnd: ny(t, 10, 6, 10, 0), ResourceID: 10, ProviderID: 101}},
	)
	freed, err := c.Cancel(1)
	if err != nil {
		t.Fatal(err)
	}
	now := ny(t, 10, 1, 12, 0)
	added := func(d int) time.Time { return ny(t, 9, d, 12, 0) }
	list := []WaitlistEntry{
		{ID: 1, PatientID: 11, Kind: Infusion, AddedAt: added(10)},
		{ID: 2, PatientID: 12, Kind: Infusion, AddedAt: added(5)},               // waiting longer
		{ID: 3, PatientID: 13, Kind: Infusion, AddedAt: added(20), Priority: 1}, // urgent
		{ID: 4, PatientID: 14, Kind: Esketamine, AddedAt: added(1)},             // fits chair 1 too (135 min; chair free till later)
		{ID: 5, PatientID: 15, Kind: Infusion, AddedAt: added(1), Days: []time.Weekday{time.Friday}},
		{ID: 6, PatientID: 16, Kind: Infusion, AddedAt: added(1), After: At(12, 0)},
		{ID: 7, PatientID: 17, Kind: Infusion, AddedAt: added(1), Before: At(8, 30)},
		{ID: 8, PatientID: 18, Kind: Infusion, AddedAt: added(1), Earliest: ny(t, 10, 7, 0, 0)},
		{ID: 9, PatientID: 19, Kind: Infusion, AddedAt: added(1), Latest: ny(t, 10, 6, 9, 0)},
		{ID: 10, PatientID: 20, Kind: Consultation, AddedAt: added(1)},              // a room, not a chair
		{ID: 11, PatientID: 21, Kind: Infusion, AddedAt: added(1), ProviderID: 101}, // Nurse Nia is consulting then
		{ID: 12, PatientID: 22, Kind: Infusion, AddedAt: added(1)},                  // busy then
		{ID: 13, PatientID: 23, Kind: Infusion, AddedAt: added(2), Latest: ny(t, 10, 6, 9, 1)},
	}
	got := c.Offers(freed.Slot, list, now)
	var ids []int64
	for _, o := range got {
		ids = append(ids, o.Entry.ID)
		if err := c.Check(o.Slot, o.Entry.PatientID); err != nil {
			t.Errorf("offer %d: %v", o.Entry.ID, err)
		}
	}
	want := []int64{3, 4, 13, 2, 1}
	if len(ids) != len(want) {
		t.Fatalf("offers %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("offers %v, want %v", ids, want)
		}
	}
	if got := c.Offers(freed.Slot, list, ny(t, 10, 6, 9, 0)); got != nil {
		t.Errorf("a slot that has started was offered: %v", got)
	}
}
