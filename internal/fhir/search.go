package fhir

import (
	"cmp"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
)

// FHIR search over the resources this package makes. The caller loads
// the records a search can reach (one patient's, or the patients a name
// narrows to), maps them, and Search keeps those that match, in a stable
// order. The parameters each type takes are SearchParams: the REST API's
// CapabilityStatement lists exactly these, and ParseSearch refuses any
// other, so a client never gets results filtered less than it asked.

// SearchParam is one search parameter of a resource type.
type SearchParam struct {
	Name string
	Type string // the R4 search parameter type: token, date, string, reference
	Doc  string
}

var (
	paramID      = SearchParam{"_id", "token", "The resource id"}
	paramUpdated = SearchParam{"_lastUpdated", "date", "meta.lastUpdated, with the prefixes eq, ge, gt, le, lt"}
	paramPatient = SearchParam{"patient", "reference", "The patient: Patient/<id> or <id>"}
	paramSubject = SearchParam{"subject", "reference", "The patient: Patient/<id> or <id>"}
	paramStatus  = SearchParam{"status", "token", "The resource's status code"}
)

func dateParam(name, what string) SearchParam {
	return SearchParam{name, "date", what + ", with the prefixes eq, ge, gt, le, lt; a date without a time is a UTC day"}
}

// SearchParams are the search parameters each resource type takes. Every
// type but Patient needs the patient (patient= or subject=) unless the
// caller is a patient, whose own record it then is; several values of
// one parameter separated by commas match any of them, and a parameter
// repeated must match each time (date=ge2026-01-01&date=lt2026-02-01).
var SearchParams = map[string][]SearchParam{
	"Patient": {paramID, {"identifier", "token", "The MRN: " + SystemMRN + "|<mrn>"},
		{"name", "string", "Starts a given or family name, case-insensitive"},
		{"family", "string", "Starts the family name, case-insensitive"}, {"given", "string", "Starts a given name, case-insensitive"},
		dateParam("birthdate", "The birth date"), {"gender", "token", "female, male, other or unknown"}, paramUpdated},
	"Observation": {paramID, paramPatient, paramSubject,
		{"code", "token", "system|code, |code or code: LOINC for the PHQ-9, GAD-7 and pain totals and the vital signs"},
		{"category", "token", "survey or vital-signs (" + SystemObservationCategory + ")"},
		dateParam("date", "effectiveDateTime"), paramStatus},
	"QuestionnaireResponse": {paramID, paramPatient, paramSubject, dateParam("authored", "When it was answered"),
		{"questionnaire", "reference", "The Questionnaire's canonical URL, " + QuestionnairePrefix + "<instrument>"}, paramStatus},
	"Encounter":                {paramID, paramPatient, paramSubject, dateParam("date", "The period"), paramStatus, paramUpdated},
	"MedicationAdministration": {paramID, paramPatient, paramSubject, dateParam("effective-time", "effective[x]"), paramStatus, paramUpdated},
	"CarePlan":                 {paramID, paramPatient, paramSubject, dateParam("date", "The period"), paramStatus},
	"Appointment":              {paramID, paramPatient, dateParam("date", "The start"), paramStatus},
	"Condition":                {paramID, paramPatient, paramSubject, paramUpdated},
	"Consent":                  {paramID, paramPatient, paramStatus, paramUpdated},
	"AuditEvent":               {paramID, paramPatient, paramUpdated},
	// The clinic's directory and questionnaires: no patient needed.
	"Questionnaire": {paramID},
	"Practitioner":  {paramID},
	"Location":      {paramID},
}

// The paging parameters: how many per page and the page cursor (an
// offset into the matches, which the next link carries).
const (
	DefaultCount = 20
	MaxCount     = 100
	MaxOffset    = 100000
)

// Search is a parsed search of one resource type.
type Search struct {
	Type string
	// Patient is the patient named by patient= or subject=, 0 when none.
	Patient int64
	// Count is the page size, Offset where the page starts (_offset).
	Count, Offset int
	// Include lists the _include values, e.g. "Observation:patient".
	Include []string
	filters []filter
	none    bool // two parameters name different patients: nothing matches
}

type filter struct {
	param  SearchParam
	values []string // any of them
}

// ParseSearch reads the query of a search of typ. Unknown parameters,
// modifiers and prefixes are refused (clinic.Invalid) rather than
// ignored.
func ParseSearch(typ string, q url.Values) (Search, error) {
	params, ok := SearchParams[typ]
	if !ok {
		return Search{}, clinic.Errorf(clinic.Invalid, "Onset does not search %s.", typ)
	}
	s := Search{Type: typ, Count: DefaultCount}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range q[k] {
			if err := s.add(params, k, v); err != nil {
				return Search{}, err
			}
		}
	}
	return s, nil
}

func (s *Search) add(params []SearchParam, k, v string) error {
	bad := func(format string, args ...any) error {
		return clinic.Errorf(clinic.Invalid, "The search parameter %s: "+format, append([]any{k}, args...)...)
	}
	switch k {
	case "_count":
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxCount {
			return bad("must be a whole number from 1 to %d.", MaxCount)
		}
		s.Count = n
		return nil
	case "_offset":
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > MaxOffset {
			return bad("must be a whole number from 0 to %d.", MaxOffset)
		}
		s.Offset = n
		return nil
	case "_format":
		if v != "json" && v != "application/json" && v != "application/fhir+json" {
			return bad("Onset answers in JSON only.")
		}
		return nil
	case "_include":
		for _, p := range params {
			if p.Type == "reference" && p.Name != "questionnaire" && v == s.Type+":"+p.Name {
				if !slices.Contains(s.Include, v) {
					s.Include = append(s.Include, v)
				}
				return nil
			}
		}
		return bad("Onset includes only the patient (%s:patient).", s.Type)
	}
	if name, mod, ok := strings.Cut(k, ":"); ok {
		return clinic.Errorf(clinic.Invalid, "The search parameter %s: Onset does not support the modifier :%s.", name, mod)
	}
	i := slices.IndexFunc(params, func(p SearchParam) bool { return p.Name == k })
	if i < 0 {
		names := make([]string, len(params))
		for j, p := range params {
			names[j] = p.Name
		}
		return clinic.Errorf(clinic.Invalid, "Onset does not search %s by %s; it takes %s, _count and _include.", s.Type, k,
			strings.Join(names, ", "))
	}
	p := params[i]
	if v == "" {
		return bad("has no value.")
	}
	values := strings.Split(v, ",")
	for _, x := range values {
		if x == "" {
			return bad("has an empty value.")
		}
		switch p.Type {
		case "date":
			if _, _, _, err := parseDateValue(x); err != nil {
				return bad("%s", err.Error())
			}
		case "reference":
			if p.Name == "patient" || p.Name == "subject" {
				id := onsetID(strings.TrimPrefix(x, "Patient/"))
				if id == 0 {
					return bad("must be Patient/<number> or <number>.")
				}
				if len(values) > 1 {
					return bad("takes one patient.")
				}
				switch {
				case s.Patient == 0:
					s.Patient = id
				case s.Patient != id:
					s.none = true
				}
			}
		}
	}
	s.filters = append(s.filters, filter{param: p, values: values})
	return nil
}

// PatientIDs are the ids an _id search of Patients names (nil when none),
// for the caller to load just those.
func (s Search) PatientIDs() []int64 {
	var out []int64
	for _, f := range s.filters {
		if f.param.Name == "_id" {
			for _, v := range f.values {
				out = append(out, onsetID(v))
			}
		}
	}
	return out
}

// MRN is the medical record number an identifier search of Patients
// names ("" when none, or when it names several).
func (s Search) MRN() string {
	for _, f := range s.filters {
		if f.param.Name == "identifier" && len(f.values) == 1 {
			system, value, ok := strings.Cut(f.values[0], "|")
			if !ok {
				value = system
			} else if system != SystemMRN && system != "" {
				return ""
			}
			return value
		}
	}
	return ""
}

// Name is a name a Patient search starts with ("" when none), for the
// caller to narrow the patients it loads; Match still decides.
func (s Search) Name() string {
	for _, f := range s.filters {
		if (f.param.Name == "name" || f.param.Name == "family" || f.param.Name == "given") && len(f.values) == 1 {
			return f.values[0]
		}
	}
	return ""
}

// Match keeps the resources that match every parameter, ordered by date
// (effective, authored, start; a Patient by name), then id.
func (s Search) Match(rs []Resource) []Resource {
	if s.none {
		return nil
	}
	var out []Resource
	for _, r := range rs {
		if r.Type() == s.Type && s.matches(r) {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b Resource) int {
		ka, kb := sortKey(a), sortKey(b)
		if c := ka.at.Compare(kb.at); c != 0 {
			return c
		}
		if c := cmp.Compare(ka.name, kb.name); c != 0 {
			return c
		}
		ia, ib := resourceID(a), resourceID(b)
		return cmp.Or(cmp.Compare(len(ia), len(ib)), cmp.Compare(ia, ib))
	})
	return out
}

func (s Search) matches(r Resource) bool {
	for _, f := range s.filters {
		if !slices.ContainsFunc(f.values, func(v string) bool { return matchOne(r, f.param, v) }) {
			return false
		}
	}
	return true
}

func matchOne(r Resource, p SearchParam, v string) bool {
	switch p.Name {
	case "_id":
		return resourceID(r) == v
	case "patient", "subject":
		return slices.Contains(patientRefs(r), "Patient/"+strings.TrimPrefix(v, "Patient/"))
	case "status":
		return statusOf(r) == v
	case "_lastUpdated":
		m := metaOf(r)
		if m == nil || m.LastUpdated == "" {
			return false
		}
		t, err := ParseDateTime(m.LastUpdated)
		return err == nil && dateMatches(v, t, t)
	}
	switch x := r.(type) {
	case Patient:
		return matchPatient(x, p.Name, v)
	case Observation:
		switch p.Name {
		case "code":
			return x.Code != nil && tokenMatches(v, x.Code.Coding)
		case "category":
			return slices.ContainsFunc(x.Category, func(c CodeableConcept) bool { return tokenMatches(v, c.Coding) })
		case "date":
			return instantMatches(v, x.EffectiveDateTime)
		}
	case QuestionnaireResponse:
		switch p.Name {
		case "authored":
			return instantMatches(v, x.Authored)
		case "questionnaire":
			return x.Questionnaire == v
		}
	case Encounter:
		return p.Name == "date" && x.Period != nil && periodMatches(v, x.Period.Start, x.Period.End)
	case MedicationAdministration:
		if p.Name == "effective-time" {
			if x.EffectivePeriod != nil {
				return periodMatches(v, x.EffectivePeriod.Start, x.EffectivePeriod.End)
			}
			return instantMatches(v, x.EffectiveDateTime)
		}
	case CarePlan:
		return p.Name == "date" && x.Period != nil && periodMatches(v, x.Period.Start, x.Period.End)
	case Appointment:
		return p.Name == "date" && instantMatches(v, x.Start)
	}
	return false
}

func matchPatient(x Patient, param, v string) bool {
	starts := func(s string) bool { return len(s) >= len(v) && strings.EqualFold(s[:len(v)], v) }
	switch param {
	case "identifier":
		system, value, ok := strings.Cut(v, "|")
		if !ok {
			system, value = "", v
		}
		return slices.ContainsFunc(x.Identifier, func(id Identifier) bool {
			return (!ok || system == "" && id.System == "" || system == id.System) && strings.EqualFold(id.Value, value)
		})
	case "name", "family", "given":
		for _, n := range x.Name {
			if param != "given" && (starts(n.Family) || param == "name" && starts(n.Text)) {
				return true
			}
			if param != "family" && slices.ContainsFunc(n.Given, starts) {
				return true
			}
		}
	case "birthdate":
		d, err := ParseDate(x.BirthDate)
		return err == nil && dateMatches(v, d, d.AddDate(0, 0, 1).Add(-time.Nanosecond))
	case "gender":
		_, code, ok := strings.Cut(v, "|")
		if !ok {
			code = v
		}
		return x.Gender == code
	}
	return false
}

// tokenMatches reads system|code, |code (no system), system| or code.
func tokenMatches(v string, codings []Coding) bool {
	system, code, hasSystem := strings.Cut(v, "|")
	if !hasSystem {
		system, code = "", v
	}
	return slices.ContainsFunc(codings, func(c Coding) bool {
		switch {
		case !hasSystem:
			return c.Code == code
		case system == "":
			return c.System == "" && c.Code == code
		case code == "":
			return c.System == system
		}
		return c.System == system && c.Code == code
	})
}

func instantMatches(v, at string) bool {
	lo, hi, ok := span(at)
	return ok && dateMatches(v, lo, hi)
}

// periodMatches: an open end is still going.
func periodMatches(v, start, end string) bool {
	s, _, ok := span(start)
	if !ok {
		return false
	}
	e := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	if end != "" {
		if _, e, ok = span(end); !ok {
			return false
		}
	}
	return dateMatches(v, s, e)
}

// span is the time a resource's date or dateTime covers: a day (UTC), or
// an instant.
func span(s string) (lo, hi time.Time, ok bool) {
	if len(s) == len(time.DateOnly) {
		d, err := ParseDate(s)
		return d, d.AddDate(0, 0, 1).Add(-time.Nanosecond), err == nil
	}
	t, err := ParseDateTime(s)
	return t, t, err == nil
}

// dateMatches compares a resource's time range [rs, re] with a date
// parameter, as R4 search does: the parameter's value is a range too (a
// day, a month, a second) and the prefix says how they meet.
func dateMatches(v string, rs, re time.Time) bool {
	prefix, ps, pe, err := parseDateValue(v)
	if err != nil {
		return false
	}
	switch prefix {
	case "eq":
		return !rs.Before(ps) && re.Before(pe)
	case "ge":
		return !re.Before(ps)
	case "gt":
		return !re.Before(pe)
	case "le":
		return rs.Before(pe)
	case "lt":
		return rs.Before(ps)
	}
	return false
}

var datePrefixes = []string{"eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"}

// parseDateValue reads [prefix]value into the range [lo, hi) the value
// covers at its precision: a year, a month, a day (UTC), a minute or a
// second (a time needs its zone).
func parseDateValue(v string) (prefix string, lo, hi time.Time, err error) {
	prefix = "eq"
	if len(v) > 2 && slices.Contains(datePrefixes, v[:2]) {
		prefix, v = v[:2], v[2:]
	}
	if !slices.Contains([]string{"eq", "ge", "gt", "le", "lt"}, prefix) {
		return "", lo, hi, clinic.Errorf(clinic.Invalid, "Onset supports the prefixes eq, ge, gt, le and lt, not %s.", prefix)
	}
	fail := clinic.Errorf(clinic.Invalid, "%q is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or a time with its zone, "+
		"e.g. 2026-03-01T09:30:00Z (and the day must be in the calendar).", v)
	switch {
	case len(v) == 4:
		if lo, err = time.Parse("2006", v); err != nil || lo.Year() < 1 {
			return "", lo, hi, fail
		}
		return prefix, lo, lo.AddDate(1, 0, 0), nil
	case len(v) == 7:
		if lo, err = time.Parse("2006-01", v); err != nil || lo.Year() < 1 {
			return "", lo, hi, fail
		}
		return prefix, lo, lo.AddDate(0, 1, 0), nil
	case len(v) == 10:
		if lo, err = ParseDate(v); err != nil {
			return "", lo, hi, fail
		}
		return prefix, lo, lo.AddDate(0, 0, 1), nil
	}
	if lo, err = ParseDateTime(v); err == nil {
		step := time.Second
		if strings.Contains(v[:min(len(v), 20)], ".") {
			step = time.Nanosecond
		}
		return prefix, lo, lo.Add(step), nil
	}
	if lo, err = time.Parse("2006-01-02T15:04Z07:00", v); err == nil {
		if _, e := ParseDate(v[:10]); e == nil {
			return prefix, lo, lo.Add(time.Minute), nil
		}
	}
	return "", lo, hi, fail
}

// The fields every resource struct of this package names alike.

func resourceID(r Resource) string {
	f := reflect.ValueOf(r).FieldByName("ID")
	if !f.IsValid() {
		return ""
	}
	return f.String()
}

func metaOf(r Resource) *Meta {
	f := reflect.ValueOf(r).FieldByName("Meta")
	if !f.IsValid() || f.IsNil() {
		return nil
	}
	return f.Interface().(*Meta)
}

func statusOf(r Resource) string {
	f := reflect.ValueOf(r).FieldByName("Status")
	if !f.IsValid() || f.Kind() != reflect.String {
		return ""
	}
	return f.String()
}

// patientRefs are the patients a resource is about ("Patient/12").
func patientRefs(r Resource) []string {
	switch x := r.(type) {
	case Patient:
		return []string{"Patient/" + x.ID}
	case Consent:
		if x.Patient != nil {
			return []string{x.Patient.Reference}
		}
		return nil
	case AuditEvent:
		var out []string
		for _, e := range x.Entity {
			if e.What != nil && strings.HasPrefix(e.What.Reference, "Patient/") {
				out = append(out, e.What.Reference)
			}
		}
		return out
	case Appointment:
		var out []string
		for _, p := range x.Participant {
			if p.Actor != nil && strings.HasPrefix(p.Actor.Reference, "Patient/") {
				out = append(out, p.Actor.Reference)
			}
		}
		return out
	}
	f := reflect.ValueOf(r).FieldByName("Subject")
	if !f.IsValid() || f.IsNil() {
		return nil
	}
	return []string{f.Interface().(*Reference).Reference}
}

// PatientOf is the patient a resource is about, 0 when none.
func PatientOf(r Resource) int64 {
	for _, ref := range patientRefs(r) {
		if id := onsetID(strings.TrimPrefix(ref, "Patient/")); id != 0 {
			return id
		}
	}
	return 0
}

// ResourceID is a resource's id.
func ResourceID(r Resource) string { return resourceID(r) }

type key struct {
	at   time.Time
	name string
}

func sortKey(r Resource) key {
	var s string
	switch x := r.(type) {
	case Patient:
		if len(x.Name) > 0 {
			return key{name: strings.ToLower(x.Name[0].Family + "\x00" + strings.Join(x.Name[0].Given, " "))}
		}
	case Observation:
		s = x.EffectiveDateTime
	case QuestionnaireResponse:
		s = x.Authored
	case Encounter:
		if x.Period != nil {
			s = x.Period.Start
		}
	case MedicationAdministration:
		s = x.EffectiveDateTime
		if x.EffectivePeriod != nil {
			s = x.EffectivePeriod.Start
		}
	case CarePlan:
		if x.Period != nil {
			s = x.Period.Start
		}
		if s == "" {
			s = x.Created
		}
	case Appointment:
		s = x.Start
	}
	t, _, _ := span(s)
	return key{at: t}
}

// LastUpdated is a resource's meta.lastUpdated; ok is false when it
// carries none (a bulk export's _since then keeps it: a change Onset
// cannot date is not left out).
func LastUpdated(r Resource) (t time.Time, ok bool) {
	m := metaOf(r)
	if m == nil || m.LastUpdated == "" {
		return time.Time{}, false
	}
	t, err := ParseDateTime(m.LastUpdated)
	return t, err == nil
}
