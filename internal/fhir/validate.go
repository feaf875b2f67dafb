package fhir

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"onset/internal/clinic"
)

// Resource is one of the FHIR resources this package makes and checks.
type Resource interface {
	// Type is the resource type, as resourceType holds it.
	Type() string
	// check adds the resource's problems to c; paths start at the type.
	check(c *checker)
}

// Validate checks r against the rules the R4 JSON schema cannot state and
// Onset's own: required elements (the schema's required lists leave out
// required primitives such as Observation.status), FHIR's invariants on the
// elements Onset uses, valid calendar dates and zoned times, finite and
// plausible numbers, absolute code-system URIs, and references of the right
// type (an Observation's subject is a Patient). The error is clinic.Invalid;
// its message lists each problem with the FHIR path it is at, e.g.
// "Observation.valueQuantity.value: must be a finite number".
func Validate(r Resource) error {
	c := &checker{}
	r.check(c)
	c.strings(reflect.ValueOf(r), r.Type())
	return c.err()
}

// strings checks every string of a resource for the white space the R4
// schema's string pattern ^[ \r\n\t\S]+$ refuses when read, as written,
// by a JavaScript engine (testdata/README.md): \S there excludes every
// Unicode space, so of white space only space, CR, LF and tab may appear.
// Go's \S includes the others, so the schema test alone would let them by.
func (c *checker) strings(v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			c.strings(v.Elem(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.IsExported() && name != "" && name != "-" {
				c.strings(v.Field(i), path+"."+name)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			c.strings(v.Index(i), at(path, i))
		}
	case reflect.String:
		if r, ok := badSpace(v.String()); ok {
			c.add(path, fmt.Sprintf("holds white space FHIR strings may not hold (%U); use a plain space", r))
		}
	}
}

// badSpace finds a white-space character other than space, tab, CR, LF.
func badSpace(s string) (rune, bool) {
	for _, r := range s {
		if unicode.IsSpace(r) && r != ' ' && r != '\t' && r != '\r' && r != '\n' || r == '\u200b' || r == '\ufeff' {
			return r, true
		}
	}
	return 0, false
}

// maxProblems bounds the problems one error lists.
const maxProblems = 20

// checker collects problems, each at a FHIR path.
type checker struct{ problems Issues }

func (c *checker) add(path, problem string) {
	if len(c.problems) < maxProblems {
		c.problems = append(c.problems, Issue{Path: path, Problem: problem})
	}
}

func (c *checker) err() error {
	if len(c.problems) == 0 {
		return nil
	}
	return c.problems.invalid()
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9\-.]{1,64}$`)

// resource checks what every resource has: its type, id and meta.
func (c *checker) resource(typ, gotType, id string, m *Meta) {
	if gotType != typ {
		c.add(typ+".resourceType", "must be "+strconv.Quote(typ))
	}
	if id != "" && !idPattern.MatchString(id) {
		c.add(typ+".id", "must be 1 to 64 letters, digits, '-' or '.'")
	}
	if m != nil {
		if m.VersionID != "" && !idPattern.MatchString(m.VersionID) {
			c.add(typ+".meta.versionId", "must be 1 to 64 letters, digits, '-' or '.'")
		}
		c.instant(typ+".meta.lastUpdated", m.LastUpdated, false)
		for i, p := range m.Profile {
			c.uri(typ+".meta.profile["+strconv.Itoa(i)+"]", p)
		}
	}
}

// required refuses an empty value.
func (c *checker) required(path, v string) bool {
	if strings.TrimSpace(v) == "" {
		c.add(path, "is required")
		return false
	}
	return true
}

// oneOf refuses a value outside allowed; empty passes unless required.
func (c *checker) oneOf(path, v string, required bool, allowed ...string) {
	switch {
	case v == "" && required:
		c.add(path, "is required")
	case v != "" && !slices.Contains(allowed, v):
		c.add(path, "must be one of "+strings.Join(allowed, ", "))
	}
}

func (c *checker) date(path, v string, required bool) {
	if v == "" {
		if required {
			c.add(path, "is required")
		}
		return
	}
	if _, err := ParseDate(v); err != nil {
		c.add(path, err.Error())
	}
}

func (c *checker) dateTime(path, v string, required bool) {
	if v == "" {
		if required {
			c.add(path, "is required")
		}
		return
	}
	if err := checkDateTime(v); err != nil {
		c.add(path, err.Error())
	}
}

func (c *checker) instant(path, v string, required bool) {
	if v == "" {
		if required {
			c.add(path, "is required")
		}
		return
	}
	if _, err := ParseDateTime(v); err != nil {
		c.add(path, err.Error())
	}
}

func (c *checker) period(path string, p *Period) {
	if p == nil {
		return
	}
	c.dateTime(path+".start", p.Start, false)
	c.dateTime(path+".end", p.End, false)
	if p.Start != "" && p.End != "" {
		s, err1 := ParseDateTime(p.Start)
		e, err2 := ParseDateTime(p.End)
		if err1 == nil && err2 == nil && e.Before(s) {
			c.add(path, "ends before it starts")
		}
	}
}

// uri refuses anything but an absolute URI (a scheme, then more): a code
// system, profile or canonical URL that is relative names nothing.
func (c *checker) uri(path, v string) {
	if !absoluteURI(v) {
		c.add(path, "must be an absolute URI such as http://loinc.org")
	}
}

func absoluteURI(v string) bool {
	scheme, rest, ok := strings.Cut(v, ":")
	if !ok || scheme == "" || rest == "" || strings.ContainsAny(v, " \t\r\n") {
		return false
	}
	for i, r := range scheme {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return scheme != "urn" || strings.Contains(rest, ":")
}

// coding checks one Coding: a code needs its system, an absolute URI, and
// codes have no surrounding or doubled white space.
func (c *checker) coding(path string, cd Coding) {
	switch {
	case cd.Code == "" && cd.System == "" && cd.Display == "":
		c.add(path, "is empty")
	case cd.Code != "" && cd.System == "":
		c.add(path+".system", "is required with a code")
	}
	if cd.System != "" {
		c.uri(path+".system", cd.System)
	}
	if cd.Code != "" && (strings.TrimSpace(cd.Code) != cd.Code || strings.Contains(cd.Code, "  ")) {
		c.add(path+".code", "has surrounding or doubled white space")
	}
}

// concept checks a CodeableConcept: codings, or text, or both.
func (c *checker) concept(path string, cc *CodeableConcept, required bool) {
	if cc == nil {
		if required {
			c.add(path, "is required")
		}
		return
	}
	if len(cc.Coding) == 0 && strings.TrimSpace(cc.Text) == "" {
		c.add(path, "needs a coding or text")
	}
	for i, cd := range cc.Coding {
		c.coding(path+".coding["+strconv.Itoa(i)+"]", cd)
	}
}

// concepts checks a list of CodeableConcepts; required means at least one.
func (c *checker) concepts(path string, ccs []CodeableConcept, required bool) {
	if len(ccs) == 0 && required {
		c.add(path, "is required")
	}
	for i := range ccs {
		c.concept(path+"["+strconv.Itoa(i)+"]", &ccs[i], false)
	}
}

// reference checks a Reference. With types, it must be a literal
// reference "Type/id" to one of them; without, an identifier or display
// alone also does.
func (c *checker) reference(path string, r *Reference, required bool, types ...string) {
	if r == nil {
		if required {
			c.add(path, "is required")
		}
		return
	}
	if r.Reference == "" {
		if len(types) > 0 {
			c.add(path+".reference", "must name a "+strings.Join(types, " or "))
		} else if r.Identifier == nil && r.Display == "" {
			c.add(path, "is empty")
		}
	} else {
		typ, id, ok := strings.Cut(r.Reference, "/")
		switch {
		case !ok || !idPattern.MatchString(id) || typ == "":
			c.add(path+".reference", "must be written Type/id, e.g. Patient/12")
		case len(types) > 0 && !slices.Contains(types, typ):
			c.add(path+".reference", "must be a "+strings.Join(types, " or "))
		}
	}
	if r.Identifier != nil {
		c.identifier(path+".identifier", *r.Identifier)
	}
}

func (c *checker) identifier(path string, id Identifier) {
	if id.System != "" {
		c.uri(path+".system", id.System)
	}
	c.required(path+".value", id.Value)
	c.oneOf(path+".use", id.Use, false, "usual", "official", "temp", "secondary", "old")
}

// quantity checks a Quantity: a finite value, and a UCUM unit code with
// the UCUM system.
func (c *checker) quantity(path string, q *Quantity, required bool) {
	if q == nil {
		if required {
			c.add(path, "is required")
		}
		return
	}
	if q.Value == nil {
		c.add(path+".value", "is required")
	} else if math.IsNaN(*q.Value) || math.IsInf(*q.Value, 0) {
		c.add(path+".value", "must be a finite number")
	}
	if q.System != "" {
		c.uri(path+".system", q.System)
		c.required(path+".code", q.Code)
	}
	if q.Code != "" && q.System == "" {
		c.add(path+".system", "is required with a code")
	}
}

// unit requires q to be in the UCUM unit code.
func (c *checker) unit(path string, q *Quantity, code string) {
	if q != nil && (q.System != SystemUCUM || q.Code != code) {
		c.add(path, "must be in "+code+" ("+SystemUCUM+")")
	}
}

// inRange refuses a value outside an Onset quantity's plausible range.
func (c *checker) inRange(path string, q *Quantity, lim clinic.Quantity) {
	if q == nil || q.Value == nil || math.IsNaN(*q.Value) || math.IsInf(*q.Value, 0) {
		return
	}
	if x := *q.Value; x < lim.Min || x > lim.Max {
		c.add(path+".value", "must be between "+clinic.FormatNumber(lim.Min)+" and "+clinic.FormatNumber(lim.Max)+
			" ("+lim.Name+"; got "+clinic.FormatNumber(x)+")")
	}
}

func (c *checker) contacts(path string, cps []ContactPoint) {
	for i, cp := range cps {
		p := path + "[" + strconv.Itoa(i) + "]"
		c.oneOf(p+".system", cp.System, true, "phone", "fax", "email", "pager", "url", "sms", "other")
		c.required(p+".value", cp.Value)
		c.oneOf(p+".use", cp.Use, false, "home", "work", "temp", "old", "mobile")
	}
}

func (c *checker) annotations(path string, ns []Annotation) {
	for i, n := range ns {
		p := path + "[" + strconv.Itoa(i) + "]"
		c.required(p+".text", n.Text)
		c.dateTime(p+".time", n.Time, false)
	}
}

// at writes a path with an index.
func at(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }
