package fhir

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"onset/internal/clinic"
)

// The REST API's own resources — a searchset and a history Bundle, an
// OperationOutcome, a CapabilityStatement — and a patient with versions
// and an emergency contact are valid against the official schema and
// Validate.
func TestRESTResourcesValid(t *testing.T) {
	t.Parallel()
	edited := patient
	edited.EmergencyName, edited.EmergencyPhone = "Luis Reyes", "+15035550188"
	versioned := VersionedPatient(edited, 3, ts("2026-02-01T08:00:00Z"))
	obs := noErr(ScoreObservation(imported))
	search := Searchset(2, "2026-02-02T10:00:00Z")
	search.Link = []BundleLink{{Relation: "self", URL: "https://onset.example/fhir/Observation?patient=123&_count=1"},
		{Relation: "next", URL: "https://onset.example/fhir/Observation?patient=123&_count=1&_offset=1"}}
	search.Entry = []BundleEntry{{FullURL: "https://onset.example/fhir/Observation/" + obs.ID, Resource: obs,
		Search: &BundleSearch{Mode: "match"}}, {FullURL: "https://onset.example/fhir/Patient/123", Resource: versioned,
		Search: &BundleSearch{Mode: "include"}}}
	history := History(1, "2026-02-02T10:00:00Z")
	history.Entry = []BundleEntry{{FullURL: "https://onset.example/fhir/Patient/123", Resource: versioned,
		Request:  &BundleRequest{Method: "PUT", URL: "Patient/123"},
		Response: &BundleResponse{Status: "200", Etag: ETag("3"), LastModified: "2026-02-01T08:00:00Z"}}}
	_, perr := ParseObservation([]byte(`{"resourceType":"Observation","code":{"text":"x"},"subject":{"reference":"Patient/1"},` +
		`"effectiveDateTime":"2023-02-31T10:00:00Z"}`))
	yes := true
	cs := CapabilityStatement{ResourceType: "CapabilityStatement", Status: "active", Date: "2026-02-02T10:00:00Z",
		Kind: "instance", Implementation: &Implementation{Description: "Onset"}, FHIRVersion: "4.0.1",
		Format: []string{"json"}, Rest: []CapabilityRest{{Mode: "server", Resource: []CapabilityResource{{Type: "Patient",
			Interaction: []Interaction{{Code: "read"}, {Code: "search-type"}, {Code: "create"}}, Versioning: "versioned",
			ReadHistory: &yes, ConditionalCreate: &yes, SearchParam: []CapabilitySearchParam{{Name: "identifier", Type: "token"}},
			Operation: []CapabilityOperation{{Name: "everything",
				Definition: "http://hl7.org/fhir/OperationDefinition/Patient-everything"}}}}}}}
	for _, r := range []Resource{versioned, search, history, Outcome(perr), Information("found"), cs,
		Outcome(clinic.Errorf(clinic.NotFound, "There is no such patient."))} {
		data := marshal(t, r)
		if err := againstSchema(t, r.Type(), data); err != nil {
			t.Errorf("%s schema: %v\n%s", r.Type(), err, data)
		}
		if err := Validate(r); err != nil {
			t.Errorf("%s Validate: %v\n%s", r.Type(), err, data)
		}
	}
	data := string(marshal(t, versioned))
	for _, want := range []string{`"versionId":"3"`, `"lastUpdated":"2026-02-01T08:00:00Z"`,
		`"contact":[{"relationship":[{"text":"Emergency contact"}],"name":{"text":"Luis Reyes"},"telecom":[{"system":"phone","value":"+15035550188"}]}]`} {
		if !strings.Contains(data, want) {
			t.Errorf("want %s in %s", want, data)
		}
	}
	back, err := ParsePatient([]byte(data))
	if err != nil || back.EmergencyName != "Luis Reyes" || back.EmergencyPhone != "+15035550188" {
		t.Errorf("ParsePatient: %+v, %v", back, err)
	}
}

// An error of a posted resource becomes one OperationOutcome issue per
// problem, each naming its path.
func TestOutcomeNamesPaths(t *testing.T) {
	t.Parallel()
	_, err := ParseObservation([]byte(`{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org",` +
		`"code":"44261-6"}]},"subject":{"reference":"Patient/1"},"effectiveDateTime":"2023-02-31T10:00:00Z",` +
		`"valueQuantity":{"value":30,"system":"http://unitsofmeasure.org","code":"{score}"}}`))
	o := Outcome(err)
	var paths []string
	for _, is := range o.Issue {
		if is.Severity != "error" || is.Code != "invalid" || len(is.Expression) != 1 || !strings.HasPrefix(is.Diagnostics, is.Expression[0]+": ") {
			t.Errorf("issue %+v", is)
		}
		paths = append(paths, is.Expression...)
	}
	for _, want := range []string{"Observation.status", "Observation.effectiveDateTime", "Observation.valueQuantity.value"} {
		if !slices.Contains(paths, want) {
			t.Errorf("no issue at %s: %v", want, paths)
		}
	}
	if got := IssuesOf(clinic.Errorf(clinic.Invalid, "plain")); got != nil {
		t.Errorf("IssuesOf a plain error: %v", got)
	}
	if o := Outcome(clinic.Wrap(errSecret{}, "Could not load.")); o.Issue[0].Code != "exception" ||
		strings.Contains(o.Issue[0].Diagnostics, "secret") {
		t.Errorf("internal error: %+v", o.Issue[0])
	}
}

type errSecret struct{}

func (errSecret) Error() string { return "secret detail" }

// ParseSearch takes the parameters SearchParams lists and refuses the
// rest, by name.
func TestParseSearch(t *testing.T) {
	t.Parallel()
	q := func(s string) url.Values { v, _ := url.ParseQuery(s); return v }
	s, err := ParseSearch("Observation", q("patient=Patient/12&code=http://loinc.org|44261-6&date=ge2026-01-01&_count=5&_offset=10&_include=Observation:patient"))
	if err != nil || s.Patient != 12 || s.Count != 5 || s.Offset != 10 || !slices.Equal(s.Include, []string{"Observation:patient"}) {
		t.Errorf("%+v, %v", s, err)
	}
	for _, c := range []struct{ typ, query, want string }{
		{"Observation", "colour=red", "does not search Observation by colour"},
		{"Observation", "code:text=phq", "modifier :text"},
		{"Observation", "date=ne2026-01-01", "prefixes eq, ge, gt, le and lt"},
		{"Observation", "date=2023-02-31", "not a date"},
		{"Observation", "date=2026-01-01T10:00", "not a date"},
		{"Observation", "patient=abc", "Patient/<number>"},
		{"Observation", "_count=0", "from 1 to 100"},
		{"Observation", "_count=1000", "from 1 to 100"},
		{"Observation", "_include=Observation:performer", "includes only the patient"},
		{"Patient", "_sort=name", "does not search Patient by _sort"},
		{"Patient", "_format=xml", "JSON only"},
		{"Medication", "", "does not search Medication"},
	} {
		_, err := ParseSearch(c.typ, q(c.query))
		if err == nil || clinic.ErrorCode(err) != clinic.Invalid || !strings.Contains(clinic.ErrorMessage(err), c.want) {
			t.Errorf("%s?%s: %v; want %q", c.typ, c.query, err, c.want)
		}
	}
}

// Search matches as R4 says: a date parameter is a range at its
// precision, met by the prefix; tokens by system and code; names by their
// start.
func TestSearchMatch(t *testing.T) {
	t.Parallel()
	at := func(s string) Observation {
		a := imported
		a.TakenAt = ts(s)
		return noErr(ScoreObservation(a))
	}
	day := at("2026-03-10T15:00:00Z")
	for _, c := range []struct {
		query string
		want  bool
	}{
		{"date=2026-03-10", true}, {"date=eq2026-03", true}, {"date=2026", true}, {"date=2026-03-11", false},
		{"date=ge2026-03-10", true}, {"date=gt2026-03-10", false}, {"date=gt2026-03-09", true},
		{"date=le2026-03-10", true}, {"date=lt2026-03-10", false}, {"date=lt2026-03-11", true},
		{"date=ge2026-03-10T15:00:00Z", true}, {"date=gt2026-03-10T15:00:00Z", false},
		{"date=eq2026-03-10T16:00:00%2B01:00", true}, {"date=ge2026-03-01&date=lt2026-04-01", true},
		{"date=ge2026-03-11&date=lt2026-04-01", false},
		{"code=http://loinc.org|44261-6", true}, {"code=44261-6", true}, {"code=|44261-6", false},
		{"code=http://loinc.org|", true}, {"code=http://loinc.org|70274-6", false}, {"code=70274-6,44261-6", true},
		{"category=survey", true}, {"category=vital-signs", false}, {"status=final", true}, {"status=amended", false},
		{"_id=phq9-470", true}, {"_id=phq9-471", false}, {"patient=123", true}, {"subject=Patient/124", false},
		{"patient=123&subject=124", false},
	} {
		v, _ := url.ParseQuery(c.query)
		s, err := ParseSearch("Observation", v)
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if got := len(s.Match([]Resource{day})) == 1; got != c.want {
			t.Errorf("%s: matched %v, want %v", c.query, got, c.want)
		}
	}
	p := VersionedPatient(patient, 2, ts("2026-02-01T08:00:00Z"))
	for _, c := range []struct {
		query string
		want  bool
	}{
		{"name=rey", true}, {"name=ANA", true}, {"name=eyes", false}, {"family=Reyes", true}, {"given=reyes", false},
		{"identifier=urn:onset:mrn|hk-000123", true}, {"identifier=HK-000123", true}, {"identifier=http://x.org|HK-000123", false},
		{"birthdate=1986-04-17", true}, {"birthdate=ge1986-04-18", false}, {"gender=female", true}, {"gender=male", false},
		{"_lastUpdated=ge2026-02-01", true}, {"_lastUpdated=lt2026-02-01", false}, {"_id=123", true},
	} {
		v, _ := url.ParseQuery(c.query)
		s, err := ParseSearch("Patient", v)
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if got := len(s.Match([]Resource{p})) == 1; got != c.want {
			t.Errorf("Patient?%s: matched %v, want %v", c.query, got, c.want)
		}
	}
	// Ordered by date, then id.
	later, earlier := at("2026-03-12T09:00:00Z"), at("2026-03-01T09:00:00Z")
	later.ID, earlier.ID = "phq9-9", "phq9-10"
	s, _ := ParseSearch("Observation", url.Values{})
	got := s.Match([]Resource{later, day, earlier})
	if len(got) != 3 || ResourceID(got[0]) != "phq9-10" || ResourceID(got[2]) != "phq9-9" {
		t.Errorf("order: %v", got)
	}
	if PatientOf(day) != patientID {
		t.Errorf("PatientOf: %d", PatientOf(day))
	}
}
