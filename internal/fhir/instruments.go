package fhir

import (
	"sync"

	"onset/internal/scales"
)

// instruments are the questionnaires, built once for the mappings to
// read: scales.Lookup builds a fresh copy (items, wordings, answer
// options) on every call, which was a tenth of a FHIR search's time when
// each resource of a page asked for one. Nothing here changes them.
var instruments = sync.OnceValue(func() map[string]scales.Instrument {
	m := map[string]scales.Instrument{}
	for _, in := range scales.All() {
		m[in.ID] = in
	}
	return m
})

// instrument is the questionnaire id names, not to be changed.
func instrument(id string) (scales.Instrument, bool) {
	in, ok := instruments()[id]
	return in, ok
}
