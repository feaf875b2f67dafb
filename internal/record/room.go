package record

import (
	"strconv"
	"strings"
	"time"
)

// Kinds of room problems.
const (
	RoomHold        = "hold"                // a dose held for blood pressure, waiting for a clinician
	RoomVitalsAlert = "vitals-alert"        // a reading beyond the clinic's alert limits, not yet acknowledged
	RoomExclusion   = "screening-exclusion" // an intake whose screening excludes treatment, not overridden
)

// RoomProblem is one problem a clinician must see.
type RoomProblem struct {
	Kind        string
	ClinicID    int64
	PatientID   int64
	PatientName string
	SessionID   int64 // 0 for an exclusion
	Message     string
	At          time.Time
}

// Link is where a clinician acts on the problem.
func (p RoomProblem) Link() string {
	if p.SessionID > 0 {
		return "/treatment/" + strconv.FormatInt(p.SessionID, 10)
	}
	return "/patients/" + strconv.FormatInt(p.PatientID, 10) + "/intake#screening"
}

// HoldMessage says why a dose is held, for the room.
func HoldMessage(reason string) string { return "Dose held until a clinician decides: " + reason }

// ExclusionMessage names an intake's exclusions for the room.
func ExclusionMessage(in Intake) string {
	var ms []string
	for _, f := range in.Excludes() {
		ms = append(ms, f.Message)
	}
	return "Screening excludes treatment: " + strings.Join(ms, "; ")
}
