package clinic

import (
	"strings"
	"testing"
)

func TestDecodeJSON(t *testing.T) {
	t.Parallel()
	type body struct {
		Name  string         `json:"name"`
		Items []int          `json:"items"`
		Sub   map[string]any `json:"sub"`
	}
	for _, tc := range []struct {
		in   string
		says string // "" when accepted
	}{
		{`{"name":"a","items":[1,2],"sub":{"x":{"y":1},"z":[{"a":1},{"a":2}]}}`, ""},
		{`{"name":"a","name":"b"}`, `the key "name" appears twice`},
		{`{"name":"a","Name":"b"}`, "appears twice"},
		{`{"sub":{"x":1,"x":2}}`, `the key "x" appears twice`},
		{`{"sub":{"z":[{"a":1,"a":2}]}}`, `"a" appears twice`},
		{`{"sub":{"x":{"k":1}},"name":"a","sub":{}}`, `"sub" appears twice`},
		{`{"name":"a","extra":1}`, "unknown field"},
		{`{"name":"a"} {}`, "more after the first JSON value"},
		{`{"name":"a"`, "unexpected EOF"},
		{`{"name":"` + "\xff" + `"}`, "not valid UTF-8"},
		{`[]`, "cannot unmarshal array"},
		{`{"sub":` + strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40) + `}`, "nests more than 32"},
	} {
		var b body
		err := DecodeJSON([]byte(tc.in), &b)
		switch {
		case tc.says == "" && err != nil:
			t.Errorf("%s: %v", tc.in, err)
		case tc.says != "" && (err == nil || ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), tc.says)):
			t.Errorf("%.60s: %v, want %q", tc.in, err, tc.says)
		}
	}
}

// FuzzDecodeJSON: no input panics, and an accepted body names no key twice.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":1,"a":2}`, `{"a":{"b":[1,{"c":2,"c":3}]}}`, `[]`, `{"a":"\u0000"}`, `{`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v map[string]any
		err := DecodeJSON(data, &v)
		if err != nil && ErrorCode(err) != Invalid {
			t.Fatalf("%q: %v", data, err)
		}
		if err == nil && uniqueKeys(data) != nil {
			t.Fatalf("%q accepted with a key named twice", data)
		}
	})
}
