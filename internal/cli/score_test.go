package cli

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// runScoreCmd runs "onset score ARGS..." in-process.
func runScoreCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(t.Context(), append([]string{"score"}, args...), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

type scoreJSON struct {
	Instrument string   `json:"instrument"`
	Total      int      `json:"total"`
	Severity   string   `json:"severity"`
	Flags      []string `json:"flags"`
	Items      []struct {
		Number  int    `json:"number"`
		Answer  int    `json:"answer"`
		Skipped bool   `json:"skipped"`
		Domain  string `json:"domain"`
	} `json:"items"`
	DSM5 *struct {
		Met bool `json:"met"`
	} `json:"dsm5"`
}

func TestScoreJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		total    int
		severity string
		flags    []string
	}{
		{"instrument first", []string{"phq9", "--answers", "1,2,3,0,1,2,3,0,1", "--json"}, 13, "moderate", []string{"suicidality"}},
		{"flags first", []string{"--json", "--answers=1,2,3,0,1,2,3,0,1", "phq9"}, 13, "moderate", []string{"suicidality"}},
		{"instrument between flags", []string{"--answers", "0,0,0,0,0,0,0,0,0", "phq9", "--json"}, 0, "minimal", []string{}},
		{"upper-case instrument", []string{"GAD7", "--json", "--answers", "3,3,3,3,3,3,3"}, 21, "severe", []string{}},
		{"qids domains", []string{"qids-sr16", "--json", "--answers", "1,3,0,2,2,1,-,2,0,1,0,1,2,3,1,2"}, 16, "severe", []string{"suicidality"}},
		{"pcl5", []string{"pcl5", "--json", "--answers", "2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,0,0,0"}, 34, "", []string{"provisional PTSD"}},
		{"cssrs none", []string{"cssrs-screener", "--json", "--answers", "0,0,-,-,-,0"}, 0, "none", []string{}},
		{"cssrs high", []string{"cssrs-screener", "--json", "--answers", "1, 1, 0, 1, 0, 0"}, 3, "high", []string{"risk:high"}},
		{"pain", []string{"pain-nrs", "--json", "--answers", "7"}, 7, "", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runScoreCmd(t, tt.args...)
			if code != exitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			// Exactly one JSON object, and flags is an array even when empty.
			dec := json.NewDecoder(strings.NewReader(stdout))
			var raw map[string]json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				t.Fatalf("decode %q: %v", stdout, err)
			}
			if dec.More() {
				t.Fatalf("more than one JSON value in %q", stdout)
			}
			if f := string(raw["flags"]); !strings.HasPrefix(f, "[") {
				t.Errorf("flags = %s, want an array", f)
			}
			var r scoreJSON
			if err := json.Unmarshal([]byte(stdout), &r); err != nil {
				t.Fatal(err)
			}
			if r.Total != tt.total || r.Severity != tt.severity || !slices.Equal(r.Flags, tt.flags) {
				t.Errorf("got %d %q %v, want %d %q %v", r.Total, r.Severity, r.Flags, tt.total, tt.severity, tt.flags)
			}
		})
	}
}

func TestScoreJSONItems(t *testing.T) {
	t.Parallel()
	_, stdout, _ := runScoreCmd(t, "cssrs-screener", "--answers", "0,0,-,-,-,1", "--json")
	var r scoreJSON
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if r.Instrument != "cssrs-screener" || len(r.Items) != 6 {
		t.Fatalf("got %+v", r)
	}
	for i, it := range r.Items {
		skipped := i >= 2 && i <= 4
		if it.Number != i+1 || it.Skipped != skipped || (skipped && it.Answer != -1) {
			t.Errorf("item %d = %+v", i+1, it)
		}
	}
	if r.Items[5].Answer != 1 {
		t.Errorf("item 6 answer = %d", r.Items[5].Answer)
	}

	_, stdout, _ = runScoreCmd(t, "qids-sr16", "--json", "--answers", "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0")
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if r.Items[0].Domain != "sleep" || r.Items[15].Domain != "psychomotor" {
		t.Errorf("QIDS items carry no domain: %+v", r.Items)
	}

	_, stdout, _ = runScoreCmd(t, "pcl5", "--json", "--answers", "2,0,0,0,0,2,0,2,2,0,0,0,0,0,2,2,0,0,0,0")
	r = scoreJSON{}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if r.DSM5 == nil || !r.DSM5.Met {
		t.Errorf("PCL-5 cluster rule missing or not met: %s", stdout)
	}
}

func TestScorePlain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"phq9", "--answers", "1,2,3,0,1,2,3,0,1"}, []string{"PHQ-9: total 13 of 27, moderate", "flags: suicidality"}},
		{[]string{"cadss", "--answers", "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1"}, []string{"CADSS: total 23 of 92", "flags: none"}},
		{[]string{"cssrs-screener", "--answers", "1,1,1,0,0,0"}, []string{"C-SSRS screener: risk moderate", "flags: risk:moderate"}},
		{[]string{"qids-sr16", "--answers", "1,3,0,2,2,1,-,2,0,1,0,1,2,3,1,2"}, []string{"QIDS-SR16: total 16 of 27, severe", "domains: sleep 3, sad mood 2, appetite/weight 2"}},
		{[]string{"pcl5", "--answers", "2,0,0,0,0,2,0,2,2,0,0,0,0,0,2,2,0,0,0,0"}, []string{"PCL-5: total 12 of 80", "DSM-5 cluster rule: met (items rated 2 or more: B 1 of 1, C 1 of 1, D 2 of 2, E 2 of 2)"}},
	}
	for _, tt := range tests {
		code, stdout, stderr := runScoreCmd(t, tt.args...)
		if code != exitOK || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", tt.args, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%v: output %q lacks %q", tt.args, stdout, w)
			}
		}
	}
}

// Bad input: exit 2, nothing on stdout, exactly one line on stderr that
// names the problem.
func TestScoreBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"phq9", "--answers", "0,0,0,5,0,0,0,0,0", "--json"}, "phq9 item 4: answer 5 is out of range 0–3"},
		{[]string{"phq9", "--answers", "0,0,0,0,0,0,0,0"}, "phq9: got 8 answers, want 9"},
		{[]string{"phq9", "--answers", "0,0,x,0,0,0,0,0,0"}, `phq9 item 3: "x" is not an answer`},
		{[]string{"phq9", "--answers", "0,0,-,0,0,0,0,0,0"}, "phq9 item 3: answer is missing"},
		{[]string{"phq9", "--answers", " "}, "phq9: no answers given"},
		{[]string{"phq9"}, "--answers is required"},
		{[]string{"nope", "--answers", "1"}, `unknown instrument "nope"`},
		{[]string{"--answers", "1"}, "name an instrument"},
		{[]string{"phq9", "gad7", "--answers", "1"}, "one instrument at a time"},
		{[]string{"phq9", "--answers", "0", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"phq9", "--answers"}, "flag needs an argument"},
		{[]string{"cssrs-screener", "--answers", "0,0,0,0,0,0"}, `cssrs-screener item 3: must be skipped ("-") because item 2 is no`},
		{[]string{"cssrs-screener", "--answers", "0,1,-,-,-,0"}, "cssrs-screener item 3: answer is missing (asked because item 2 is yes)"},
		{[]string{"pain-nrs", "--answers", "11"}, "pain-nrs item 1: answer 11 is out of range 0–10"},
		{[]string{"pain-nrs", "--answers", "1\n2"}, `pain-nrs item 1: "1\n2" is not an answer`},
	}
	for _, tt := range tests {
		code, stdout, stderr := runScoreCmd(t, tt.args...)
		if code != exitUsage {
			t.Errorf("%q: exit %d, want %d", tt.args, code, exitUsage)
		}
		if stdout != "" {
			t.Errorf("%q: stdout %q, want nothing", tt.args, stdout)
		}
		if strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") {
			t.Errorf("%q: stderr is not one line: %q", tt.args, stderr)
		}
		if !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: stderr %q lacks %q", tt.args, stderr, tt.want)
		}
	}
}

func TestScoreHelp(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runScoreCmd(t, "-h")
	if code != exitOK || stdout != "" || !strings.Contains(stderr, "cssrs-screener") || !strings.Contains(stderr, `"-"`) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
