package pk

import (
	"math"

	"onset/internal/clinic"
)

// Esketamine devices: each delivers 28 mg (2 sprays) and patients rest 5
// minutes between devices (Spravato label; clinical-reference §1.4).
const (
	EsketamineDeviceMg  = 28
	EsketamineDeviceGap = 5 // min between devices
	// The label's doses are 28, 56 and 84 mg: at most 3 devices a session.
	MaxEsketamineDevices = 3
)

// Dose is one administration.
type Dose struct {
	Route       Route
	Mg          float64 // amount given (not the amount absorbed); for esketamine Devices×28
	StartMin    float64 // when it starts, minutes after time 0
	DurationMin float64 // IV only: infusion length; 0 is a bolus
	Devices     int     // esketamine only: number of 28 mg devices, 5 min apart
}

// normalize checks d and fills in Mg or Devices for esketamine.
func (d Dose) normalize() (Dose, error) {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	route, err := ParseRoute(string(d.Route))
	if err != nil {
		return d, err
	}
	d.Route = route // "IV" and "iv" are the same route
	if !finite(d.StartMin) || d.StartMin < 0 {
		return d, clinic.Errorf(clinic.Invalid, "dose start must be at or after time 0, got %g min", d.StartMin)
	}
	if !finite(d.DurationMin) || d.DurationMin < 0 {
		return d, clinic.Errorf(clinic.Invalid, "infusion length must be 0 (bolus) or positive, got %g min", d.DurationMin)
	}
	if d.DurationMin > 0 && d.Route != IV {
		return d, clinic.Errorf(clinic.Invalid, "an infusion length applies only to IV doses, not %s", d.Route)
	}
	if d.Devices != 0 && d.Route != EsketamineSpray {
		return d, clinic.Errorf(clinic.Invalid, "devices apply only to esketamine, not %s", d.Route)
	}
	if d.Route == EsketamineSpray {
		return d.normalizeDevices()
	}
	if !finite(d.Mg) || d.Mg <= 0 {
		return d, clinic.Errorf(clinic.Invalid, "dose must be a positive number of mg, got %g", d.Mg)
	}
	if err := clinic.DoseMg.Check("dose", d.Mg); err != nil {
		return d, err
	}
	if err := clinic.InfusionMin.CheckOptional("infusion length", d.DurationMin); err != nil {
		return d, err
	}
	return d, nil
}

func (d Dose) normalizeDevices() (Dose, error) {
	if d.Devices == 0 {
		n := d.Mg / EsketamineDeviceMg
		if math.IsNaN(n) || n < 1 || n != math.Trunc(n) {
			return d, clinic.Errorf(clinic.Invalid, "esketamine comes in 28 mg devices (56 mg = 2, 84 mg = 3); %g mg is not a positive multiple of 28", d.Mg)
		}
		d.Devices = int(min(n, MaxEsketamineDevices+1))
	}
	if d.Devices < 1 || d.Devices > MaxEsketamineDevices {
		return d, clinic.Errorf(clinic.Invalid, "esketamine doses are 1 to %d devices of 28 mg (28, 56 or 84 mg), got %g mg", MaxEsketamineDevices, math.Max(d.Mg, float64(d.Devices)*EsketamineDeviceMg))
	}
	want := float64(d.Devices * EsketamineDeviceMg)
	if d.Mg == 0 {
		d.Mg = want
	}
	if d.Mg != want {
		return d, clinic.Errorf(clinic.Invalid, "%d esketamine devices deliver %g mg, not %g mg", d.Devices, want, d.Mg)
	}
	return d, nil
}

// Input is one input into the model (bolus, infusion or first-order
// absorption), after an esketamine dose is split into its devices.
type Input struct {
	Route       Route
	Mg          float64 // amount given; F·Mg reaches the circulation
	StartMin    float64
	DurationMin float64 // IV infusion length, 0 otherwise
	Absorption  Absorption
}

// inputs splits a normalized dose into what the model receives.
func (d Dose) inputs(abs Absorption) []Input {
	if d.Route != EsketamineSpray {
		return []Input{{Route: d.Route, Mg: d.Mg, StartMin: d.StartMin, DurationMin: d.DurationMin, Absorption: abs}}
	}
	in := make([]Input, d.Devices)
	for i := range in {
		in[i] = Input{Route: d.Route, Mg: EsketamineDeviceMg, StartMin: d.StartMin + float64(i*EsketamineDeviceGap), Absorption: abs}
	}
	return in
}
