package clinic

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// maxJSONDepth bounds how deeply objects and arrays may nest; no body
// Onset takes needs more than a few levels.
const maxJSONDepth = 32

// DecodeJSON reads data, which must be exactly one JSON value, into v.
// It is stricter than encoding/json: the text must be valid UTF-8 (not
// silently repaired), no object may name a key twice (parsers disagree on
// which one counts, so a check and a use could read different values;
// keys are compared case-insensitively, as encoding/json matches fields),
// v must have a field for every key, and nothing may follow the value.
// The error is Invalid; its message is the reason, for the caller to
// place in a sentence ("The request body is not valid JSON: …").
func DecodeJSON(data []byte, v any) error {
	if !utf8.Valid(data) {
		return Errorf(Invalid, "it is not valid UTF-8")
	}
	if err := uniqueKeys(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return Errorf(Invalid, "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Errorf(Invalid, "there is more after the first JSON value")
	}
	return nil
}

// uniqueKeys walks the tokens of data and refuses a key named twice in
// one object, or nesting deeper than maxJSONDepth. Syntax errors are left
// to the decoder, which describes them better.
func uniqueKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next string token in this object is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // EOF, or a syntax error the decoder will report
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if len(stack) >= maxJSONDepth {
					return Errorf(Invalid, "it nests more than %d levels deep", maxJSONDepth)
				}
				if top != nil && top.object {
					top.key = true // the object or array was the value of a key
				}
				stack = append(stack, &frame{object: d == '{', keys: map[string]bool{}, key: d == '{'})
			case '}', ']':
				stack = stack[:len(stack)-1]
			}
			continue
		}
		if top == nil || !top.object {
			continue
		}
		if top.key {
			k, _ := tok.(string)
			fold := strings.ToLower(strings.ToUpper(k))
			if top.keys[fold] {
				return Errorf(Invalid, "the key %s appears twice in one object; send each key once", Quote(k))
			}
			top.keys[fold] = true
			top.key = false
			continue
		}
		top.key = true // a scalar value: the next token is a key
	}
}
