package fhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// maxDepth bounds how deeply a posted resource may nest.
const maxDepth = 32

// decode reads one posted resource of type typ into v (a pointer to one of
// this package's resource structs). It is stricter than encoding/json and
// says where a problem is by FHIR path: the text must be valid UTF-8 and
// exactly one JSON object; keys match element names exactly (FHIR is case
// sensitive) and none is given twice; an element Onset does not model is
// refused rather than silently dropped; FHIR JSON's rules hold (no nulls,
// no empty strings, arrays or objects); numbers must fit (1e400 is not a
// finite number) and integers be whole.
func decode(data []byte, typ string, v any) error { return decodeAs(data, typ, v, false) }

// decodeForeign is decode for another system's resource: elements Onset
// does not keep (narrative, extensions, identifiers of other kinds…) are
// passed over; those it keeps are checked as strictly.
func decodeForeign(data []byte, typ string, v any) error { return decodeAs(data, typ, v, true) }

func decodeAs(data []byte, typ string, v any, lenient bool) error {
	if !utf8.Valid(data) {
		return invalidAt(typ, "the body is not valid UTF-8")
	}
	// A body that is not this type's resource is refused as such, before
	// anything its elements would say; the body is read a third time for
	// that only when the walk finds a problem.
	wrongType := func() error {
		var head struct {
			ResourceType string `json:"resourceType"`
		}
		if err := json.NewDecoder(bytes.NewReader(data)).Decode(&head); err != nil {
			return invalidAt(typ, "the body is not a JSON object: "+strings.TrimPrefix(err.Error(), "json: "))
		}
		return resourceTypeIs(typ, head.ResourceType)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	w := walker{dec: dec, lenient: lenient}
	err := w.value(reflect.TypeOf(v).Elem(), typ, 0)
	if err == nil {
		if _, end := dec.Token(); !errors.Is(end, io.EOF) {
			err = invalidAt(typ, "there is more after the resource")
		}
	}
	if err != nil {
		if wt := wrongType(); wt != nil {
			return wt
		}
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return invalidAt(typ, strings.TrimPrefix(err.Error(), "json: "))
	}
	return resourceTypeIs(typ, reflect.ValueOf(v).Elem().FieldByName("ResourceType").String())
}

// resourceTypeIs refuses a body whose resourceType is not typ.
func resourceTypeIs(typ, got string) error {
	if got != typ {
		return invalidAt(typ+".resourceType", fmt.Sprintf("must be %q (got %q)", typ, got))
	}
	return nil
}

// walker reads JSON tokens alongside the Go type they will fill. A
// lenient walker (another system's resource, being imported) passes over
// elements Onset does not keep instead of refusing them.
type walker struct {
	dec     *json.Decoder
	lenient bool
}

// skip passes over one JSON value.
func (w walker) skip(path string) error {
	depth := 0
	for {
		tok, err := w.dec.Token()
		if err != nil {
			return w.fail(path, "is not valid JSON")
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

func (w walker) fail(path, problem string) error {
	return invalidAt(path, problem)
}

func (w walker) value(t reflect.Type, path string, depth int) error {
	if depth > maxDepth {
		return w.fail(path, "nests too deeply")
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := w.dec.Token()
	if err != nil {
		return w.fail(path, "is not valid JSON")
	}
	switch tok := tok.(type) {
	case json.Delim:
		switch {
		case tok == '{' && t.Kind() == reflect.Struct:
			return w.object(t, path, depth)
		case tok == '[' && t.Kind() == reflect.Slice:
			return w.array(t.Elem(), path, depth)
		case tok == '[':
			return w.fail(path, "must be a single value, not a list")
		case t.Kind() == reflect.Slice:
			return w.fail(path, "must be a list")
		}
		return w.fail(path, "must be "+jsonKind(t))
	case nil:
		return w.fail(path, "null is not allowed in FHIR JSON; leave the element out")
	case string:
		if t.Kind() != reflect.String {
			return w.fail(path, "must be "+jsonKind(t))
		}
		if tok == "" {
			return w.fail(path, "empty strings are not allowed in FHIR JSON; leave the element out")
		}
		if r, bad := badSpace(tok); bad {
			return w.fail(path, fmt.Sprintf("holds white space FHIR strings may not hold (%U); use a plain space", r))
		}
	case bool:
		if t.Kind() != reflect.Bool {
			return w.fail(path, "must be "+jsonKind(t))
		}
	case json.Number:
		switch t.Kind() {
		case reflect.Float64:
			x, err := strconv.ParseFloat(tok.String(), 64)
			if err != nil || math.IsInf(x, 0) {
				return w.fail(path, "must be a finite number")
			}
		case reflect.Int, reflect.Int64:
			if _, err := strconv.ParseInt(tok.String(), 10, 32); err != nil {
				return w.fail(path, "must be a whole number (a FHIR integer)")
			}
		default:
			return w.fail(path, "must be "+jsonKind(t))
		}
	}
	return nil
}

func (w walker) object(t reflect.Type, path string, depth int) error {
	seen := map[string]bool{}
	n := 0
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return w.fail(path, "is not valid JSON")
		}
		key, _ := tok.(string)
		if seen[key] {
			return w.fail(path+"."+key, "is given twice")
		}
		seen[key] = true
		n++
		f, ok := field(t, key)
		if !ok && w.lenient {
			if err := w.skip(path + "." + key); err != nil {
				return err
			}
			continue
		}
		if !ok {
			return w.fail(path+"."+key, "is not an element Onset takes here (names are case-sensitive)")
		}
		if err := w.value(f, path+"."+key, depth+1); err != nil {
			return err
		}
	}
	if _, err := w.dec.Token(); err != nil { // '}'
		return w.fail(path, "is not valid JSON")
	}
	if n == 0 {
		return w.fail(path, "empty objects are not allowed in FHIR JSON; leave the element out")
	}
	return nil
}

func (w walker) array(elem reflect.Type, path string, depth int) error {
	i := 0
	for w.dec.More() {
		if err := w.value(elem, at(path, i), depth+1); err != nil {
			return err
		}
		i++
	}
	if _, err := w.dec.Token(); err != nil { // ']'
		return w.fail(path, "is not valid JSON")
	}
	if i == 0 {
		return w.fail(path, "empty lists are not allowed in FHIR JSON; leave the element out")
	}
	return nil
}

// field finds the struct field whose JSON name is exactly key. Each
// type's names are read from its tags once (fieldsOf).
func field(t reflect.Type, key string) (reflect.Type, bool) {
	f, ok := fieldsOf(t)[key]
	return f, ok
}

// fieldTypes caches fieldsOf: reflect.Type → map[string]reflect.Type.
var fieldTypes sync.Map

// fieldsOf maps t's exported fields' JSON names to their types.
func fieldsOf(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldTypes.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if _, dup := m[name]; name != "" && name != "-" && f.IsExported() && !dup {
			m[name] = f.Type
		}
	}
	fieldTypes.Store(t, m)
	return m
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Slice:
		return "a list"
	}
	return "an object"
}
