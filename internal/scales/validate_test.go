package scales

import (
	"testing"

	"onset/internal/clinic"
)

// Every validation error is Invalid and names the instrument and the item.
func TestScaleValidationErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id      string
		answers []int
		msg     string
	}{
		{PHQ9, []int{0, 0, 0, 5, 0, 0, 0, 0, 0}, "phq9 item 4: answer 5 is out of range 0–3"},
		{PHQ9, []int{0, 0, 0, 0, 0, 0, 0, 0, -2}, "phq9 item 9: answer -2 is out of range 0–3"},
		{PHQ9, []int{0, 0, S, 0, 0, 0, 0, 0, 0}, "phq9 item 3: answer is missing"},
		{PHQ9, repeat(0, 8), "phq9: got 8 answers, want 9 (one per item)"},
		{PHQ9, repeat(0, 10), "phq9: got 10 answers, want 9 (one per item)"},
		{PHQ9, nil, "phq9: got 0 answers, want 9 (one per item)"},
		{GAD7, []int{0, 0, 0, 0, 0, 0, 4}, "gad7 item 7: answer 4 is out of range 0–3"},
		{PCL5, append(repeat(0, 19), 5), "pcl5 item 20: answer 5 is out of range 0–4"},
		{QIDS, []int{0, 0, 0, 0, 0, S, S, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "qids-sr16 item 6: answer is missing (answer item 6 or item 7)"},
		{QIDS, []int{0, 0, 0, 0, 0, 0, 0, S, S, 0, 0, 0, 0, 0, 0, 0}, "qids-sr16 item 8: answer is missing (answer item 8 or item 9)"},
		{QIDS, []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, S}, "qids-sr16 item 16: answer is missing"},
		{QIDS, []int{0, 0, 0, 0, 0, S, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "qids-sr16 item 7: answer 4 is out of range 0–3"},
		{MADRS, []int{0, 0, 0, 0, 0, 0, 7, 0, 0, 0}, "madrs item 7: answer 7 is out of range 0–6"},
		{CADSS, append(repeat(0, 22), 5), "cadss item 23: answer 5 is out of range 0–4"},
		{PainNRS, []int{11}, "pain-nrs item 1: answer 11 is out of range 0–10"},
		{PainNRS, []int{1, 2}, "pain-nrs: got 2 answers, want 1 (one per item)"},
		{YBOCS, []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 9}, "ybocs item 10: answer 9 is out of range 0–4"},
		{"phq-9", repeat(0, 9), `unknown instrument "phq-9" (known: phq9, gad7, pcl5, qids-sr16, madrs, cadss, pain-nrs, ybocs, cssrs-screener)`},
	}
	for _, tt := range tests {
		r, err := Score(tt.id, tt.answers)
		if err == nil {
			t.Errorf("%s %v: no error, result %+v", tt.id, tt.answers, r)
			continue
		}
		if got := clinic.ErrorMessage(err); got != tt.msg {
			t.Errorf("%s %v:\n got %q\nwant %q", tt.id, tt.answers, got, tt.msg)
		}
		if clinic.ErrorCode(err) != clinic.Invalid {
			t.Errorf("%s: code %s, want invalid", tt.id, clinic.ErrorCode(err))
		}
	}
}

func TestScaleValidationFirstErrorWins(t *testing.T) {
	t.Parallel()
	_, err := Score(PHQ9, []int{0, 9, 0, 9, 0, 0, 0, 0, 0})
	if got, want := clinic.ErrorMessage(err), "phq9 item 2: answer 9 is out of range 0–3"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestScaleUnknownInstrumentQuotesLongInput(t *testing.T) {
	t.Parallel()
	_, err := Score("x\n"+string(make([]byte, 200)), nil)
	msg := clinic.ErrorMessage(err)
	if len(msg) > 200 {
		t.Errorf("message is %d bytes long", len(msg))
	}
	for _, c := range msg {
		if c == '\n' {
			t.Fatalf("message spans lines: %q", msg)
		}
	}
}
