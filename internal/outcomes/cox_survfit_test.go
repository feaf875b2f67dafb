package outcomes

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
)

// survfitReference is testdata/survfit_reference.json, written by
// testdata/cox_reference.R (R 4.2.2, survival 3.5-3): survfit(fit,
// newdata = one row) read at chosen times.
type survfitReference struct {
	Curves []struct {
		coxRefFit
		Curves []struct {
			Profile map[string]string
			NTimes  int `json:"n_times"`
			At      []struct {
				Time, Surv, Lower, Upper, CumHaz float64
				StdErr                           float64 `json:"std_err"`
			}
		}
	}
}

// TestCoxPredictAgainstR compares every predicted curve of
// survfit_reference.json: S, the cumulative hazard, its standard error and
// the 95% log-scale interval, to 1e-6.
func TestCoxPredictAgainstR(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/survfit_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref survfitReference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	tables := map[string]coxTable{"tiny": tinyTable(t), "lung": readCoxCSV(t, "testdata/lung.csv")}
	checked := 0
	for _, rf := range ref.Curves {
		t.Run(rf.Name, func(t *testing.T) {
			fit := tables[rf.Data].fitRef(t, rf.coxRefFit)
			categorical := map[string]bool{}
			for _, c := range rf.Covariates {
				categorical[c.Column] = c.Categorical
			}
			for _, cv := range rf.Curves {
				prof := CoxProfile{Numbers: map[string]float64{}, Levels: map[string]string{}}
				for k, v := range cv.Profile {
					if categorical[k] {
						prof.Levels[k] = v
						continue
					}
					x, err := strconv.ParseFloat(v, 64)
					if err != nil {
						t.Fatal(err)
					}
					prof.Numbers[k] = x
				}
				curve, err := fit.Predict(prof)
				if err != nil {
					t.Fatal(err)
				}
				if len(curve.Points) != cv.NTimes {
					t.Errorf("%v: %d times, want %d (R)", cv.Profile, len(curve.Points), cv.NTimes)
				}
				for _, w := range cv.At {
					g := curve.At(w.Time)
					for _, c := range []struct {
						what      string
						got, want float64
					}{{"surv", g.Surv, w.Surv}, {"cumhaz", g.CumHaz, w.CumHaz}, {"std.err", g.SE, w.StdErr},
						{"lower", g.Lower, w.Lower}, {"upper", g.Upper, w.Upper}} {
						if !closeTo(c.got, c.want) {
							t.Errorf("%v at %g: %s %.12g, want %.12g (R)", cv.Profile, w.Time, c.what, c.got, c.want)
						}
						checked++
					}
				}
			}
		})
	}
	if checked < 5*9*6+5*7*8 {
		t.Errorf("checked %d numbers, want every one of the reference", checked)
	}
}

func TestCoxPredictRefusesUnknownLevel(t *testing.T) {
	t.Parallel()
	tab := readCoxCSV(t, "testdata/lung.csv")
	fit, err := Cox(tab.time, tab.event, []CoxCovariate{tab.covariate(t, "sex", true, ""), tab.covariate(t, "age", false, "")}, CoxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []CoxProfile{
		{Numbers: map[string]float64{"age": 60}, Levels: map[string]string{"sex": "3"}},
		{Levels: map[string]string{"sex": "1"}},
		{Numbers: map[string]float64{"age": math.NaN()}, Levels: map[string]string{"sex": "1"}},
	} {
		if _, err := fit.Predict(p); err == nil {
			t.Errorf("%+v: predicted, want refused", p)
		}
	}
	if _, err := (CoxFit{}).Predict(CoxProfile{}); err == nil {
		t.Error("a zero fit predicted")
	}
	if got := fit.Levels()["sex"]; len(got) != 2 || got[0] != "1" || got[1] != "2" {
		t.Errorf("levels of sex %v, want [1 2]", got)
	}
}
