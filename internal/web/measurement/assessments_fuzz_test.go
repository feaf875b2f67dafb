package measurement

import (
	"net/url"
	"strconv"
	"testing"

	"onset/internal/scales"
)

// FuzzFormAnswers feeds arbitrary form values for every instrument: reading
// and scoring them never panics, and whatever scores is within range.
func FuzzFormAnswers(f *testing.F) {
	f.Add("phq9", "2", "x", "-1", "")
	f.Add("qids-sr16", "3", "", "0", "99999999999999999999")
	f.Add("cssrs-screener", "1", "1", "", "0")
	f.Fuzz(func(t *testing.T, id, a, b, c, d string) {
		in, ok := scales.Lookup(id)
		if !ok {
			return
		}
		vals := []string{a, b, c, d}
		form := url.Values{}
		for i := range in.Items {
			form.Set("item"+strconv.Itoa(i+1), vals[i%len(vals)])
		}
		answers, _, err := formAnswers(in, form)
		if err != nil {
			return
		}
		res, err := in.Score(answers)
		if err == nil && (res.Total < in.Min || res.Total > in.Max) {
			t.Errorf("%s total %d outside %d..%d", id, res.Total, in.Min, in.Max)
		}
	})
}
