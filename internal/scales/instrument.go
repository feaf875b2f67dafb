// Package scales defines the questionnaires Onset scores: their items and
// answer options, validation of a set of answers, totals, severity bands,
// flags and the response/remission rules. It is pure: no I/O, no clock and no
// package state that changes. Every definition is built afresh on each call,
// so callers may modify what they get back without affecting anyone else.
//
// Sources are cited beside each definition; the numbers come from
// /work/shared/clinical-reference.md §4 and design.md §3.
package scales

import "slices"

// Instrument IDs: the stable names used by the CLI, the API and the database.
const (
	PHQ9    = "phq9"
	GAD7    = "gad7"
	PCL5    = "pcl5"
	QIDS    = "qids-sr16"
	MADRS   = "madrs"
	CADSS   = "cadss"
	PainNRS = "pain-nrs"
	YBOCS   = "ybocs"
	CSSRS   = "cssrs-screener"
)

// Respondent says who fills in an instrument: a patient's own answers
// (self-report), or a clinician's rating or interview. Patients record only
// self-report instruments; the service enforces it for every way in.
type Respondent string

const (
	Patient   Respondent = "patient"
	Clinician Respondent = "clinician"
)

// Option is one answer an item offers.
type Option struct {
	Value int
	Text  string
}

// Item is one question. Options are listed in value order with no gaps, so
// the valid answers are Options[0].Value through the last option's value.
type Item struct {
	Number  int
	Text    string
	Options []Option
	// Domain (QIDS-SR16) names the symptom domain the item belongs to; a
	// domain scores as its highest item.
	Domain string
	// Cluster (PCL-5) is the DSM-5 symptom cluster: B, C, D or E.
	Cluster string
	// Recall is set when the item looks back over a different period than
	// the instrument as a whole (C-SSRS item 6).
	Recall string
	// Alternative is the number of a sibling item that makes this one
	// optional: the QIDS-SR16 form says to answer item 6 or 7 and item 8 or 9,
	// not necessarily both. Zero means the item is always required.
	Alternative int
	// AskedIf is the number of a yes/no item that must be answered yes (1)
	// for this item to be asked; otherwise it must be skipped. The C-SSRS
	// screener asks items 3–5 only after a yes to item 2. Zero means always asked.
	AskedIf int
}

// Min and Max are the lowest and highest valid answers.
func (it Item) Min() int { return it.Options[0].Value }
func (it Item) Max() int { return it.Options[len(it.Options)-1].Value }

// Band is a severity category covering totals Min..Max inclusive.
type Band struct {
	Min, Max int
	Label    string
}

// Cutoff raises Flag when the total is at least AtLeast.
type Cutoff struct {
	AtLeast int
	Flag    string
}

// Instrument is the definition of one questionnaire or rating scale.
type Instrument struct {
	ID         string
	Name       string
	Items      []Item
	Recall     string // the period the answers look back over
	Respondent Respondent
	Scoring    string // how the total is formed, in words
	Min, Max   int    // range of the total
	Bands      []Band // severity bands covering Min..Max; none when unpublished

	// Remission is total ≤ RemissionMax, when HasRemission.
	RemissionMax int
	HasRemission bool
	// ResponseDropPct is the drop from baseline, in percent, that counts as
	// a response; 0 when the instrument has no response rule.
	ResponseDropPct int

	SuicideItem int      // item number whose answer > 0 raises FlagSuicidality; 0 if none
	Cutoffs     []Cutoff // flags raised by the total

	LOINCTotal string // LOINC code of the total score; empty when none is published
	LOINCPanel string // LOINC code of the panel; empty when none is published
	LOINCNote  string // caveat about the codes, e.g. an unverified source
	Source     string
}

// IDs lists the instrument IDs in a fixed order.
func IDs() []string {
	return []string{PHQ9, GAD7, PCL5, QIDS, MADRS, CADSS, PainNRS, YBOCS, CSSRS}
}

// Lookup returns a fresh copy of the instrument with the given ID.
func Lookup(id string) (Instrument, bool) {
	switch id {
	case PHQ9:
		return phq9(), true
	case GAD7:
		return gad7(), true
	case PCL5:
		return pcl5(), true
	case QIDS:
		return qidsSR16(), true
	case MADRS:
		return madrs(), true
	case CADSS:
		return cadss(), true
	case PainNRS:
		return painNRS(), true
	case YBOCS:
		return ybocs(), true
	case CSSRS:
		return cssrsScreener(), true
	}
	return Instrument{}, false
}

// All returns fresh copies of every instrument, in IDs order.
func All() []Instrument {
	ids := IDs()
	out := make([]Instrument, 0, len(ids))
	for _, id := range ids {
		in, _ := Lookup(id)
		out = append(out, in)
	}
	return out
}

// options numbers answer wordings 0, 1, 2, ...
func options(texts ...string) []Option {
	out := make([]Option, len(texts))
	for i, t := range texts {
		out[i] = Option{Value: i, Text: t}
	}
	return out
}

// sameOptions makes items 1..n that share one answer scale; each item gets
// its own copy of the options so that changing one leaves the others alone.
func sameOptions(opts []Option, texts ...string) []Item {
	out := make([]Item, len(texts))
	for i, t := range texts {
		out[i] = Item{Number: i + 1, Text: t, Options: slices.Clone(opts)}
	}
	return out
}
