package clinic

import (
	"math"
	"strings"
	"testing"
)

func TestQuantityCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		x    float64
		ok   bool
		says string
	}{
		{70, true, ""}, {20, true, ""}, {300, true, ""},
		{19.99, false, "between 20 and 300 kg (got 19.99)"}, {300.5, false, "got 300.5"},
		{math.NaN(), false, "got NaN"}, {math.Inf(1), false, "got +Inf"}, {math.Inf(-1), false, "got -Inf"},
		{1e308, false, "got 1e+308"}, {math.Copysign(0, -1), false, "got -0"}, {5e-324, false, "got 4.94066e-324"},
	} {
		err := WeightKg.Check("the weight", tc.x)
		if (err == nil) != tc.ok {
			t.Errorf("Check(%v) = %v", tc.x, err)
			continue
		}
		if err != nil && (ErrorCode(err) != Invalid || !strings.HasPrefix(ErrorMessage(err), "The weight must be") || !strings.Contains(ErrorMessage(err), tc.says)) {
			t.Errorf("Check(%v): %q, want it to say %q", tc.x, ErrorMessage(err), tc.says)
		}
	}
	if err := DiluentML.CheckOptional("diluent_ml", 0); err != nil {
		t.Errorf("optional 0: %v", err)
	}
	if err := DiluentML.CheckOptional("diluent_ml", math.Copysign(0, -1)); err == nil || !strings.HasPrefix(ErrorMessage(err), "diluent_ml must") {
		t.Errorf("optional -0: %v", err)
	}
	if err := Devices.CheckInt("devices", math.MaxInt64); err == nil {
		t.Error("a device count of MaxInt64 passed")
	}
	// Every quantity has a sensible range.
	for _, q := range []Quantity{WeightKg, HeightCm, AgeYears, DoseMg, MgPerKg, ConcentrationMgPerML, VolumeML, DiluentML,
		RateMLPerHour, InfusionMin, Devices, MonitorMin, PhaseSessions, IntervalDays, SpanDays, HoursApart, SessionsPer, Percent,
		Days, Systolic, Diastolic, HeartRate, SpO2, RespRate, MOAAS, StockMg, StockML, StockUnits} {
		if q.Name == "" || !(q.Min <= q.Max) || q.Min < 0 || math.IsInf(q.Max, 0) {
			t.Errorf("quantity %+v", q)
		}
	}
}

func TestCheckEntered(t *testing.T) {
	t.Parallel()
	ok := Entered{Field: "the weight", Q: WeightKg, X: 70}
	notGiven := Entered{Field: "the weight", Q: WeightKg, X: 0}
	if err := CheckEntered(ok, notGiven); err != nil {
		t.Errorf("plausible and missing numbers refused: %v", err)
	}
	err := CheckEntered(ok, Entered{Field: "the bag volume", Q: DiluentML, X: math.Inf(1)}, Entered{Field: "the weight", Q: WeightKg, X: -1})
	if err == nil || !strings.Contains(ErrorMessage(err), "bag volume") {
		t.Errorf("the first bad number is not the one named: %v", err)
	}
}
