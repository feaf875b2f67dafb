package fhir

import (
	"strconv"
	"time"
)

// The FHIR R4 data types Onset's resources use, each with only the
// elements Onset fills or reads. Every field is omitempty: FHIR JSON has no
// empty strings, arrays, objects or nulls.

// Meta is a resource's metadata.
type Meta struct {
	VersionID   string   `json:"versionId,omitempty"`   // id; set where Onset keeps versions (Patient)
	LastUpdated string   `json:"lastUpdated,omitempty"` // instant
	Profile     []string `json:"profile,omitempty"`     // canonical
}

// Coding is one code in a code system.
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

// CodeableConcept is codes and/or text for one concept.
type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Identifier is a business identifier, such as an MRN.
type Identifier struct {
	Use    string `json:"use,omitempty"`
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

// Reference points at another resource ("Patient/12") or, when Onset has
// no resource for it, names it by identifier and display.
type Reference struct {
	Reference  string      `json:"reference,omitempty"`
	Identifier *Identifier `json:"identifier,omitempty"`
	Display    string      `json:"display,omitempty"`
}

// Quantity is a measured amount; Value is a pointer so that 0 is kept.
type Quantity struct {
	Value  *float64 `json:"value,omitempty"`
	Unit   string   `json:"unit,omitempty"`
	System string   `json:"system,omitempty"`
	Code   string   `json:"code,omitempty"`
}

// Ratio is a numerator over a denominator (a concentration).
type Ratio struct {
	Numerator   *Quantity `json:"numerator,omitempty"`
	Denominator *Quantity `json:"denominator,omitempty"`
}

// Period is a span of time; either end may be open.
type Period struct {
	Start string `json:"start,omitempty"` // dateTime
	End   string `json:"end,omitempty"`   // dateTime
}

// HumanName is a person's name.
type HumanName struct {
	Use    string   `json:"use,omitempty"`
	Text   string   `json:"text,omitempty"`
	Family string   `json:"family,omitempty"`
	Given  []string `json:"given,omitempty"`
}

// ContactPoint is a phone number or an email address.
type ContactPoint struct {
	System string `json:"system,omitempty"` // phone | email | ...
	Value  string `json:"value,omitempty"`
	Use    string `json:"use,omitempty"`
}

// Address is a postal address; Onset keeps a clinic's as free text.
type Address struct {
	Text string `json:"text,omitempty"`
}

// Annotation is a note.
type Annotation struct {
	Text string `json:"text,omitempty"` // markdown
	Time string `json:"time,omitempty"` // dateTime
}

// num and integer make the pointers Quantity and value[x] elements hold.
func num(x float64) *float64 { return &x }
func integer(n int) *int     { return &n }

// ref is a literal reference to a resource of Onset's by type and number.
func ref(typ string, id int64) *Reference {
	return &Reference{Reference: typ + "/" + strconv.FormatInt(id, 10)}
}

// refTo is ref with a display name, nil when id is 0 (nobody recorded).
func refTo(typ string, id int64, display string) *Reference {
	if id == 0 {
		return nil
	}
	r := ref(typ, id)
	r.Display = display
	return r
}

// concept is a CodeableConcept with one coding and text.
func concept(system, code, display, text string) *CodeableConcept {
	return &CodeableConcept{Coding: []Coding{{System: system, Code: code, Display: display}}, Text: text}
}

// textOnly is a CodeableConcept with text and no code: used wherever no
// published code could be verified (doc.go, "Codes").
func textOnly(text string) *CodeableConcept { return &CodeableConcept{Text: text} }

// ucum is a Quantity in a UCUM unit.
func ucum(x float64, unit, code string) *Quantity {
	return &Quantity{Value: num(x), Unit: unit, System: SystemUCUM, Code: code}
}

// Instant writes t as a FHIR instant (and dateTime): RFC 3339 in UTC with
// seconds, "" for the zero time.
func Instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// Date writes t's day as a FHIR date (YYYY-MM-DD); Onset keeps dates as
// midnight UTC. "" for the zero time.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// metaAt is a Meta with lastUpdated t, nil when t is zero (the record has
// no time that says when it last changed).
func metaAt(t time.Time, profiles ...string) *Meta {
	if t.IsZero() && len(profiles) == 0 {
		return nil
	}
	return &Meta{LastUpdated: Instant(t), Profile: profiles}
}

// latest is the latest of ts, zero when all are zero.
func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}
