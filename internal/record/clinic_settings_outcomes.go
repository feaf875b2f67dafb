package record

import (
	"maps"
	"sort"

	"onset/internal/clinic"
	"onset/internal/scales"
)

// MinBaseline is the clinic's minimum baseline for the instrument's
// response, remission and relapse analytics (design.md §3): its own lower
// value when set, else the instrument's (scales.MinBaseline); 0 for an
// instrument without a minimum.
func (s ClinicSettings) MinBaseline(instrument string) int {
	def, ok := scales.MinBaseline(instrument)
	if !ok {
		return 0
	}
	if v, set := s.MinBaselines[instrument]; set && v >= 1 && v < def {
		return v
	}
	return def
}

// MinBaselineInstruments are the instruments with a minimum baseline, in
// the order pages list them.
func MinBaselineInstruments() []string {
	var out []string
	for _, id := range scales.IDs() {
		if _, ok := scales.MinBaseline(id); ok {
			out = append(out, id)
		}
	}
	return out
}

// checkMinBaselines refuses a minimum for an instrument without one, or
// outside 1 to the instrument's own minimum: a clinic may lower it (to
// include milder courses in its figures), not raise it, and a baseline of
// 0 leaves nothing to halve. Values equal to the default are dropped, so
// the setting records only what the clinic changed.
func (s *ClinicSettings) checkMinBaselines() error {
	s.MinBaselines = maps.Clone(s.MinBaselines) // the caller's map stays as it was
	ids := make([]string, 0, len(s.MinBaselines))
	for id := range s.MinBaselines {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		v := s.MinBaselines[id]
		def, ok := scales.MinBaseline(id)
		if !ok {
			return clinic.Errorf(clinic.Invalid, "%q has no minimum baseline to lower: choose one of %v.", id, MinBaselineInstruments())
		}
		name := id
		if in, ok := scales.Lookup(id); ok {
			name = in.Name
		}
		if v < 1 || v > def {
			return clinic.Errorf(clinic.Invalid, "The %s minimum baseline may be lowered from %d to as little as 1, not set to %d.", name, def, v)
		}
		if v == def {
			delete(s.MinBaselines, id)
		}
	}
	if len(s.MinBaselines) == 0 {
		s.MinBaselines = nil
	}
	return nil
}
