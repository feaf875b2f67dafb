package outcomes

import (
	"encoding/json"
	"time"
)

// A trajectory's numbers can be 0 (a baseline of 0, a follow-up total of
// 0, its 50% threshold), so none of them is left out for being 0 (as
// omitempty would): a number is present whenever it means something —
// baseline and response_threshold when has_baseline, a milestone's at, day
// and total when reached — and absent otherwise.

// MarshalJSON writes the trajectory with baseline and response_threshold
// present exactly when it has a baseline.
func (t Trajectory) MarshalJSON() ([]byte, error) {
	type plain Trajectory // without this method
	out := struct {
		plain
		Baseline          *int     `json:"baseline,omitempty"`
		ResponseThreshold *float64 `json:"response_threshold,omitempty"`
	}{plain: plain(t)}
	if t.HasBaseline {
		b, r := t.Baseline, t.ResponseThreshold
		out.Baseline, out.ResponseThreshold = &b, &r
	}
	return json.Marshal(out)
}

// MarshalJSON writes a milestone with at, day and total present exactly
// when it was reached.
func (m Milestone) MarshalJSON() ([]byte, error) {
	out := struct {
		Reached bool       `json:"reached"`
		At      *time.Time `json:"at,omitempty"`
		Day     *float64   `json:"day,omitempty"`
		Total   *int       `json:"total,omitempty"`
	}{Reached: m.Reached}
	if m.Reached {
		at, day, total := m.At, m.Day, m.Total
		out.Day, out.Total = &day, &total
		if !at.IsZero() {
			out.At = &at
		}
	}
	return json.Marshal(out)
}
