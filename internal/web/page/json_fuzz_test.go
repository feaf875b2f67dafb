package page

import (
	"net/http/httptest"
	"strings"
	"testing"

	"onset/internal/clinic"
)

// FuzzDecodeJSON: an API body of any bytes decodes into the assessment
// body or is refused as Invalid, never a panic (clinic.FuzzDecodeJSON
// checks that no key named twice is accepted).
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"instrument":"phq9","answers":[0,1,null]}`, `{"instrument":"a","instrument":"b"}`,
		`{"answers":[1],"taken_at":"2026-01-01T00:00:00Z"}`, `[]`, `{"x":1}`, "{\"instrument\":\"\xff\"}", `{}{}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var in struct {
			Instrument string `json:"instrument"`
			Answers    []*int `json:"answers"`
			TakenAt    string `json:"taken_at"`
		}
		err := DecodeJSON(httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body)), &in)
		if err != nil && clinic.ErrorCode(err) != clinic.Invalid {
			t.Fatalf("%q: %v", body, err)
		}
	})
}
