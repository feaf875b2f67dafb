package protocol

import (
	"fmt"
	"math"

	"onset/internal/clinic"
)

// Esketamine (Spravato) label constants (§1.4).
const (
	EsketamineDeviceMg     = 28 // each device delivers 28 mg (2 sprays); doses change in 28 mg steps
	EsketamineMinMg        = 28
	EsketamineMaxMg        = 84 // the 84 mg kit has 3 devices
	EsketamineRestMin      = 5  // patients rest 5 min between devices (label; MIMS)
	EsketamineMonitorMin   = 120
	EsketamineOlderAge     = 65 // from this age the day-1 dose is 28 mg
	esketamineFirstDoseMg  = 56
	esketamineOlderFirstMg = 28
)

// EsketamineDevices returns how many 28 mg devices give doseMg, or a
// clinic.Invalid error unless doseMg is a multiple of 28 from 28 to 84.
func EsketamineDevices(doseMg float64) (int, error) {
	if doseMg < EsketamineMinMg || doseMg > EsketamineMaxMg {
		return 0, clinic.Errorf(clinic.Invalid, "esketamine dose %s mg is outside %d–%d mg", num(doseMg), EsketamineMinMg, EsketamineMaxMg)
	}
	n := doseMg / EsketamineDeviceMg
	if n != math.Trunc(n) {
		return 0, clinic.Errorf(clinic.Invalid, "esketamine dose %s mg is not a multiple of %d mg (one device)", num(doseMg), EsketamineDeviceMg)
	}
	return int(n), nil
}

// esketamineMinutes is the time to give all devices: the rests between
// them [derived from the label's 5 min rest].
func esketamineMinutes(devices int) int { return (devices - 1) * EsketamineRestMin }

func esketamineSteps(doseMg float64, devices int) []string {
	return []string{
		fmt.Sprintf("%s mg ÷ %d mg per device = %d device%s", num(doseMg), EsketamineDeviceMg, devices, plural(devices)),
		fmt.Sprintf("%d device%s, %d min rest between devices → about %d min to give; monitor at least %d min",
			devices, plural(devices), EsketamineRestMin, esketamineMinutes(devices), EsketamineMonitorMin),
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
