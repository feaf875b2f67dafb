package protocol

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"onset/internal/clinic"
)

// iv is the worked example: 0.5 mg/kg for 82.4 kg from 10 mg/mL into 100 mL over 40 min.
func iv() DoseRequest {
	return DoseRequest{
		Route: clinic.RouteIV, WeightKg: 82.4, MgPerKg: 0.5, CeilingMgPerKg: 1.0,
		ConcentrationMgPerML: 10, DiluentML: 100, Minutes: 40,
	}
}

func TestCalculateDose(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                string
		edit                func(*DoseRequest)
		mg, mgkg, ml, drawn float64
		total, rate         float64
		devices             int
		steps               []string
		notes               []string
	}{
		{
			name: "worked example, 0.01 mL syringe",
			edit: func(r *DoseRequest) { r.VolumeStepML = 0.01 },
			mg:   41.2, mgkg: 0.5, ml: 4.12, drawn: 41.2, total: 104.12, rate: 156.2,
			steps: []string{
				"0.5 mg/kg × 82.4 kg = 41.2 mg",
				"41.2 mg ÷ 10 mg/mL = 4.12 mL",
				"(4.12 + 100) mL ÷ 40 min × 60 = 156.18 mL/h ≈ 156.2 mL/h (nearest 0.1 mL/h)",
			},
		},
		{
			name: "default volume step above 1 mL is 0.1 mL",
			edit: func(*DoseRequest) {},
			mg:   41.2, mgkg: 0.5, ml: 4.1, drawn: 41, total: 104.1, rate: 156.2,
			steps: []string{
				"0.5 mg/kg × 82.4 kg = 41.2 mg",
				"41.2 mg ÷ 10 mg/mL = 4.12 mL ≈ 4.1 mL (nearest 0.1 mL), which holds 41 mg",
				"(4.1 + 100) mL ÷ 40 min × 60 = 156.15 mL/h ≈ 156.2 mL/h (nearest 0.1 mL/h)",
			},
		},
		{
			name: "mg rounded to 0.1 mg",
			edit: func(r *DoseRequest) { r.WeightKg, r.VolumeStepML = 82.37, 0.01 },
			mg:   41.2, mgkg: 0.5, ml: 4.12, drawn: 41.2, total: 104.12, rate: 156.2,
			steps: []string{
				"0.5 mg/kg × 82.37 kg = 41.185 mg ≈ 41.2 mg (nearest 0.1 mg)",
				"41.2 mg ÷ 10 mg/mL = 4.12 mL",
				"(4.12 + 100) mL ÷ 40 min × 60 = 156.18 mL/h ≈ 156.2 mL/h (nearest 0.1 mL/h)",
			},
		},
		{
			name: "clinic increment 0.5 mg",
			edit: func(r *DoseRequest) { r.WeightKg, r.RoundMg, r.VolumeStepML = 82.37, 0.5, 0.01 },
			mg:   41, mgkg: 0.5, ml: 4.1, drawn: 41, total: 104.1, rate: 156.2,
			steps: []string{
				"0.5 mg/kg × 82.37 kg = 41.185 mg ≈ 41 mg (nearest 0.5 mg)",
				"41 mg ÷ 10 mg/mL = 4.1 mL",
				"(4.1 + 100) mL ÷ 40 min × 60 = 156.15 mL/h ≈ 156.2 mL/h (nearest 0.1 mL/h)",
			},
		},
		{
			name: "rounding never crosses the ceiling",
			edit: func(r *DoseRequest) { r.WeightKg, r.MgPerKg, r.VolumeStepML = 82.37, 1.0, 0.01 },
			mg:   82.3, mgkg: 1.0, ml: 8.23, drawn: 82.3, total: 108.23, rate: 162.3,
			steps: []string{
				"1 mg/kg × 82.37 kg = 82.37 mg ≈ 82.3 mg (rounded down to 0.1 mg to stay within the ceiling)",
				"82.3 mg ÷ 10 mg/mL = 8.23 mL",
				"(8.23 + 100) mL ÷ 40 min × 60 = 162.345 mL/h ≈ 162.3 mL/h (nearest 0.1 mL/h)",
			},
		},
		{
			name: "100 mg/mL diluted into the bag",
			edit: func(r *DoseRequest) { r.WeightKg, r.ConcentrationMgPerML = 70, 100 },
			mg:   35, mgkg: 0.5, ml: 0.35, drawn: 35, total: 100.35, rate: 150.5,
			steps: []string{
				"0.5 mg/kg × 70 kg = 35 mg",
				"35 mg ÷ 100 mg/mL = 0.35 mL",
				"(0.35 + 100) mL ÷ 40 min × 60 = 150.525 mL/h ≈ 150.5 mL/h (nearest 0.1 mL/h)",
			},
			notes: []string{"100 mg/mL must be diluted before IV use (Ketalar label)"},
		},
		{
			name: "10 mg/mL undiluted on a syringe pump",
			edit: func(r *DoseRequest) { r.WeightKg, r.DiluentML = 70, 0 },
			mg:   35, mgkg: 0.5, ml: 3.5, drawn: 35, total: 3.5, rate: 5.3,
			steps: []string{
				"0.5 mg/kg × 70 kg = 35 mg",
				"35 mg ÷ 10 mg/mL = 3.5 mL",
				"3.5 mL ÷ 40 min × 60 = 5.25 mL/h ≈ 5.3 mL/h (nearest 0.1 mL/h)",
			},
		},
		{
			name: "IM 50 mg/mL below 1 mL measures to 0.01 mL",
			edit: func(r *DoseRequest) {
				r.Route, r.ConcentrationMgPerML, r.DiluentML, r.Minutes = clinic.RouteIM, 50, 0, 0
			},
			mg: 41.2, mgkg: 0.5, ml: 0.82, drawn: 41, total: 0.82,
			steps: []string{
				"0.5 mg/kg × 82.4 kg = 41.2 mg",
				"41.2 mg ÷ 50 mg/mL = 0.824 mL ≈ 0.82 mL (nearest 0.01 mL), which holds 41 mg",
			},
		},
		{
			name: "sublingual fixed 10 mg, mg only",
			edit: func(r *DoseRequest) {
				*r = DoseRequest{Route: clinic.RouteSublingual, FixedMg: 10, WeightKg: 70}
			},
			mg: 10, mgkg: 0.14,
			steps: []string{"10 mg ÷ 70 kg = 0.14 mg/kg"},
		},
		{
			name: "sublingual 10 mg from 100 mg/mL",
			edit: func(r *DoseRequest) {
				*r = DoseRequest{Route: clinic.RouteSublingual, FixedMg: 10, ConcentrationMgPerML: 100}
			},
			mg: 10, ml: 0.1, drawn: 10, total: 0.1,
			steps: []string{"10 mg ÷ 100 mg/mL = 0.1 mL"},
		},
		{
			name:  "fixed dose rounded to the clinic increment",
			edit:  func(r *DoseRequest) { *r = DoseRequest{Route: clinic.RouteOral, FixedMg: 37.5, RoundMg: 5} },
			mg:    40,
			steps: []string{"37.5 mg ≈ 40 mg (nearest 5 mg)"},
		},
		{
			name:  "fixed dose rounding stays within the clinic ceiling",
			edit:  func(r *DoseRequest) { *r = DoseRequest{Route: clinic.RouteOral, FixedMg: 9.96, CeilingMg: 9.96} },
			mg:    9.9,
			steps: []string{"9.96 mg ≈ 9.9 mg (rounded down to 0.1 mg to stay within the ceiling)"},
		},
		{
			name: "oral 1 mg/kg",
			edit: func(r *DoseRequest) {
				*r = DoseRequest{Route: clinic.RouteOral, WeightKg: 70, MgPerKg: 1, CeilingMgPerKg: 2}
			},
			mg: 70, mgkg: 1,
			steps: []string{"1 mg/kg × 70 kg = 70 mg"},
		},
		{
			name: "esketamine 56 mg",
			edit: func(r *DoseRequest) { *r = DoseRequest{Route: clinic.RouteEsketamine, FixedMg: 56, WeightKg: 70} },
			mg:   56, mgkg: 0.8, drawn: 56, devices: 2,
			steps: []string{
				"56 mg ÷ 28 mg per device = 2 devices",
				"2 devices, 5 min rest between devices → about 5 min to give; monitor at least 120 min",
			},
		},
		{
			name: "esketamine 28 mg",
			edit: func(r *DoseRequest) { *r = DoseRequest{Route: clinic.RouteEsketamine, FixedMg: 28} },
			mg:   28, drawn: 28, devices: 1,
			steps: []string{
				"28 mg ÷ 28 mg per device = 1 device",
				"1 device, 5 min rest between devices → about 0 min to give; monitor at least 120 min",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := iv()
			tt.edit(&r)
			got, err := CalculateDose(r)
			if err != nil {
				t.Fatal(err)
			}
			want := DoseResult{DoseMg: tt.mg, MgPerKg: tt.mgkg, VolumeML: tt.ml, DrawnMg: tt.drawn,
				TotalML: tt.total, RateMLPerHour: tt.rate, Devices: tt.devices}
			want.Steps, want.Notes = got.Steps, got.Notes
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
			if !slices.Equal(got.Steps, tt.steps) {
				t.Errorf("steps:\n got  %q\n want %q", got.Steps, tt.steps)
			}
			if !slices.Equal(got.Notes, tt.notes) {
				t.Errorf("notes = %q, want %q", got.Notes, tt.notes)
			}
		})
	}
}

func TestCalculateDoseInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(*DoseRequest)
		want string
	}{
		{"weight below 20 kg", func(r *DoseRequest) { r.WeightKg = 19.9 }, "weight must be between 20 and 300 kg (got 19.9)"},
		{"weight above 300 kg", func(r *DoseRequest) { r.WeightKg = 300.5 }, "weight must be between 20 and 300 kg (got 300.5)"},
		{"weight missing", func(r *DoseRequest) { r.WeightKg = 0 }, "(got 0)"},
		{"weight in range at 20 kg is fine but ceiling missing", func(r *DoseRequest) { r.WeightKg, r.CeilingMgPerKg = 20, 0 }, "ceiling is required"},
		{"dose above ceiling", func(r *DoseRequest) { r.MgPerKg, r.CeilingMgPerKg = 0.8, 0.75 }, "0.8 mg/kg is above the clinic ceiling of 0.75 mg/kg"},
		{"unknown concentration", func(r *DoseRequest) { r.ConcentrationMgPerML = 25 }, "concentration 25 mg/mL is not stocked"},
		{"100 mg/mL undiluted IV", func(r *DoseRequest) { r.ConcentrationMgPerML, r.DiluentML = 100, 0 }, "must be diluted before IV use"},
		{"IV without concentration", func(r *DoseRequest) { r.ConcentrationMgPerML = 0 }, "vial concentration is required for iv"},
		{"IM without concentration", func(r *DoseRequest) {
			r.Route, r.ConcentrationMgPerML, r.DiluentML, r.Minutes = clinic.RouteIM, 0, 0, 0
		}, "vial concentration is required for im"},
		{"IV without minutes", func(r *DoseRequest) { r.Minutes = 0 }, "infusion minutes are required"},
		{"negative diluent", func(r *DoseRequest) { r.DiluentML = -1 }, "diluent volume must not be negative"},
		{"diluent on IM", func(r *DoseRequest) { r.Route = clinic.RouteIM }, "IV doses only"},
		{"both dose kinds", func(r *DoseRequest) { r.FixedMg = 40 }, "not both"},
		{"no dose", func(r *DoseRequest) { r.MgPerKg = 0 }, "dose is required"},
		{"bad route", func(r *DoseRequest) { r.Route = "nasal" }, `route "nasal"`},
		{"negative mg increment", func(r *DoseRequest) { r.RoundMg = -0.1 }, "mg rounding increment must be positive"},
		{"negative volume step", func(r *DoseRequest) { r.VolumeStepML = -0.1 }, "volume increment must be positive"},
		{"fixed dose above ceiling", func(r *DoseRequest) {
			*r = DoseRequest{Route: clinic.RouteSublingual, FixedMg: 20, CeilingMg: 10}
		}, "20 mg is above the clinic ceiling of 10 mg"},
		{"fixed dose rounds to zero", func(r *DoseRequest) { *r = DoseRequest{Route: clinic.RouteOral, FixedMg: 2, RoundMg: 5} }, "rounds to 0 mg"},
		{"fixed dose below a measurable 0.1 mg", func(r *DoseRequest) { *r = DoseRequest{Route: clinic.RouteOral, FixedMg: 0.01} }, "dose in mg must be between 0.1 and 2000 mg"},
		{"too small to measure", func(r *DoseRequest) {
			*r = DoseRequest{Route: clinic.RouteSublingual, FixedMg: 0.4, ConcentrationMgPerML: 100, VolumeStepML: 0.01}
		}, "too small to measure"},
		{"fixed dose with implausible weight", func(r *DoseRequest) { *r = DoseRequest{Route: clinic.RouteOral, FixedMg: 50, WeightKg: 5} }, "(got 5)"},
		{"esketamine not a multiple of 28", func(r *DoseRequest) { *r = DoseRequest{Route: clinic.RouteEsketamine, FixedMg: 50} }, "not a multiple of 28 mg"},
		{"esketamine above 84", func(r *DoseRequest) { *r = DoseRequest{Route: clinic.RouteEsketamine, FixedMg: 112} }, "outside 28–84 mg"},
		{"esketamine zero", func(r *DoseRequest) { *r = DoseRequest{Route: clinic.RouteEsketamine} }, "outside 28–84 mg"},
		{"esketamine mg/kg", func(r *DoseRequest) { *r = DoseRequest{Route: clinic.RouteEsketamine, MgPerKg: 0.8} }, "not mg/kg"},
		{"esketamine with vial", func(r *DoseRequest) {
			*r = DoseRequest{Route: clinic.RouteEsketamine, FixedMg: 56, ConcentrationMgPerML: 10}
		}, "28 mg devices"},
		{"esketamine above clinic ceiling", func(r *DoseRequest) {
			*r = DoseRequest{Route: clinic.RouteEsketamine, FixedMg: 84, CeilingMg: 56}
		}, "84 mg is above the clinic ceiling of 56 mg"},
		{"esketamine implausible weight", func(r *DoseRequest) {
			*r = DoseRequest{Route: clinic.RouteEsketamine, FixedMg: 56, WeightKg: 400}
		}, "(got 400)"},
		// Numbers that are no quantity: refused with the field named, never a +Inf mL/h pump rate.
		{"infinite bag", func(r *DoseRequest) { r.DiluentML = math.Inf(1) }, "bag volume must be between 0 and 1000 mL (got +Inf)"},
		{"NaN bag", func(r *DoseRequest) { r.DiluentML = math.NaN() }, "bag volume must be between 0 and 1000 mL (got NaN)"},
		{"negative-zero bag", func(r *DoseRequest) { r.DiluentML = math.Copysign(0, -1) }, "(got -0)"},
		{"a 5 L bag", func(r *DoseRequest) { r.DiluentML = 5000 }, "bag volume must be between 0 and 1000 mL"},
		{"a pump rate no pump runs", func(r *DoseRequest) { r.Minutes = 1 }, "The pump rate for (4.1 + 100) mL over 1 min must be between 0.1 and 1200 mL/h (got 6246)"},
		{"NaN weight", func(r *DoseRequest) { r.WeightKg = math.NaN() }, "weight must be between 20 and 300 kg (got NaN)"},
		{"ceiling 1e308", func(r *DoseRequest) { r.MgPerKg, r.CeilingMgPerKg = 1e300, 1e308 }, "dose in mg/kg must be between 0.01 and 13 mg/kg"},
		{"NaN minutes", func(r *DoseRequest) { r.Minutes = math.NaN() }, "infusion minutes must be between 1 and 240"},
		{"NaN rounding", func(r *DoseRequest) { r.RoundMg = math.NaN() }, "mg rounding increment must be between"},
		{"infinite concentration", func(r *DoseRequest) { r.ConcentrationMgPerML = math.Inf(1) }, "vial concentration must be between 0.1 and 100 mg/mL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := iv()
			tt.edit(&r)
			_, err := CalculateDose(r)
			if clinic.ErrorCode(err) != clinic.Invalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			if msg := clinic.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q lacks %q", msg, tt.want)
			}
		})
	}
}

func TestEsketamineDevices(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mg   float64
		want int
		ok   bool
	}{
		{28, 1, true}, {56, 2, true}, {84, 3, true},
		{0, 0, false}, {14, 0, false}, {27.9, 0, false}, {42, 0, false}, {84.1, 0, false}, {112, 0, false},
	}
	for _, tt := range tests {
		got, err := EsketamineDevices(tt.mg)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("EsketamineDevices(%v) = %d, %v; want %d, ok=%v", tt.mg, got, err, tt.want, tt.ok)
		}
	}
}

func TestRounding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		x, step, want float64
	}{
		{41.185, 0.1, 41.2},
		{41.15, 0.1, 41.2}, // half rounds away from zero despite binary noise
		{4.125, 0.01, 4.13},
		{4.124, 0.01, 4.12},
		{156.15, 0.1, 156.2},
		{41.185, 0.5, 41},
		{41.25, 0.5, 41.5},
		{0.824, 0.01, 0.82},
		{37.5, 5, 40},
	}
	for _, tt := range tests {
		if got := roundTo(tt.x, tt.step); got != tt.want {
			t.Errorf("roundTo(%v, %v) = %v, want %v", tt.x, tt.step, got, tt.want)
		}
	}
	if v, down := roundNotAbove(82.37, 0.1, 82.37); v != 82.3 || !down {
		t.Errorf("roundNotAbove = %v, %v; want 82.3, true", v, down)
	}
	if v, down := roundNotAbove(82.34, 0.1, 82.37); v != 82.3 || down {
		t.Errorf("roundNotAbove = %v, %v; want 82.3, false", v, down)
	}
	for x, want := range map[float64]string{41.2: "41.2", 0.75: "0.75", 100: "100", 156.18000000001: "156.18", 41.185: "41.185"} {
		if got := num(x); got != want {
			t.Errorf("num(%v) = %q, want %q", x, got, want)
		}
	}
}
