package fhir

import (
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/record"
)

// Medication is a FHIR R4 Medication: the product one dose was drawn
// from, with its batch.
type Medication struct {
	ResourceType string                 `json:"resourceType"`
	ID           string                 `json:"id,omitempty"`
	Meta         *Meta                  `json:"meta,omitempty"`
	Code         *CodeableConcept       `json:"code,omitempty"`
	Form         *CodeableConcept       `json:"form,omitempty"`
	Ingredient   []MedicationIngredient `json:"ingredient,omitempty"`
	Batch        *MedicationBatch       `json:"batch,omitempty"`
}

// MedicationIngredient is the active ingredient and its strength.
type MedicationIngredient struct {
	ItemCodeableConcept *CodeableConcept `json:"itemCodeableConcept,omitempty"`
	IsActive            *bool            `json:"isActive,omitempty"`
	Strength            *Ratio           `json:"strength,omitempty"`
}

// MedicationBatch is the lot a dose came from.
type MedicationBatch struct {
	LotNumber      string `json:"lotNumber,omitempty"`
	ExpirationDate string `json:"expirationDate,omitempty"` // dateTime
}

func (Medication) Type() string { return "Medication" }

// drug is the code of what a dose gives. Esketamine is only the nasal
// spray, RxNorm 2201623 (codes.go); racemic ketamine has no verified
// RxNorm code and goes as text.
func drug(name string) *CodeableConcept {
	if name == record.DrugEsketamine {
		return concept(SystemRxNorm, rxnormEsketamineNasalSpray, "", "Esketamine nasal spray")
	}
	return textOnly("Ketamine hydrochloride (racemic)")
}

// routes are the words for Onset's routes; no SNOMED route code was
// verified, so they go as text.
var routes = map[clinic.Route]string{
	clinic.RouteIV: "Intravenous", clinic.RouteIM: "Intramuscular", clinic.RouteEsketamine: "Nasal",
	clinic.RouteSublingual: "Sublingual", clinic.RouteOral: "Oral",
}

// NewMedication maps the product of one dose, id dose-<dose id>: one
// Medication per dose, because the batch (lot and expiry) is the dose's.
// The form is stated only where the route fixes it: IV and IM doses are
// drawn from injection vials, esketamine is a nasal spray; a sublingual or
// oral preparation is not recorded. The strength is the concentration
// drawn from, when recorded.
func NewMedication(d record.Dose) Medication {
	m := Medication{ResourceType: "Medication", ID: "dose-" + strconv.FormatInt(d.ID, 10), Meta: metaAt(d.CreatedAt),
		Code: drug(d.Drug)}
	switch d.Route {
	case clinic.RouteIV, clinic.RouteIM:
		m.Form = textOnly("Solution for injection")
	case clinic.RouteEsketamine:
		m.Form = textOnly("Nasal spray")
	}
	if d.ConcentrationMgPerML > 0 {
		active := true
		m.Ingredient = []MedicationIngredient{{ItemCodeableConcept: textOnly("Ketamine hydrochloride"), IsActive: &active,
			Strength: &Ratio{Numerator: ucum(d.ConcentrationMgPerML, "mg", "mg"), Denominator: ucum(1, "mL", "mL")}}}
	}
	if d.LotNumber != "" || !d.LotExpiry.IsZero() {
		m.Batch = &MedicationBatch{LotNumber: d.LotNumber, ExpirationDate: Date(d.LotExpiry)}
	}
	return m
}

func (m Medication) check(c *checker) {
	c.resource("Medication", m.ResourceType, m.ID, m.Meta)
	c.concept("Medication.code", m.Code, true)
	c.concept("Medication.form", m.Form, false)
	for i, in := range m.Ingredient {
		p := at("Medication.ingredient", i)
		c.concept(p+".itemCodeableConcept", in.ItemCodeableConcept, true)
		if in.Strength != nil {
			c.quantity(p+".strength.numerator", in.Strength.Numerator, true)
			c.quantity(p+".strength.denominator", in.Strength.Denominator, true)
		}
	}
	if m.Batch != nil {
		c.dateTime("Medication.batch.expirationDate", m.Batch.ExpirationDate, false)
	}
}

// MedicationAdministration is a FHIR R4 MedicationAdministration: a dose
// given in a treatment session.
type MedicationAdministration struct {
	ResourceType        string           `json:"resourceType"`
	ID                  string           `json:"id,omitempty"`
	Meta                *Meta            `json:"meta,omitempty"`
	Status              string           `json:"status,omitempty"`
	MedicationReference *Reference       `json:"medicationReference,omitempty"`
	Subject             *Reference       `json:"subject,omitempty"`
	Context             *Reference       `json:"context,omitempty"`
	EffectiveDateTime   string           `json:"effectiveDateTime,omitempty"`
	EffectivePeriod     *Period          `json:"effectivePeriod,omitempty"`
	Performer           []AdminPerformer `json:"performer,omitempty"`
	Dosage              *AdminDosage     `json:"dosage,omitempty"`
}

// AdminPerformer is who gave the dose.
type AdminPerformer struct {
	Actor *Reference `json:"actor,omitempty"`
}

// AdminDosage is how much was given, how and how fast.
type AdminDosage struct {
	Text         string           `json:"text,omitempty"`
	Route        *CodeableConcept `json:"route,omitempty"`
	Dose         *Quantity        `json:"dose,omitempty"`
	RateQuantity *Quantity        `json:"rateQuantity,omitempty"`
}

func (MedicationAdministration) Type() string { return "MedicationAdministration" }

// NewMedicationAdministration maps the dose of session s (its patient and
// Encounter): the Medication dose-<id>, given over StartedAt–EndedAt by
// the clinician who recorded it, with the route (text), the dose in mg
// and, for an infusion, the pump rate in mL/h. A dose is recorded once
// given and never changed, so it is completed and meta.lastUpdated is when
// it was recorded.
func NewMedicationAdministration(d record.Dose, s record.TreatmentSession) MedicationAdministration {
	m := MedicationAdministration{ResourceType: "MedicationAdministration", ID: idOf(d.ID), Meta: metaAt(d.CreatedAt),
		Status: "completed", MedicationReference: &Reference{Reference: "Medication/dose-" + strconv.FormatInt(d.ID, 10)},
		Subject: ref("Patient", s.PatientID), Context: ref("Encounter", d.SessionID)}
	if !d.EndedAt.IsZero() && d.EndedAt.After(d.StartedAt) {
		m.EffectivePeriod = &Period{Start: Instant(d.StartedAt), End: Instant(d.EndedAt)}
	} else {
		m.EffectiveDateTime = Instant(d.StartedAt)
	}
	if r := refTo("Practitioner", d.AdministeredBy, d.AdministeredByName); r != nil {
		m.Performer = []AdminPerformer{{Actor: r}}
	}
	m.Dosage = &AdminDosage{Text: dosageText(d), Dose: ucum(d.DoseMg, "mg", "mg")}
	if r := routes[d.Route]; r != "" {
		m.Dosage.Route = textOnly(r)
	}
	if d.RateMLPerHour > 0 {
		m.Dosage.RateQuantity = ucum(d.RateMLPerHour, "mL/h", "mL/h")
	}
	return m
}

// dosageText says the dose in the words the session page uses.
func dosageText(d record.Dose) string {
	parts := []string{clinic.FormatNumber(d.DoseMg) + " mg"}
	if d.MgPerKg > 0 {
		parts[0] += " (" + clinic.FormatNumber(d.MgPerKg) + " mg/kg)"
	}
	if r := routes[d.Route]; r != "" {
		parts = append(parts, strings.ToLower(r))
	}
	if d.Devices > 0 {
		parts = append(parts, strconv.Itoa(d.Devices)+" nasal devices")
	}
	if d.VolumeML > 0 {
		parts = append(parts, clinic.FormatNumber(d.VolumeML)+" mL")
	}
	if d.DurationMin > 0 {
		parts = append(parts, "over "+strconv.Itoa(d.DurationMin)+" min")
	}
	return strings.Join(parts, ", ")
}

func (m MedicationAdministration) check(c *checker) {
	const t = "MedicationAdministration"
	c.resource(t, m.ResourceType, m.ID, m.Meta)
	c.oneOf(t+".status", m.Status, true, "in-progress", "not-done", "on-hold", "completed", "entered-in-error", "stopped", "unknown")
	c.reference(t+".medicationReference", m.MedicationReference, true, "Medication")
	c.reference(t+".subject", m.Subject, true, "Patient")
	c.reference(t+".context", m.Context, false, "Encounter")
	switch {
	case m.EffectiveDateTime == "" && m.EffectivePeriod == nil:
		c.add(t+".effective[x]", "is required")
	case m.EffectiveDateTime != "" && m.EffectivePeriod != nil:
		c.add(t+".effective[x]", "must be one value")
	}
	c.instant(t+".effectiveDateTime", m.EffectiveDateTime, false)
	if m.EffectivePeriod != nil {
		c.instant(t+".effectivePeriod.start", m.EffectivePeriod.Start, true)
		c.period(t+".effectivePeriod", m.EffectivePeriod)
	}
	for i, p := range m.Performer {
		c.reference(at(t+".performer", i)+".actor", p.Actor, true, "Practitioner", "Patient")
	}
	if d := m.Dosage; d != nil {
		if d.Dose == nil && d.RateQuantity == nil {
			c.add(t+".dosage", "needs a dose or a rate (mad-1)")
		}
		c.concept(t+".dosage.route", d.Route, false)
		c.quantity(t+".dosage.dose", d.Dose, false)
		c.unit(t+".dosage.dose", d.Dose, "mg")
		c.inRange(t+".dosage.dose", d.Dose, clinic.DoseMg)
		c.quantity(t+".dosage.rateQuantity", d.RateQuantity, false)
		c.inRange(t+".dosage.rateQuantity", d.RateQuantity, clinic.RateMLPerHour)
	}
}
