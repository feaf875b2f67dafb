package clinic

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quantity is a kind of number that enters Onset — a dose, a weight, a
// pump rate — with the range inside which a value is plausible. Each
// quantity's range is defined once, here, and every place that takes such
// a number in (a form, the API, a protocol template, an import, a flag)
// checks it with Check. The ranges are data-entry limits: they catch a
// typing slip (an extra digit, kg for lb) and values no clinic could mean,
// and decide nothing clinical; rules such as a plan's ceiling or the
// vitals alert limits are checked afterwards by their own packages.
type Quantity struct {
	Name     string  // what it is, for documentation and the default message
	Unit     string  // "kg", "mg/kg", "mL/h"
	Min, Max float64 // inclusive
}

// Check refuses x unless it is a finite number from Min to Max (negative
// zero is refused too: it is no quantity anyone types on purpose). field
// is what the person sees — a form label ("the weight in kg") or a JSON
// key ("phases[0].dose.mg_per_kg") — and the message names it.
func (q Quantity) Check(field string, x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) || (x == 0 && math.Signbit(x)) || x < q.Min || x > q.Max {
		if field == "" {
			field = "the " + q.Name
		}
		return Errorf(Invalid, "%s must be between %s and %s %s (got %s).", sentence(field), FormatNumber(q.Min),
			FormatNumber(q.Max), q.Unit, FormatNumber(x))
	}
	return nil
}

// CheckOptional is Check for a field where 0 means "not given".
func (q Quantity) CheckOptional(field string, x float64) error {
	if x == 0 && !math.Signbit(x) {
		return nil
	}
	return q.Check(field, x)
}

// Entered is one number a person entered, with its quantity and the name
// a message gives it.
type Entered struct {
	Field string
	Q     Quantity
	X     float64
}

// CheckEntered checks each number with CheckOptional (0 is "not
// entered") and returns the first refusal.
func CheckEntered(es ...Entered) error {
	for _, e := range es {
		if err := e.Q.CheckOptional(e.Field, e.X); err != nil {
			return err
		}
	}
	return nil
}

// CheckInt is Check for a whole number.
func (q Quantity) CheckInt(field string, n int) error {
	if n < math.MinInt32 || n > math.MaxInt32 { // beyond any range; float64 would still hold it exactly
		return q.Check(field, math.Inf(1))
	}
	return q.Check(field, float64(n))
}

// FormatNumber writes x for a message: up to 6 decimals without trailing
// zeros, exponent notation for huge or tiny values.
func FormatNumber(x float64) string {
	switch {
	case x == 0 && math.Signbit(x):
		return "-0"
	case math.IsNaN(x) || math.IsInf(x, 0):
		return strconv.FormatFloat(x, 'g', -1, 64)
	case x != 0 && (math.Abs(x) >= 1e9 || math.Abs(x) < 1e-6):
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	return strconv.FormatFloat(math.Round(x*1e6)/1e6, 'f', -1, 64)
}

// sentence starts a message with field: capitalized when it is words, as
// written when it is a key such as "weight_kg" or "phases[0].dose".
func sentence(field string) string {
	if !strings.Contains(field, " ") {
		return field
	}
	r, n := utf8.DecodeRuneInString(field)
	return string(unicode.ToUpper(r)) + field[n:]
}

// The quantities. Where a bound comes from a published value the source
// is given (clinical-reference.md sections); the others are data-entry
// limits chosen for this software, as said beside each.
var (
	// WeightKg: data-entry limit, catching kg/lb mix-ups and dropped
	// digits; the adults of the dosing and pharmacokinetic studies
	// (clinical-reference §1, §3) weigh well inside it.
	WeightKg = Quantity{"weight", "kg", 20, 300}
	// HeightCm: data-entry limit for adults.
	HeightCm = Quantity{"height", "cm", 100, 250}
	// AgeYears: data-entry limit.
	AgeYears = Quantity{"age", "years", 0, 130}

	// DoseMg is one dose of ketamine or esketamine: from the clinic's
	// smallest measuring step (0.1 mg) to 2000 mg, the Ketalar label's
	// largest dose (13 mg/kg IM for anaesthesia, §1.1) for a 150 kg adult.
	DoseMg = Quantity{"dose", "mg", 0.1, 2000}
	// MgPerKg is a weight-based dose or ceiling, up to the Ketalar label's
	// largest (13 mg/kg IM for anaesthesia, §1.1); antidepressant doses are
	// 0.1–1 mg/kg IV and up to 7 mg/kg by mouth (§1.1, §1.6).
	MgPerKg = Quantity{"dose", "mg/kg", 0.01, 13}
	// ConcentrationMgPerML: ketamine vials are at most 100 mg/mL (Ketalar
	// label, §1.1); a diluted syringe may hold 0.1 mg/mL.
	ConcentrationMgPerML = Quantity{"concentration", "mg/mL", 0.1, 100}
	// VolumeML is drug drawn into a syringe: from a 1 mL syringe's 0.01 mL
	// graduation to a 1000 mL bag (data-entry limit).
	VolumeML = Quantity{"volume", "mL", 0.01, 1000}
	// DiluentML is an infusion bag's volume, 0 for undiluted drug; 1000 mL
	// is the largest bag in common use (data-entry limit).
	DiluentML = Quantity{"bag volume", "mL", 0, 1000}
	// RateMLPerHour is an infusion pump's rate, from its 0.1 mL/h step to
	// 1200 mL/h, about the top rate of large-volume pumps (data-entry limit).
	RateMLPerHour = Quantity{"pump rate", "mL/h", 0.1, 1200}
	// InfusionMin is how long a dose is given over: studied ketamine
	// infusions ran 2–100 minutes (Andrade 2017, §1.1); up to 4 hours is
	// accepted (data-entry limit).
	InfusionMin = Quantity{"infusion time", "minutes", 1, 240}
	// Devices are esketamine nasal devices in one dose: 1–3 (28–84 mg,
	// Spravato label, §1.4).
	Devices = Quantity{"number of devices", "devices", 1, 3}
	// MonitorMin is observation after a dose: up to a day (data-entry limit).
	MonitorMin = Quantity{"monitoring time", "minutes", 0, 1440}

	// Protocol spacing (data-entry limits): sessions in one phase of a
	// plan, days between sessions and over a phase, hours between doses.
	PhaseSessions = Quantity{"number of sessions", "sessions", 1, 100}
	IntervalDays  = Quantity{"interval", "days", 0, 365}
	SpanDays      = Quantity{"span", "days", 0, 3650}
	HoursApart    = Quantity{"hours between sessions", "hours", 0, 720}
	SessionsPer   = Quantity{"sessions per week", "sessions", 0, 7}
	Percent       = Quantity{"percentage", "%", 0, 100}
	// Days after a first treatment that an outcome is read at (data-entry
	// limit: ten years).
	Days = Quantity{"time", "days", 0, 3650}

	// Vital signs. Data-entry limits chosen for this software, not clinical
	// thresholds: every value inside is possible in a living adult, and the
	// session's alert limits decide what is dangerous.
	Systolic  = Quantity{"systolic blood pressure", "mmHg", 50, 260}
	Diastolic = Quantity{"diastolic blood pressure", "mmHg", 20, 160}
	HeartRate = Quantity{"heart rate", "/min", 20, 250}
	SpO2      = Quantity{"SpO2", "%", 50, 100}
	RespRate  = Quantity{"respiratory rate", "/min", 4, 60}
	// MOAAS is the MOAA/S sedation score, 0–5 by its definition.
	MOAAS = Quantity{"MOAA/S sedation score", "", 0, 5}

	// Controlled-substance stock, per ledger entry (data-entry limits): a
	// container holds a few grams at most (a 50 mL vial of 100 mg/mL holds
	// 5000 mg); 100 g, 1000 mL and 1000 devices cover any one entry.
	StockMg    = Quantity{"amount", "mg", 0, 100000}
	StockML    = Quantity{"volume", "mL", 0, 1000}
	StockUnits = Quantity{"number of devices", "devices", 0, 1000}
)
