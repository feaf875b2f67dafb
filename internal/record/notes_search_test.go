package record

import (
	"slices"
	"testing"
)

func TestMatchNotes(t *testing.T) {
	t.Parallel()
	ns := []ClinicalNote{
		{ID: 1, Kind: NoteTherapy, Session: "integration", Themes: "Grief about her father", Body: "Felt lighter."},
		{ID: 2, Kind: "progress", Body: "PHQ-9 down to 8; sleeping better.", AuthorName: "Dr Okafor"},
		{ID: 3, Kind: "consultation", Body: "Plan IV series.", Addenda: []NoteAddendum{{Body: "Sleep apnoea ruled out."}}},
	}
	ids := func(ns []ClinicalNote) []int64 {
		var out []int64
		for _, n := range ns {
			out = append(out, n.ID)
		}
		return out
	}
	for _, c := range []struct {
		q    string
		want []int64
	}{
		{"", []int64{1, 2, 3}},
		{"   ", []int64{1, 2, 3}},
		{"GRIEF", []int64{1}},
		{"sleep", []int64{2, 3}},            // in a note and in an addendum
		{"sleep okafor", []int64{2}},        // every word
		{"integration father", []int64{1}},  // the session and a structured part
		{"apnoea consultation", []int64{3}}, // the kind and an addendum
		{"nowhere", nil},
	} {
		if got := ids(MatchNotes(ns, c.q)); !slices.Equal(got, c.want) {
			t.Errorf("MatchNotes(%q) = %v, want %v", c.q, got, c.want)
		}
	}
}
