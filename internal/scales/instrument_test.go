package scales

import (
	"slices"
	"testing"
)

func TestScaleDefinitions(t *testing.T) {
	t.Parallel()
	want := map[string]struct {
		items, min, max int
		respondent      Respondent
		loinc           string
		suicideItem     int
	}{
		PHQ9:    {9, 0, 27, Patient, "44261-6", 9},
		GAD7:    {7, 0, 21, Patient, "70274-6", 0},
		PCL5:    {20, 0, 80, Patient, "91006-2", 0},
		QIDS:    {16, 0, 27, Patient, "", 12},
		MADRS:   {10, 0, 60, Clinician, "", 10},
		CADSS:   {23, 0, 92, Clinician, "", 0},
		PainNRS: {1, 0, 10, Patient, "72514-3", 0},
		YBOCS:   {10, 0, 40, Clinician, "", 0},
		CSSRS:   {6, 0, 3, Clinician, "", 0},
	}
	all := All()
	if got := len(all); got != len(want) {
		t.Fatalf("All() has %d instruments, want %d", got, len(want))
	}
	for i, in := range all {
		t.Run(in.ID, func(t *testing.T) {
			t.Parallel()
			w, ok := want[in.ID]
			if !ok {
				t.Fatalf("unexpected instrument %q", in.ID)
			}
			if in.ID != IDs()[i] {
				t.Errorf("All()[%d] = %s, want IDs order %s", i, in.ID, IDs()[i])
			}
			if len(in.Items) != w.items || in.Min != w.min || in.Max != w.max {
				t.Errorf("items/min/max = %d/%d/%d, want %d/%d/%d", len(in.Items), in.Min, in.Max, w.items, w.min, w.max)
			}
			if in.Respondent != w.respondent || in.LOINCTotal != w.loinc || in.SuicideItem != w.suicideItem {
				t.Errorf("respondent/loinc/suicide item = %s/%q/%d, want %s/%q/%d",
					in.Respondent, in.LOINCTotal, in.SuicideItem, w.respondent, w.loinc, w.suicideItem)
			}
			if in.Name == "" || in.Recall == "" || in.Scoring == "" || in.Source == "" {
				t.Error("name, recall, scoring and source must all be set")
			}
			for j, it := range in.Items {
				if it.Number != j+1 || it.Text == "" {
					t.Errorf("item %d: number %d, text %q", j+1, it.Number, it.Text)
				}
				for k, o := range it.Options {
					if o.Value != k || o.Text == "" {
						t.Errorf("item %d option %d = %+v, want value %d with wording", it.Number, k, o, k)
					}
				}
				for _, ref := range []int{it.Alternative, it.AskedIf} {
					if ref < 0 || ref > len(in.Items) || ref == it.Number {
						t.Errorf("item %d refers to item %d", it.Number, ref)
					}
				}
			}
			// Bands, when published, cover Min..Max with no gap or overlap.
			if len(in.Bands) > 0 {
				next := in.Min
				for _, b := range in.Bands {
					if b.Min != next || b.Max < b.Min || b.Label == "" {
						t.Errorf("band %+v does not start at %d", b, next)
					}
					next = b.Max + 1
				}
				if next != in.Max+1 {
					t.Errorf("bands end at %d, want %d", next-1, in.Max)
				}
			}
			if in.ID == CSSRS {
				return // its total is a risk category, checked in cssrs_test.go
			}
			// The declared range is what scoring produces at the extremes.
			lo, hi := make([]int, len(in.Items)), make([]int, len(in.Items))
			for j, it := range in.Items {
				lo[j], hi[j] = it.Min(), it.Max()
			}
			if r, err := in.Score(lo); err != nil || r.Total != in.Min {
				t.Errorf("all-minimum total = %d, %v; want %d", r.Total, err, in.Min)
			}
			if r, err := in.Score(hi); err != nil || r.Total != in.Max {
				t.Errorf("all-maximum total = %d, %v; want %d", r.Total, err, in.Max)
			}
		})
	}
}

func TestScaleLookup(t *testing.T) {
	t.Parallel()
	for _, id := range IDs() {
		if in, ok := Lookup(id); !ok || in.ID != id {
			t.Errorf("Lookup(%q) = %q, %v", id, in.ID, ok)
		}
	}
	for _, id := range []string{"", "PHQ9", "phq-9", "qids", "cssrs"} {
		if _, ok := Lookup(id); ok {
			t.Errorf("Lookup(%q) found an instrument", id)
		}
	}
}

// Definitions are values built per call: changing one copy must not leak.
func TestScaleLookupReturnsFreshCopies(t *testing.T) {
	t.Parallel()
	a := mustLookup(t, PHQ9)
	a.Items[0].Text = "changed"
	a.Items[0].Options[0].Text = "changed"
	a.Bands[0].Label = "changed"
	b := mustLookup(t, PHQ9)
	if b.Items[0].Text == "changed" || b.Items[0].Options[0].Text == "changed" || b.Bands[0].Label == "changed" {
		t.Fatal("a change to one Lookup result showed up in the next")
	}
	if b.Items[1].Options[0].Text != "Not at all" {
		t.Fatal("items of one instrument share their options")
	}
	ids := IDs()
	ids[0] = "changed"
	if IDs()[0] != PHQ9 {
		t.Fatal("IDs() returned shared state")
	}
}

func TestScaleDefinitionDetails(t *testing.T) {
	t.Parallel()
	if in := mustLookup(t, PHQ9); in.LOINCPanel != "44249-1" {
		t.Errorf("PHQ-9 panel = %q", in.LOINCPanel)
	}
	if in := mustLookup(t, GAD7); in.LOINCPanel != "69737-5" {
		t.Errorf("GAD-7 panel = %q", in.LOINCPanel)
	}
	if in := mustLookup(t, PCL5); in.LOINCNote == "" {
		t.Error("PCL-5 LOINC must be marked unverified")
	}
	q := mustLookup(t, QIDS)
	var domains []string
	for _, it := range q.Items {
		if !slices.Contains(domains, it.Domain) {
			domains = append(domains, it.Domain)
		}
	}
	if len(domains) != 9 {
		t.Errorf("QIDS-SR16 has %d domains %v, want 9", len(domains), domains)
	}
	p := mustLookup(t, PCL5)
	clusters := map[string]int{}
	for _, it := range p.Items {
		clusters[it.Cluster]++
	}
	if clusters["B"] != 5 || clusters["C"] != 2 || clusters["D"] != 7 || clusters["E"] != 6 {
		t.Errorf("PCL-5 clusters = %v", clusters)
	}
}
