package fhir

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"onset/internal/fhir/fhirschema"
)

// The official FHIR R4 JSON schema (testdata/README.md), as package
// fhirschema loads it for every test that checks resources.
var schemaFile = fhirschema.File

// schemaFor compiles (once) the schema of one resource type.
func schemaFor(t *testing.T, typ string) *jsonschema.Schema {
	t.Helper()
	s, err := fhirschema.For(typ)
	if err != nil {
		t.Fatalf("the %s schema: %v", typ, err)
	}
	return s
}

// againstSchema validates JSON against the official schema of typ.
func againstSchema(t *testing.T, typ string, data []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return schemaFor(t, typ).Validate(inst)
}

// Every pattern in the schema compiles with Go's regexp engine, so no
// pattern is silently skipped.
func TestSchemaPatternsCompile(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if p, ok := x.(string); ok && k == "pattern" {
					n++
					if _, err := regexp.Compile(p); err != nil {
						t.Errorf("pattern %q does not compile in Go: %v", p, err)
					}
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	if n < 10 {
		t.Fatalf("found %d patterns; the schema file looks wrong", n)
	}
}

// The schema is the one the README names, and it is live: it refuses what
// R4 forbids.
func TestSchemaRefuses(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ typ, json string }{
		{"Patient", `{"resourceType":"Patient","gender":"woman"}`},
		{"Patient", `{"resourceType":"Patient","birthDate":"1980-13-01"}`},
		{"Patient", `{"resourceType":"Patient","unknownElement":1}`},
		{"Observation", `{"resourceType":"Observation","status":"final"}`}, // no code
		{"Observation", `{"resourceType":"Observation","code":{"text":"x"},"status":"done"}`},
		{"Observation", `{"resourceType":"Observation","code":{"text":"x"},"effectiveDateTime":"2024-01-01T10:00"}`},
	} {
		if err := againstSchema(t, c.typ, []byte(c.json)); err == nil {
			t.Errorf("%s: the schema accepted %s", c.typ, c.json)
		}
	}
}

// The schema, run by Go's engine, accepts a no-break space that the
// JavaScript reading of its string pattern refuses; Onset refuses it.
func TestStringWhiteSpace(t *testing.T) {
	t.Parallel()
	p := NewPatient(patient)
	p.Name[0].Family = "Reyes\u00a0Soto"
	data := marshal(t, p)
	if err := againstSchema(t, "Patient", data); err != nil {
		t.Errorf("the schema now refuses U+00A0 here (%v): the regexp engine changed; update this test and the README", err)
	}
	for _, err := range []error{Validate(p), func() error { _, err := ParsePatient(data); return err }()} {
		if err == nil || !strings.Contains(err.Error(), "Patient.name[0].family: holds white space") {
			t.Errorf("U+00A0 in a name: %v", err)
		}
	}
	if err := Validate(NewPatient(patient)); err != nil {
		t.Errorf("plain spaces: %v", err)
	}
}
