package fhir

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"onset/internal/clinic"
)

// edit returns r's JSON with change applied to its decoded form.
func edit(t *testing.T, r Resource, change func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(marshal(t, r), &m); err != nil {
		t.Fatal(err)
	}
	change(m)
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func obj(m map[string]any, key string) map[string]any { return m[key].(map[string]any) }
func first(m map[string]any, key string) map[string]any {
	return m[key].([]any)[0].(map[string]any)
}

// Invalid Observations are refused, each with an error that names the
// FHIR path of the problem and is clinic.Invalid.
func TestInvalidObservation(t *testing.T) {
	t.Parallel()
	total := noErr(ScoreObservation(imported))
	bp := VitalObservation(EntryVitals(patientID, vitals[0])[0])
	hr := VitalObservation(EntryVitals(patientID, vitals[0])[1])
	for _, c := range []struct {
		name string
		data []byte
		path string
	}{
		{"missing status", edit(t, total, func(m map[string]any) { delete(m, "status") }), "Observation.status: is required"},
		{"unknown status", edit(t, total, func(m map[string]any) { m["status"] = "done" }), "Observation.status"},
		{"missing code", edit(t, total, func(m map[string]any) { delete(m, "code") }), "Observation.code: is required"},
		{"value out of range", edit(t, total, func(m map[string]any) { obj(m, "valueQuantity")["value"] = 28 }),
			"Observation.valueQuantity.value: must be a whole number from 0 to 27"},
		{"value not whole", edit(t, total, func(m map[string]any) { obj(m, "valueQuantity")["value"] = 12.5 }),
			"Observation.valueQuantity.value"},
		{"value overflows", []byte(strings.Replace(string(marshal(t, total)), `"value":17`, `"value":1e400`, 1)),
			"Observation.valueQuantity.value: must be a finite number"},
		{"value NaN as text", edit(t, total, func(m map[string]any) { obj(m, "valueQuantity")["value"] = "NaN" }),
			"Observation.valueQuantity.value: must be a number"},
		{"missing total", edit(t, total, func(m map[string]any) { delete(m, "valueQuantity") }), "Observation.valueQuantity: is required"},
		{"heart rate out of range", edit(t, hr, func(m map[string]any) { obj(m, "valueQuantity")["value"] = 400 }),
			"Observation.valueQuantity.value: must be between 20 and 250"},
		{"heart rate wrong unit", edit(t, hr, func(m map[string]any) { obj(m, "valueQuantity")["code"] = "/s" }),
			"Observation.valueQuantity: must be in /min"},
		{"no diastolic", edit(t, bp, func(m map[string]any) { m["component"] = m["component"].([]any)[:1] }),
			"Observation.component: needs the component 8462-4"},
		{"systolic out of range", edit(t, bp, func(m map[string]any) { obj(first(m, "component"), "valueQuantity")["value"] = 400 }),
			"Observation.component[0].valueQuantity.value: must be between 50 and 260"},
		{"impossible date", edit(t, total, func(m map[string]any) { m["effectiveDateTime"] = "2023-02-31T10:00:00Z" }),
			"Observation.effectiveDateTime: is not a day in the calendar"},
		{"date without zone", edit(t, total, func(m map[string]any) { m["effectiveDateTime"] = "2023-02-01T10:00:00" }),
			"Observation.effectiveDateTime: must be a date and time with seconds and a time zone"},
		{"missing time", edit(t, total, func(m map[string]any) { delete(m, "effectiveDateTime") }),
			"Observation.effectiveDateTime: is required"},
		{"bad code system", edit(t, total, func(m map[string]any) { first(obj(m, "code"), "coding")["system"] = "loinc" }),
			"Observation.code.coding[0].system: must be an absolute URI"},
		{"bad category system", edit(t, total, func(m map[string]any) {
			first(first(m, "category"), "coding")["system"] = "observation-category"
		}), "Observation.category[0].coding[0].system: must be an absolute URI"},
		{"code without system", edit(t, total, func(m map[string]any) { delete(first(obj(m, "code"), "coding"), "system") }),
			"Observation.code.coding[0].system: is required with a code"},
		{"subject not a patient", edit(t, total, func(m map[string]any) { obj(m, "subject")["reference"] = "Group/4" }),
			"Observation.subject.reference: must be a Patient"},
		{"no subject", edit(t, total, func(m map[string]any) { delete(m, "subject") }), "Observation.subject: is required"},
		{"preliminary", edit(t, total, func(m map[string]any) { m["status"] = "preliminary" }), "Observation.status: must be final"},
		{"unknown element", edit(t, total, func(m map[string]any) { m["valueString"] = "x" }),
			"Observation.valueString: is not an element Onset takes"},
		{"wrong case", edit(t, total, func(m map[string]any) { m["Status"] = m["status"]; delete(m, "status") }),
			"Observation.Status: is not an element"},
		{"null", []byte(strings.Replace(string(marshal(t, total)), `"status":"final"`, `"status":null`, 1)), "Observation.status: null"},
		{"empty string", edit(t, total, func(m map[string]any) { m["id"] = "" }), "Observation.id: empty strings"},
		{"key twice", []byte(strings.Replace(string(marshal(t, total)), `"status":"final"`, `"status":"final","status":"amended"`, 1)),
			"Observation.status: is given twice"},
		{"wrong resource", edit(t, total, func(m map[string]any) { m["resourceType"] = "Patient" }), "Observation.resourceType"},
		{"not a total or vital", edit(t, total, func(m map[string]any) { m["code"] = map[string]any{"text": "mood"} }),
			"Observation.code: is neither"},
	} {
		_, err := ParseObservation(c.data)
		switch {
		case err == nil:
			t.Errorf("%s: accepted\n%s", c.name, c.data)
		case !strings.Contains(err.Error(), c.path):
			t.Errorf("%s: error %q does not say %q", c.name, err, c.path)
		case clinic.ErrorCode(err) != clinic.Invalid:
			t.Errorf("%s: error code %s, want invalid", c.name, clinic.ErrorCode(err))
		}
	}
}

// Validate refuses what JSON cannot even carry (NaN), on the Go value.
func TestValidateNonFinite(t *testing.T) {
	t.Parallel()
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		o := noErr(ScoreObservation(imported))
		o.ValueQuantity.Value = num(x)
		if err := Validate(o); err == nil || !strings.Contains(err.Error(), "Observation.valueQuantity.value: must be a finite number") {
			t.Errorf("%v: %v", x, err)
		}
		v := VitalObservation(EntryVitals(patientID, vitals[0])[0])
		v.Component[1].ValueQuantity.Value = num(x)
		if err := Validate(v); err == nil || !strings.Contains(err.Error(), "Observation.component[1].valueQuantity.value: must be a finite number") {
			t.Errorf("%v: %v", x, err)
		}
	}
}

// The schema's date pattern allows 2023-02-31; Onset's check is what
// refuses it (so both are needed).
func TestImpossibleDateNeedsOnsetCheck(t *testing.T) {
	t.Parallel()
	data := edit(t, NewPatient(patient), func(m map[string]any) { m["birthDate"] = "2023-02-31" })
	if err := againstSchema(t, "Patient", data); err != nil {
		t.Errorf("the schema's date pattern now refuses 2023-02-31 (%v): update this test's premise", err)
	}
	if _, err := ParsePatient(data); err == nil || !strings.Contains(err.Error(), "Patient.birthDate: is not a day in the calendar") {
		t.Errorf("ParsePatient: %v", err)
	}
}

func TestDates(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		s      string
		date   bool // a valid date
		full   bool // a valid full dateTime
		anyDTm bool // a valid FHIR dateTime of any precision
	}{
		{"2024-02-29", true, false, true}, {"2023-02-29", false, false, false}, {"2023-02-31", false, false, false},
		{"2023-2-1", false, false, false}, {"0000-01-01", false, false, false}, {"2023", false, false, true},
		{"2023-13", false, false, false}, {"2023-12", false, false, true},
		{"2026-03-01T09:30:00Z", false, true, true}, {"2026-03-01T09:30:00.125+14:00", false, true, true},
		{"2026-03-01T09:30:00+14:30", false, false, false}, {"2026-03-01T09:30Z", false, false, false},
		{"2026-03-01T09:30:00", false, false, false}, {"2026-03-01T24:00:00Z", false, false, false},
		{"2026-03-01T09:30:00z", false, false, false}, {"2026-03-01 09:30:00Z", false, false, false},
		{"2026-02-30T09:30:00Z", false, false, false},
	} {
		_, err := ParseDate(c.s)
		if (err == nil) != c.date {
			t.Errorf("ParseDate(%q): %v", c.s, err)
		}
		_, err = ParseDateTime(c.s)
		if (err == nil) != c.full {
			t.Errorf("ParseDateTime(%q): %v", c.s, err)
		}
		if err := checkDateTime(c.s); (err == nil) != c.anyDTm {
			t.Errorf("checkDateTime(%q): %v", c.s, err)
		}
	}
}

func TestInvalidPatient(t *testing.T) {
	t.Parallel()
	p := NewPatient(patient)
	for _, c := range []struct {
		name string
		data []byte
		path string
	}{
		{"no MRN", edit(t, p, func(m map[string]any) { delete(m, "identifier") }), "Patient.identifier: needs the medical record number"},
		{"no given name", edit(t, p, func(m map[string]any) { delete(first(m, "name"), "given") }), "Patient.name: needs a family name and a given name"},
		{"bad gender", edit(t, p, func(m map[string]any) { m["gender"] = "f" }), "Patient.gender: must be one of"},
		{"no birth date", edit(t, p, func(m map[string]any) { delete(m, "birthDate") }), "Patient.birthDate: is required"},
		{"birth date with time", edit(t, p, func(m map[string]any) { m["birthDate"] = "1986-04-17T00:00:00Z" }), "Patient.birthDate: must be a date"},
		{"control character", edit(t, p, func(m map[string]any) { first(m, "name")["family"] = "Re\u202eyes" }), "Patient.name.family"},
		{"organization wrong type", edit(t, p, func(m map[string]any) { obj(m, "managingOrganization")["reference"] = "Patient/7" }),
			"Patient.managingOrganization.reference: must be a Organization"},
		{"not UTF-8", append([]byte(`{"resourceType":"Patient","gender":"`), 0xff, '"', '}'), "not valid UTF-8"},
		{"two objects", append(marshal(t, p), []byte(`{}`)...), "Patient: there is more"},
		{"a list", []byte(`[{"resourceType":"Patient"}]`), "Patient: the body is not a JSON object"},
	} {
		_, err := ParsePatient(c.data)
		if err == nil || !strings.Contains(err.Error(), c.path) {
			t.Errorf("%s: %v (want %q)", c.name, err, c.path)
		}
	}
}

func TestInvalidQuestionnaireResponse(t *testing.T) {
	t.Parallel()
	as := assessments(t)
	phq, cssrs := noErr(NewQuestionnaireResponse(as[0])), noErr(NewQuestionnaireResponse(as[len(as)-1]))
	for _, c := range []struct {
		name string
		data []byte
		path string
	}{
		{"answer not offered", edit(t, phq, func(m map[string]any) {
			obj(first(first(m, "item"), "answer"), "valueCoding")["code"] = "LA9999-9"
		}), "QuestionnaireResponse.item[0].answer[0].valueCoding: is no answer item 1 of PHQ-9 offers"},
		{"item missing", edit(t, phq, func(m map[string]any) { m["item"] = m["item"].([]any)[1:] }),
			"QuestionnaireResponse.item: phq9 item 1: answer is missing"},
		{"unknown item", edit(t, phq, func(m map[string]any) { first(m, "item")["linkId"] = "10" }),
			"QuestionnaireResponse.item[0].linkId: is no item of PHQ-9"},
		{"item twice", edit(t, phq, func(m map[string]any) { m["item"].([]any)[1].(map[string]any)["linkId"] = "1" }),
			"QuestionnaireResponse.item[1].linkId: is answered twice"},
		{"skipped item answered", edit(t, cssrs, func(m map[string]any) {
			m["item"].([]any)[2].(map[string]any)["answer"] = first(m, "item")["answer"]
		}), "must be skipped"},
		{"unknown questionnaire", edit(t, phq, func(m map[string]any) { m["questionnaire"] = "urn:onset:questionnaire:bdi" }),
			"QuestionnaireResponse.questionnaire: is no questionnaire of Onset's"},
		{"foreign questionnaire", edit(t, phq, func(m map[string]any) { m["questionnaire"] = "http://example.org/Questionnaire/phq9" }),
			"QuestionnaireResponse.questionnaire: must be one of Onset's"},
		{"in progress", edit(t, phq, func(m map[string]any) { m["status"] = "in-progress" }), "QuestionnaireResponse.status: must be completed"},
		{"no time", edit(t, phq, func(m map[string]any) { delete(m, "authored") }), "QuestionnaireResponse.authored: is required"},
		{"partial time", edit(t, phq, func(m map[string]any) { m["authored"] = "2026-01" }), "QuestionnaireResponse.authored"},
	} {
		_, err := ParseQuestionnaireResponse(c.data)
		if err == nil || !strings.Contains(err.Error(), c.path) {
			t.Errorf("%s: %v (want %q)", c.name, err, c.path)
		}
	}
}
