package protocol

// Action is what a titration or spacing decision does.
type Action string

const (
	Start    Action = "start"     // first dose or first interval
	Hold     Action = "hold"      // keep the current dose or interval
	StepUp   Action = "step-up"   // raise the dose
	StepDown Action = "step-down" // lower the dose
	Widen    Action = "widen"     // lengthen the interval
	Narrow   Action = "narrow"    // shorten the interval
)
