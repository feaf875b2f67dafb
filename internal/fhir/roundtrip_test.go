package fhir

import (
	"bytes"
	"encoding/json"
	"testing"
)

func marshal(t *testing.T, r Resource) []byte {
	t.Helper()
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// emit → parse → emit gives the same JSON, for every Patient, Observation
// and QuestionnaireResponse the fixtures make that Onset reads back.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	type trip struct {
		name  string
		first Resource
		again func(data []byte) (Resource, error)
	}
	trips := []trip{{"patient", NewPatient(patient), func(data []byte) (Resource, error) {
		p, err := ParsePatient(data)
		return NewPatient(p), err
	}}}
	for _, a := range append(assessments(t), imported) {
		if a.Answers != nil {
			trips = append(trips, trip{"response " + a.Instrument, noErr(NewQuestionnaireResponse(a)), func(data []byte) (Resource, error) {
				b, err := ParseQuestionnaireResponse(data)
				if err != nil {
					return nil, err
				}
				if b.Total != a.Total {
					t.Errorf("%s: total %d read back as %d", a.Instrument, a.Total, b.Total)
				}
				return NewQuestionnaireResponse(b)
			}})
			continue
		}
		// A total with answers is derived from its QuestionnaireResponse,
		// which is what carries it back; a total alone is an Observation.
		trips = append(trips, trip{"total " + a.Instrument, noErr(ScoreObservation(a)), func(data []byte) (Resource, error) {
			m, err := ParseObservation(data)
			if err != nil {
				return nil, err
			}
			if m.Score == nil || m.Vital != nil {
				t.Fatalf("%s: read as %+v", a.Instrument, m)
			}
			return ScoreObservation(*m.Score)
		}})
	}
	for _, a := range assessments(t) { // each instrument's total without its answers
		a.Answers = nil
		trips = append(trips, trip{"bare total " + a.Instrument, noErr(ScoreObservation(a)), func(data []byte) (Resource, error) {
			m, err := ParseObservation(data)
			if err != nil {
				return nil, err
			}
			return ScoreObservation(*m.Score)
		}})
	}
	var vs []VitalSign
	for _, e := range vitals {
		vs = append(vs, EntryVitals(patientID, e)...)
	}
	vs = append(append(vs, SessionVitals(treatment)...), IntakeVitals(intake)...)
	for _, v := range vs {
		trips = append(trips, trip{"vital " + v.ID, VitalObservation(v), func(data []byte) (Resource, error) {
			m, err := ParseObservation(data)
			if err != nil {
				return nil, err
			}
			if m.Vital == nil || *m.Vital != v {
				t.Errorf("%s: read back as %+v, want %+v", v.ID, m.Vital, v)
				return nil, err
			}
			return VitalObservation(*m.Vital), nil
		}})
	}
	if len(trips) < 30 {
		t.Fatalf("only %d round trips", len(trips))
	}
	for _, c := range trips {
		first := marshal(t, c.first)
		r, err := c.again(first)
		if err != nil {
			t.Errorf("%s: parse: %v\n%s", c.name, err, first)
			continue
		}
		if r == nil {
			continue
		}
		if second := marshal(t, r); !bytes.Equal(first, second) {
			t.Errorf("%s: round trip changed the JSON:\n%s\n%s", c.name, first, second)
		}
	}
}

// What a parse reads, field by field, from a resource another system
// wrote: an offset time, a posted id that is not Onset's, and two names.
func TestParseValues(t *testing.T) {
	t.Parallel()
	p, err := ParsePatient([]byte(`{"resourceType":"Patient","id":"abc",
		"identifier":[{"system":"urn:oid:1.2.3.4","value":"X1"},{"system":"urn:onset:mrn","value":" HK-9 "}],
		"name":[{"use":"usual","given":["Jo"],"family":"Smith"},{"use":"official","given":["Joanna","May"],"family":"Smith"}],
		"gender":"female","birthDate":"1990-02-28","telecom":[{"system":"email","value":"jo@example.org"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != 0 || p.MRN != "HK-9" || p.GivenName != "Joanna May" || p.FamilyName != "Smith" || p.Email != "jo@example.org" ||
		p.BirthDate.Format("2006-01-02") != "1990-02-28" || p.Sex != "female" {
		t.Errorf("read %+v", p)
	}
	m, err := ParseObservation([]byte(`{"resourceType":"Observation","status":"final",
		"code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"subject":{"reference":"Patient/9"},
		"effectiveDateTime":"2026-03-01T09:30:00-08:00","valueQuantity":{"value":12,"system":"http://unitsofmeasure.org","code":"{score}"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if a := m.Score; a == nil || a.Instrument != "phq9" || a.Total != 12 || a.PatientID != 9 || !a.TakenAt.Equal(ts("2026-03-01T17:30:00Z")) {
		t.Errorf("read %+v", m.Score)
	}
}
