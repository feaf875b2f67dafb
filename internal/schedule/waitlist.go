package schedule

import (
	"cmp"
	"slices"
	"time"
)

// WaitlistEntry is a patient waiting for an earlier appointment.
type WaitlistEntry struct {
	ID         int64
	PatientID  int64
	Kind       Kind
	AddedAt    time.Time
	Priority   int       // higher first (e.g. clinical urgency); ties go to the longest waiting
	Earliest   time.Time // zero: any time
	Latest     time.Time // zero: any time; the start must be before it
	Days       []time.Weekday
	After      Clock // earliest local start; 0 means none
	Before     Clock // latest local start; 0 means none
	ProviderID int64 // 0: any provider
}

// Offer is a freed slot offered to one waitlisted patient.
type Offer struct {
	Entry WaitlistEntry
	Slot  Slot
}

// Offers lists who may take a freed slot, best first: higher priority,
// then longest waiting, then entry ID. A freed slot is the chair or room
// and provider of a cancelled booking (cancel it from the calendar first).
// An entry matches when its kind fits there at the same start (a shorter
// kind fits where a longer one was), the start is after now and inside the
// entry's dates, weekdays and times of day, its provider preference holds,
// and Calendar.Check passes for the patient.
func (c *Calendar) Offers(freed Slot, list []WaitlistEntry, now time.Time) []Offer {
	if !freed.Start.After(now) {
		return nil
	}
	loc := c.hours.Location
	clock, _, _, _ := clockOf(freed.Start, loc)
	wd := freed.Start.In(loc).Weekday()
	var out []Offer
	for _, e := range list {
		switch {
		case !e.Earliest.IsZero() && freed.Start.Before(e.Earliest),
			!e.Latest.IsZero() && !freed.Start.Before(e.Latest),
			len(e.Days) > 0 && !slices.Contains(e.Days, wd),
			clock < e.After,
			e.Before != 0 && clock > e.Before:
			continue
		}
		provider := freed.ProviderID
		if e.ProviderID != 0 {
			provider = e.ProviderID
		}
		slot, err := c.SlotAt(e.Kind, freed.Start, freed.ResourceID, provider)
		if err != nil || c.Check(slot, e.PatientID) != nil {
			continue
		}
		out = append(out, Offer{Entry: e, Slot: slot})
	}
	slices.SortFunc(out, func(a, b Offer) int {
		return cmp.Or(cmp.Compare(b.Entry.Priority, a.Entry.Priority), a.Entry.AddedAt.Compare(b.Entry.AddedAt), cmp.Compare(a.Entry.ID, b.Entry.ID))
	})
	return out
}
