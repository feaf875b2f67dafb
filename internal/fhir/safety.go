package fhir

import (
	"strconv"

	"onset/internal/record"
)

// AdverseEvent is a FHIR R4 AdverseEvent: a side effect or adverse event
// noted in a session, a vital-sign alert, or a questionnaire's safety alert.
type AdverseEvent struct {
	ResourceType  string            `json:"resourceType"`
	ID            string            `json:"id,omitempty"`
	Meta          *Meta             `json:"meta,omitempty"`
	Actuality     string            `json:"actuality,omitempty"`
	Category      []CodeableConcept `json:"category,omitempty"`
	Event         *CodeableConcept  `json:"event,omitempty"`
	Subject       *Reference        `json:"subject,omitempty"`
	Encounter     *Reference        `json:"encounter,omitempty"`
	Date          string            `json:"date,omitempty"`
	RecordedDate  string            `json:"recordedDate,omitempty"`
	Severity      *CodeableConcept  `json:"severity,omitempty"`
	Outcome       *CodeableConcept  `json:"outcome,omitempty"`
	Recorder      *Reference        `json:"recorder,omitempty"`
	SuspectEntity []SuspectEntity   `json:"suspectEntity,omitempty"`
}

// SuspectEntity is what may have caused the event: the dose.
type SuspectEntity struct {
	Instance *Reference `json:"instance,omitempty"`
}

func (AdverseEvent) Type() string { return "AdverseEvent" }

// aeSeverity maps Onset's grades to R4's adverse-event-severity; Onset's
// "life-threatening" has no code there and goes as text.
var aeSeverity = map[string]string{"mild": "Mild", "moderate": "Moderate", "severe": "Severe"}

// aeOutcome maps Onset's outcomes to R4's adverse-event-outcome; Onset's
// "transferred for emergency care" is no outcome there and goes as text.
var aeOutcome = map[string][2]string{
	"resolved": {"resolved", "Resolved"}, "resolving": {"recovering", "Recovering"}, "ongoing": {"ongoing", "Ongoing"},
}

// SideEffectEvent maps a side effect or adverse event noted in a session
// of patientID's; doseID names the session's dose as the suspect (0 when
// none was given). R4's AdverseEvent has no note, so a note goes with the
// event's text. Onset keeps no time of recording apart from when the
// effect was noted, so there is no meta.
func SideEffectEvent(e record.SideEffect, patientID, doseID int64) AdverseEvent {
	ae := AdverseEvent{ResourceType: "AdverseEvent", ID: "side-effect-" + strconv.FormatInt(e.ID, 10), Actuality: "actual",
		Event: textOnly(e.Effect), Subject: ref("Patient", patientID), Encounter: ref("Encounter", e.SessionID),
		Date: Instant(e.NotedAt), Recorder: refTo("Practitioner", e.RecordedBy, e.RecordedByName)}
	if e.Note != "" {
		ae.Event.Text = e.Effect + " (" + e.Note + ")"
	}
	if e.Kind == "adverse-event" {
		ae.Category = []CodeableConcept{{Text: "Adverse event"}}
	} else {
		ae.Category = []CodeableConcept{{Text: "Side effect"}}
	}
	if d := aeSeverity[e.Grade]; d != "" {
		ae.Severity = concept(SystemAESeverity, e.Grade, d, d)
	} else if e.Grade != "" {
		ae.Severity = textOnly(e.Grade)
	}
	if o, ok := aeOutcome[e.Outcome]; ok {
		ae.Outcome = concept(SystemAEOutcome, o[0], o[1], e.Outcome)
	} else if e.Outcome != "" {
		ae.Outcome = textOnly(e.Outcome)
	}
	if doseID != 0 {
		ae.SuspectEntity = []SuspectEntity{{Instance: ref("MedicationAdministration", doseID)}}
	}
	return ae
}

// VitalsAlertEvent maps a reading of patientID's that crossed the clinic's
// alert limits: an actual event in the session. meta.lastUpdated is its
// acknowledgement, else when it was raised.
func VitalsAlertEvent(a record.VitalsAlert, patientID int64) AdverseEvent {
	return AdverseEvent{ResourceType: "AdverseEvent", ID: "vitals-alert-" + strconv.FormatInt(a.ID, 10),
		Meta: metaAt(latest(a.CreatedAt, a.AckAt)), Actuality: "actual",
		Category: []CodeableConcept{{Text: "Vital-sign alert (" + string(a.Kind) + ")"}}, Event: textOnly(a.Message),
		Subject: ref("Patient", patientID), Encounter: ref("Encounter", a.SessionID), Date: Instant(a.CreatedAt),
		RecordedDate: Instant(a.CreatedAt)}
}

// SafetyAlertEvent maps a questionnaire answer that raised a safety alert
// (a positive suicide item, a high C-SSRS risk), or a patient's message
// with self-harm wording: a risk, not an event that happened, so its
// actuality is potential. meta.lastUpdated is its acknowledgement, else
// when it was raised.
func SafetyAlertEvent(a record.SafetyAlert) AdverseEvent {
	source := "Questionnaire"
	if a.MessageID != 0 {
		source = "Secure message"
	}
	return AdverseEvent{ResourceType: "AdverseEvent", ID: "safety-alert-" + strconv.FormatInt(a.ID, 10),
		Meta: metaAt(latest(a.CreatedAt, a.AcknowledgedAt)), Actuality: "potential",
		Category: []CodeableConcept{{Text: source + " safety alert (" + a.Kind + ")"}}, Event: textOnly(a.Detail),
		Subject: ref("Patient", a.PatientID), Date: Instant(a.CreatedAt), RecordedDate: Instant(a.CreatedAt)}
}

func (ae AdverseEvent) check(c *checker) {
	c.resource("AdverseEvent", ae.ResourceType, ae.ID, ae.Meta)
	c.oneOf("AdverseEvent.actuality", ae.Actuality, true, "actual", "potential")
	c.concepts("AdverseEvent.category", ae.Category, false)
	c.concept("AdverseEvent.event", ae.Event, false)
	c.reference("AdverseEvent.subject", ae.Subject, true, "Patient")
	c.reference("AdverseEvent.encounter", ae.Encounter, false, "Encounter")
	c.dateTime("AdverseEvent.date", ae.Date, false)
	c.dateTime("AdverseEvent.recordedDate", ae.RecordedDate, false)
	c.concept("AdverseEvent.severity", ae.Severity, false)
	c.concept("AdverseEvent.outcome", ae.Outcome, false)
	c.reference("AdverseEvent.recorder", ae.Recorder, false, "Practitioner", "Patient")
	for i, s := range ae.SuspectEntity {
		c.reference(at("AdverseEvent.suspectEntity", i)+".instance", s.Instance, true)
	}
}
