package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// runPKCmd runs "onset pk ARGS..." in-process.
func runPKCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(t.Context(), append([]string{"pk"}, args...), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// pkCurve runs the command and parses its CSV.
func pkCurve(t *testing.T, args ...string) (minutes, levels []float64) {
	t.Helper()
	code, out, errOut := runPKCmd(t, args...)
	if code != exitOK {
		t.Fatalf("onset pk %v: exit %d: %s", args, code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "minute,ketamine_ng_per_ml" {
		t.Fatalf("header %v", rows[:min(1, len(rows))])
	}
	for _, row := range rows[1:] {
		m, err1 := strconv.ParseFloat(row[0], 64)
		c, err2 := strconv.ParseFloat(row[1], 64)
		if err1 != nil || err2 != nil || c < 0 {
			t.Fatalf("bad row %v", row)
		}
		minutes, levels = append(minutes, m), append(levels, c)
	}
	return minutes, levels
}

// pkSummaryOf runs --summary --json and decodes exactly one object with
// exactly the published keys.
func pkSummaryOf(t *testing.T, args ...string) map[string]float64 {
	t.Helper()
	code, out, errOut := runPKCmd(t, append(args, "--summary", "--json")...)
	if code != exitOK {
		t.Fatalf("onset pk %v: exit %d: %s", args, code, errOut)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	var s map[string]float64
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if err := dec.Decode(new(any)); !errors.Is(err, io.EOF) {
		t.Errorf("more than one JSON value: %q", out)
	}
	keys := []string{"cmax_ng_per_ml", "tmax_min", "auc_ng_h_per_ml", "terminal_half_life_h", "below_5pct_of_peak_h"}
	if len(s) != len(keys) {
		t.Errorf("summary keys %v, want exactly %v", s, keys)
	}
	for _, k := range keys {
		if _, ok := s[k]; !ok {
			t.Errorf("summary lacks %s: %q", k, out)
		}
	}
	return s
}

func TestPKCurveCSV(t *testing.T) {
	t.Parallel()
	minutes, levels := pkCurve(t, "--route", "iv", "--dose-mg-per-kg", "0.5", "--weight-kg", "70")
	if len(minutes) != 12*60+1 || minutes[0] != 0 || minutes[len(minutes)-1] != 720 {
		t.Fatalf("default curve: %d rows from %g to %g min, want 0..720 every minute", len(minutes), minutes[0], minutes[len(minutes)-1])
	}
	best := 0
	for i := range levels {
		if levels[i] > levels[best] {
			best = i
		}
	}
	// Default 40-min infusion peaks at its end near the reference 177 ng/mL
	// (clinical-reference §3.4; Zanos 2018 measured 185).
	if minutes[best] != 40 || math.Abs(levels[best]-177) > 3 {
		t.Errorf("peak %.1f ng/mL at %g min, want about 177 at 40", levels[best], minutes[best])
	}
	// Fractional steps print clean minutes.
	minutes, _ = pkCurve(t, "--route", "oral", "--dose-mg", "100", "--weight-kg", "80", "--hours", "0.5", "--step-min", "0.1")
	if len(minutes) != 301 || minutes[3] != 0.3 {
		t.Errorf("0.5 h every 0.1 min: %d rows, row 3 at %v", len(minutes), minutes[3])
	}
	// mg/kg × weight is the same as the mg dose.
	_, a := pkCurve(t, "--route", "im", "--dose-mg-per-kg", "0.5", "--weight-kg", "80", "--hours", "2")
	_, b := pkCurve(t, "--route", "im", "--dose-mg", "40", "--weight-kg", "80", "--hours", "2")
	if strings.Join(floats(a), ",") != strings.Join(floats(b), ",") {
		t.Error("0.5 mg/kg at 80 kg differs from 40 mg")
	}
}

func floats(xs []float64) []string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return s
}

func TestPKSummaryJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		args         []string
		tmaxLo, tmax float64 // published Tmax range, min after the last device
		devicesGap   float64
	}{
		{"iv 40 min", []string{"--route", "iv", "--dose-mg-per-kg", "0.5", "--weight-kg", "70"}, 40, 40, 0},
		{"iv bolus", []string{"--route", "iv", "--dose-mg", "10", "--weight-kg", "70", "--infusion-min", "0"}, 0, 0, 0},
		{"im", []string{"--route", "im", "--dose-mg", "35", "--weight-kg", "70"}, 5, 15, 0},
		{"intranasal", []string{"--route", "intranasal", "--dose-mg", "50", "--weight-kg", "70"}, 14, 23, 0},
		{"sublingual", []string{"--route", "sublingual", "--dose-mg", "25", "--weight-kg", "70"}, 15, 60, 0},
		{"oral", []string{"--route", "oral", "--dose-mg", "100", "--weight-kg", "70"}, 30, 58, 0},
		{"domino iv", []string{"--route", "iv", "--dose-mg", "35", "--weight-kg", "70", "--model", "domino"}, 40, 40, 0},
		{"esketamine 56 mg", []string{"--route", "esketamine", "--dose-mg", "56"}, 20, 40, 5},
		{"esketamine 3 devices", []string{"--route", "esketamine", "--devices", "3"}, 20, 40, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := pkSummaryOf(t, tc.args...)
			if tm := s["tmax_min"] - tc.devicesGap; tm < tc.tmaxLo-1e-6 || tm > tc.tmax+1e-6 {
				t.Errorf("tmax %.2f min, want %g–%g", tm, tc.tmaxLo, tc.tmax)
			}
			if s["cmax_ng_per_ml"] <= 0 || s["auc_ng_h_per_ml"] <= 0 || s["terminal_half_life_h"] <= 0 ||
				s["below_5pct_of_peak_h"]*60 <= s["tmax_min"] {
				t.Errorf("implausible summary %v", s)
			}
			if tc.devicesGap > 0 {
				if h := s["terminal_half_life_h"]; h < 7 || h > 12 {
					t.Errorf("esketamine terminal half-life %.2f h outside the label's 7–12", h)
				}
			}
		})
	}
	// --dose-mg 56 means 2 devices.
	if a, b := pkSummaryOf(t, "--route", "esketamine", "--dose-mg", "56"), pkSummaryOf(t, "--route", "esketamine", "--devices", "2"); a["auc_ng_h_per_ml"] != b["auc_ng_h_per_ml"] {
		t.Errorf("56 mg AUC %g, 2 devices %g", a["auc_ng_h_per_ml"], b["auc_ng_h_per_ml"])
	}
	// Without --json the summary is one CSV row under the same names.
	code, out, _ := runPKCmd(t, "--route", "oral", "--dose-mg", "50", "--weight-kg", "70", "--summary")
	if code != exitOK || !strings.HasPrefix(out, "cmax_ng_per_ml,tmax_min,auc_ng_h_per_ml,terminal_half_life_h,below_5pct_of_peak_h\n") || strings.Count(out, "\n") != 2 {
		t.Errorf("summary CSV: exit %d, %q", code, out)
	}
}

// --params gives enough to re-solve the model: check it against the
// published constants and re-derive Cmax for a bolus from them.
func TestPKParamsJSON(t *testing.T) {
	t.Parallel()
	type params struct {
		Drug          string             `json:"drug"`
		Model         string             `json:"model"`
		Compartments  int                `json:"compartments"`
		VolumesL      map[string]float64 `json:"volumes_l"`
		RateConstants map[string]float64 `json:"rate_constants_per_min"`
		Ka            float64            `json:"absorption_rate_per_min"`
		F             float64            `json:"bioavailability"`
		LagMin        float64            `json:"lag_min"`
		Inputs        []struct {
			Mg float64 `json:"mg"`
		} `json:"inputs"`
		Sources []string `json:"sources"`
	}
	get := func(args ...string) params {
		code, out, errOut := runPKCmd(t, append(args, "--params", "--json")...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var p params
		if err := json.Unmarshal([]byte(out), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := get("--route", "iv", "--dose-mg", "35", "--weight-kg", "70", "--model", "domino")
	if p.Model != "domino" || p.Compartments != 3 || math.Abs(p.VolumesL["v1"]-4.41) > 1e-9 ||
		math.Abs(p.VolumesL["v3"]-178.2) > 0.1 || p.RateConstants["k31"] != 0.0146 || p.F != 1 || p.Ka != 0 || len(p.Sources) == 0 {
		t.Errorf("domino params %+v", p)
	}
	p = get("--route", "sublingual", "--dose-mg", "25", "--weight-kg", "60")
	if p.Model != "clements" || p.Compartments != 2 || math.Abs(p.VolumesL["v1"]-1.7522*60) > 1e-9 ||
		p.F != 0.29 || p.Ka <= 0 || p.LagMin != 0 || len(p.Inputs) != 1 || len(p.Sources) < 2 {
		t.Errorf("sublingual params %+v", p)
	}
	p = get("--route", "esketamine", "--devices", "2")
	if p.Drug != "esketamine" || p.F != 0.48 || len(p.Inputs) != 2 || p.Inputs[1].Mg != 28 {
		t.Errorf("esketamine params %+v", p)
	}
	if v := p.VolumesL["v1"] + p.VolumesL["v2"]; math.Abs(v-709) > 1e-6 {
		t.Errorf("esketamine Vss %.3f L, label 709", v)
	}
	if cl := p.VolumesL["v1"] * p.RateConstants["k10"] * 60; math.Abs(cl-89) > 1e-6 {
		t.Errorf("esketamine CL %.3f L/h, label 89", cl)
	}
}

// Impossible input exits 2 with one line on stderr and nothing on stdout.
func TestPKBadInput(t *testing.T) {
	t.Parallel()
	ok := []string{"--route", "iv", "--weight-kg", "70"}
	tests := []struct {
		name string
		args []string
		want string // part of the message
	}{
		{"no route", []string{"--dose-mg", "35", "--weight-kg", "70"}, "--route"},
		{"unknown route", []string{"--route", "rectal", "--dose-mg", "35", "--weight-kg", "70"}, "unknown route"},
		{"zero dose", append(ok, "--dose-mg", "0"), "positive"},
		{"negative dose", append(ok, "--dose-mg", "-5"), "positive"},
		{"negative mg/kg", append(ok, "--dose-mg-per-kg", "-0.5"), "between 0.01 and 13 mg/kg"},
		{"implausible mg/kg", append(ok, "--dose-mg-per-kg", "1e308"), "between 0.01 and 13 mg/kg"},
		{"implausible dose", append(ok, "--dose-mg", "1e308"), "between 0.1 and 2000 mg"},
		{"NaN dose", append(ok, "--dose-mg", "NaN"), "positive"},
		{"both doses", append(ok, "--dose-mg", "35", "--dose-mg-per-kg", "0.5"), "not both"},
		{"no dose", ok, "--dose-mg"},
		{"mg/kg without weight", []string{"--route", "iv", "--dose-mg-per-kg", "0.5"}, "--weight-kg"},
		{"racemic without weight", []string{"--route", "oral", "--dose-mg", "50"}, "--weight-kg"},
		{"weight too low", []string{"--route", "iv", "--dose-mg", "35", "--weight-kg", "19.9"}, "20 and 300"},
		{"weight too high", []string{"--route", "iv", "--dose-mg", "35", "--weight-kg", "301"}, "20 and 300"},
		{"weight zero", []string{"--route", "iv", "--dose-mg-per-kg", "0.5", "--weight-kg", "0"}, "20 and 300"},
		{"unknown model", append(ok, "--dose-mg", "35", "--model", "hijazi"), "unknown ketamine model"},
		{"negative infusion", append(ok, "--dose-mg", "35", "--infusion-min", "-1"), "--infusion-min"},
		{"infusion for oral", []string{"--route", "oral", "--dose-mg", "50", "--weight-kg", "70", "--infusion-min", "30"}, "only to --route iv"},
		{"devices for iv", append(ok, "--dose-mg", "35", "--devices", "2"), "only to --route esketamine"},
		{"esketamine 50 mg", []string{"--route", "esketamine", "--dose-mg", "50"}, "multiple of 28"},
		{"esketamine 112 mg", []string{"--route", "esketamine", "--dose-mg", "112"}, "1 to 3 devices"},
		{"esketamine 0 devices", []string{"--route", "esketamine", "--devices", "0"}, "--devices"},
		{"esketamine no dose", []string{"--route", "esketamine"}, "--devices"},
		{"esketamine per kg", []string{"--route", "esketamine", "--dose-mg-per-kg", "0.8", "--weight-kg", "70"}, "not per kg"},
		{"esketamine mismatch", []string{"--route", "esketamine", "--dose-mg", "84", "--devices", "2"}, "not 84 mg"},
		{"esketamine with model", []string{"--route", "esketamine", "--devices", "2", "--model", "domino"}, "--model"},
		{"zero hours", append(ok, "--dose-mg", "35", "--hours", "0"), "--hours"},
		{"zero step", append(ok, "--dose-mg", "35", "--step-min", "0"), "--step-min"},
		{"too many points", append(ok, "--dose-mg", "35", "--hours", "700", "--step-min", "0.001"), "points"},
		{"json curve", append(ok, "--dose-mg", "35", "--json"), "--json"},
		{"summary and params", append(ok, "--dose-mg", "35", "--summary", "--params"), "not both"},
		{"not a number", append(ok, "--dose-mg", "abc"), "invalid value"},
		{"unknown flag", append(ok, "--dose-mg", "35", "--speed", "2"), "not defined"},
		{"stray argument", append(ok, "--dose-mg", "35", "extra"), "unexpected argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runPKCmd(t, tc.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d (stderr %q)", code, exitUsage, errOut)
			}
			if out != "" {
				t.Errorf("stdout not empty: %q", out)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "onset: pk: ") || !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q, want one line mentioning %q", errOut, tc.want)
			}
		})
	}
}

func TestPKHelp(t *testing.T) {
	t.Parallel()
	code, out, errOut := runPKCmd(t, "-h")
	if code != exitOK || out != "" || !strings.Contains(errOut, "usage: onset pk") {
		t.Errorf("help: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
