package fhir

import (
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/record"
)

// CarePlan is a FHIR R4 CarePlan: one version of a treatment plan.
type CarePlan struct {
	ResourceType string             `json:"resourceType"`
	ID           string             `json:"id,omitempty"`
	Meta         *Meta              `json:"meta,omitempty"`
	Status       string             `json:"status,omitempty"`
	Intent       string             `json:"intent,omitempty"`
	Title        string             `json:"title,omitempty"`
	Description  string             `json:"description,omitempty"`
	Subject      *Reference         `json:"subject,omitempty"`
	Period       *Period            `json:"period,omitempty"`
	Created      string             `json:"created,omitempty"`
	Author       *Reference         `json:"author,omitempty"`
	Activity     []CarePlanActivity `json:"activity,omitempty"`
	Note         []Annotation       `json:"note,omitempty"`
}

// CarePlanActivity is one planned session.
type CarePlanActivity struct {
	Detail *CarePlanDetail `json:"detail,omitempty"`
}

// CarePlanDetail is a planned session's day and dose.
type CarePlanDetail struct {
	Code                   *CodeableConcept `json:"code,omitempty"`
	Status                 string           `json:"status,omitempty"`
	ScheduledString        string           `json:"scheduledString,omitempty"`
	Description            string           `json:"description,omitempty"`
	ProductCodeableConcept *CodeableConcept `json:"productCodeableConcept,omitempty"`
	DailyAmount            *Quantity        `json:"dailyAmount,omitempty"`
}

func (CarePlan) Type() string { return "CarePlan" }

// planStatus: a signed version is the plan in force (active); a version a
// later amendment replaced is revoked; a draft is a draft.
var planStatus = map[record.PlanStatus]string{
	record.PlanDraft: "draft", record.PlanSigned: "active", record.PlanSuperseded: "revoked",
}

// NewCarePlan maps one plan version, its planned sessions as activities.
// Whether a planned session was given is the Encounter's and the
// MedicationAdministration's to say, so each activity's status is unknown.
// A signed version never changes again, so its meta.lastUpdated is when it
// was signed; a draft changes and a version is superseded at times Onset
// does not keep, so those have none.
func NewCarePlan(p record.Plan) CarePlan {
	cp := CarePlan{ResourceType: "CarePlan", ID: idOf(p.ID), Status: planStatus[p.Status], Intent: "plan",
		Title: p.TemplateName, Subject: ref("Patient", p.PatientID), Created: Instant(p.CreatedAt),
		Author: refTo("Practitioner", p.CreatedBy, p.CreatedByName)}
	if cp.Status == "" {
		cp.Status = "unknown"
	}
	if p.Status == record.PlanSigned {
		cp.Meta = metaAt(p.SignedAt)
	}
	desc := []string{"Version " + strconv.Itoa(p.Version)}
	if r := routes[p.Route]; r != "" {
		desc = append(desc, strings.ToLower(r))
	}
	if p.WeightKg > 0 {
		desc = append(desc, "dosed for "+clinic.FormatNumber(p.WeightKg)+" kg")
	}
	if p.TemplateSource != "" {
		desc = append(desc, "protocol source: "+p.TemplateSource)
	}
	cp.Description = strings.Join(desc, "; ")
	if !p.StartDate.IsZero() {
		cp.Period = &Period{Start: Date(p.StartDate)}
	}
	if p.Reason != "" {
		cp.Note = []Annotation{{Text: p.Reason}}
	}
	product := drug(record.DrugRacemic)
	if p.Route == clinic.RouteEsketamine {
		product = drug(record.DrugEsketamine)
	}
	for _, s := range p.Sessions {
		d := &CarePlanDetail{Code: textOnly("Treatment session " + strconv.Itoa(s.Number)), Status: "unknown",
			ScheduledString: Date(s.Date), Description: plannedDose(s), ProductCodeableConcept: product}
		if s.DoseMg > 0 {
			d.DailyAmount = ucum(s.DoseMg, "mg", "mg")
		}
		cp.Activity = append(cp.Activity, CarePlanActivity{Detail: d})
	}
	return cp
}

// plannedDose says one planned session in words.
func plannedDose(s record.PlannedSession) string {
	parts := []string{}
	if s.Phase != "" {
		parts = append(parts, s.Phase)
	}
	dose := clinic.FormatNumber(s.DoseMg) + " mg"
	if s.MgPerKg > 0 {
		dose += " (" + clinic.FormatNumber(s.MgPerKg) + " mg/kg)"
	}
	parts = append(parts, dose)
	if r := routes[s.Route]; r != "" {
		parts = append(parts, strings.ToLower(r))
	}
	if s.Devices > 0 {
		parts = append(parts, strconv.Itoa(s.Devices)+" nasal devices")
	}
	if s.DurationMin > 0 {
		parts = append(parts, "over "+strconv.Itoa(s.DurationMin)+" min")
	}
	if s.MonitorMin > 0 {
		parts = append(parts, "monitored "+strconv.Itoa(s.MonitorMin)+" min")
	}
	return strings.Join(parts, ", ")
}

func (cp CarePlan) check(c *checker) {
	c.resource("CarePlan", cp.ResourceType, cp.ID, cp.Meta)
	c.oneOf("CarePlan.status", cp.Status, true, "draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown")
	c.oneOf("CarePlan.intent", cp.Intent, true, "proposal", "plan", "order", "option")
	c.reference("CarePlan.subject", cp.Subject, true, "Patient")
	c.period("CarePlan.period", cp.Period)
	c.dateTime("CarePlan.created", cp.Created, false)
	c.reference("CarePlan.author", cp.Author, false, "Practitioner")
	c.annotations("CarePlan.note", cp.Note)
	for i, a := range cp.Activity {
		p := at("CarePlan.activity", i)
		if a.Detail == nil {
			c.add(p, "needs a detail (cpl-3)")
			continue
		}
		c.oneOf(p+".detail.status", a.Detail.Status, true, "not-started", "scheduled", "in-progress", "on-hold",
			"completed", "cancelled", "stopped", "unknown", "entered-in-error")
		c.concept(p+".detail.code", a.Detail.Code, false)
		c.concept(p+".detail.productCodeableConcept", a.Detail.ProductCodeableConcept, false)
		c.quantity(p+".detail.dailyAmount", a.Detail.DailyAmount, false)
	}
}

// Encounter is a FHIR R4 Encounter: one treatment session.
type Encounter struct {
	ResourceType    string                 `json:"resourceType"`
	ID              string                 `json:"id,omitempty"`
	Meta            *Meta                  `json:"meta,omitempty"`
	Status          string                 `json:"status,omitempty"`
	Class           *Coding                `json:"class,omitempty"`
	Kind            []CodeableConcept      `json:"type,omitempty"` // Encounter.type
	Subject         *Reference             `json:"subject,omitempty"`
	Participant     []EncounterParticipant `json:"participant,omitempty"`
	Appointment     []Reference            `json:"appointment,omitempty"`
	Period          *Period                `json:"period,omitempty"`
	ServiceProvider *Reference             `json:"serviceProvider,omitempty"`
}

// EncounterParticipant is a staff member who took part.
type EncounterParticipant struct {
	Type       []CodeableConcept `json:"type,omitempty"`
	Individual *Reference        `json:"individual,omitempty"`
}

func (Encounter) Type() string { return "Encounter" }

// encounterStatus: checked in (ready, or held for blood pressure) is
// arrived; dosed and monitoring is in-progress; discharged is finished.
var encounterStatus = map[record.SessionStatus]string{
	record.SessionReady: "arrived", record.SessionHeld: "arrived", record.SessionDosed: "in-progress",
	record.SessionDischarged: "finished", record.SessionCancelled: "cancelled",
}

// NewEncounter maps a treatment session: ambulatory (v3-ActCode AMB), from
// check-in to discharge, with the staff who checked in, dosed, discharged
// and signed it. meta.lastUpdated is the latest time the record holds
// (check-in, hold decision, dose, vitals, side effects, discharge,
// sign-off, addenda).
func NewEncounter(r record.SessionRecord) Encounter {
	s := r.Session
	e := Encounter{ResourceType: "Encounter", ID: idOf(s.ID), Status: encounterStatus[s.Status],
		Class:   &Coding{System: SystemActCode, Code: "AMB", Display: "ambulatory"},
		Kind:    []CodeableConcept{*textOnly(sessionType(s))},
		Subject: ref("Patient", s.PatientID), ServiceProvider: ref("Organization", s.ClinicID)}
	if e.Status == "" {
		e.Status = "unknown"
	}
	if s.AppointmentID != 0 {
		e.Appointment = []Reference{*ref("Appointment", s.AppointmentID)}
	}
	if !s.CheckedInAt.IsZero() {
		e.Period = &Period{Start: Instant(s.CheckedInAt), End: Instant(s.DischargedAt)}
	}
	add := func(id int64, name, role string) {
		if id == 0 {
			return
		}
		e.Participant = append(e.Participant, EncounterParticipant{Type: []CodeableConcept{*textOnly(role)},
			Individual: refTo("Practitioner", id, name)})
	}
	add(s.CheckedInBy, s.CheckedInByName, "checked in")
	if r.Dose != nil {
		add(r.Dose.AdministeredBy, r.Dose.AdministeredByName, "gave the dose")
	}
	add(s.DischargedBy, s.DischargedByName, "discharged")
	add(s.SignedBy, s.SignedByName, "signed")
	last := latest(s.CheckedInAt, s.HoldDecidedAt, s.DischargedAt, s.SignedAt)
	if r.Dose != nil {
		last = latest(last, r.Dose.CreatedAt)
	}
	for _, v := range r.Vitals {
		last = latest(last, v.CreatedAt)
	}
	for _, a := range r.Alerts {
		last = latest(last, a.CreatedAt, a.AckAt)
	}
	for _, x := range r.SideEffects {
		last = latest(last, x.NotedAt)
	}
	for _, a := range r.Addenda {
		last = latest(last, a.CreatedAt)
	}
	if r.REMS != nil {
		last = latest(last, r.REMS.UpdatedAt, r.REMS.SignedAt)
	}
	e.Meta = metaAt(last)
	return e
}

func sessionType(s record.TreatmentSession) string {
	if s.Drug == record.DrugEsketamine {
		return "Esketamine treatment session"
	}
	if r := routes[s.Route]; r != "" {
		return "Ketamine treatment session (" + strings.ToLower(r) + ")"
	}
	return "Ketamine treatment session"
}

func (e Encounter) check(c *checker) {
	c.resource("Encounter", e.ResourceType, e.ID, e.Meta)
	c.oneOf("Encounter.status", e.Status, true, "planned", "arrived", "triaged", "in-progress", "onleave", "finished",
		"cancelled", "entered-in-error", "unknown")
	if e.Class == nil {
		c.add("Encounter.class", "is required")
	} else {
		c.coding("Encounter.class", *e.Class)
	}
	c.concepts("Encounter.type", e.Kind, false)
	c.reference("Encounter.subject", e.Subject, true, "Patient")
	for i, p := range e.Participant {
		c.concepts(at("Encounter.participant", i)+".type", p.Type, false)
		c.reference(at("Encounter.participant", i)+".individual", p.Individual, false, "Practitioner")
	}
	for i := range e.Appointment {
		c.reference(at("Encounter.appointment", i), &e.Appointment[i], false, "Appointment")
	}
	c.period("Encounter.period", e.Period)
	c.reference("Encounter.serviceProvider", e.ServiceProvider, false, "Organization")
}
