package fhir

import (
	"math"
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/scales"
)

// Observation is a FHIR R4 Observation: a questionnaire total or a vital
// sign.
type Observation struct {
	ResourceType         string                 `json:"resourceType"`
	ID                   string                 `json:"id,omitempty"`
	Meta                 *Meta                  `json:"meta,omitempty"`
	Status               string                 `json:"status,omitempty"`
	Category             []CodeableConcept      `json:"category,omitempty"`
	Code                 *CodeableConcept       `json:"code,omitempty"`
	Subject              *Reference             `json:"subject,omitempty"`
	Encounter            *Reference             `json:"encounter,omitempty"`
	EffectiveDateTime    string                 `json:"effectiveDateTime,omitempty"`
	Performer            []Reference            `json:"performer,omitempty"`
	ValueQuantity        *Quantity              `json:"valueQuantity,omitempty"`
	ValueCodeableConcept *CodeableConcept       `json:"valueCodeableConcept,omitempty"`
	ValueInteger         *int                   `json:"valueInteger,omitempty"`
	Interpretation       []CodeableConcept      `json:"interpretation,omitempty"`
	Note                 []Annotation           `json:"note,omitempty"`
	DerivedFrom          []Reference            `json:"derivedFrom,omitempty"`
	Component            []ObservationComponent `json:"component,omitempty"`
}

// ObservationComponent is one part of a panel (systolic, diastolic).
type ObservationComponent struct {
	Code          *CodeableConcept `json:"code,omitempty"`
	ValueQuantity *Quantity        `json:"valueQuantity,omitempty"`
}

func (Observation) Type() string { return "Observation" }

func category(code, display string) []CodeableConcept {
	return []CodeableConcept{{Coding: []Coding{{System: SystemObservationCategory, Code: code, Display: display}}}}
}

// scoreText is the code.text of an instrument's total.
func scoreText(in scales.Instrument) string {
	if in.ID == scales.CSSRS {
		return in.Name + " risk category"
	}
	return in.Name + " total score"
}

// ScoreObservation maps an assessment's total (category survey). PHQ-9,
// GAD-7 and pain NRS totals carry their verified LOINC codes (codes.go);
// the others go as code.text only. The total is a valueQuantity in the
// UCUM unit {score}, except the C-SSRS screener's, which is a risk
// category (its band) and goes as valueCodeableConcept text. An assessment
// with item answers is derivedFrom its QuestionnaireResponse. There is no
// meta: Onset records when a questionnaire was taken, not when it was stored.
func ScoreObservation(a clinic.Assessment) (Observation, error) {
	in, ok := instrument(a.Instrument)
	if !ok {
		return Observation{}, clinic.Errorf(clinic.Invalid, "unknown instrument %q", a.Instrument)
	}
	o := Observation{ResourceType: "Observation", Status: "final", Category: category("survey", "Survey"),
		Code: textOnly(scoreText(in)), Subject: ref("Patient", a.PatientID), EffectiveDateTime: Instant(a.TakenAt)}
	if a.ID != 0 {
		o.ID = in.ID + "-" + strconv.FormatInt(a.ID, 10)
	}
	if code := totalLOINC[in.ID]; code != "" {
		o.Code.Coding = []Coding{{System: SystemLOINC, Code: code}}
	}
	if in.ID == scales.CSSRS {
		o.ValueCodeableConcept = textOnly(in.Severity(a.Total))
	} else {
		o.ValueQuantity = &Quantity{Value: num(float64(a.Total)), Unit: "{score}", System: SystemUCUM, Code: "{score}"}
		if band := in.Severity(a.Total); band != "" {
			o.Interpretation = []CodeableConcept{{Text: band}}
		}
	}
	if a.Answers != nil && a.ID != 0 {
		o.DerivedFrom = []Reference{*ref("QuestionnaireResponse", a.ID)}
	}
	return o, nil
}

// scoreInstrument finds the instrument whose total o records: by its
// verified LOINC code, else by code.text.
func scoreInstrument(o Observation) (scales.Instrument, bool) {
	if o.Code == nil {
		return scales.Instrument{}, false
	}
	for _, id := range scales.IDs() { // in Onset's order
		for _, cd := range o.Code.Coding {
			if cd.System == SystemLOINC && cd.Code != "" && cd.Code == totalLOINC[id] {
				return instrument(id)
			}
		}
		if len(o.Code.Coding) == 0 {
			if in, _ := instrument(id); o.Code.Text == scoreText(in) {
				return in, true
			}
		}
	}
	return scales.Instrument{}, false
}

func (o Observation) check(c *checker) {
	c.resource("Observation", o.ResourceType, o.ID, o.Meta)
	c.oneOf("Observation.status", o.Status, true, "registered", "preliminary", "final", "amended", "corrected",
		"cancelled", "entered-in-error", "unknown")
	c.concepts("Observation.category", o.Category, false)
	c.concept("Observation.code", o.Code, true)
	c.reference("Observation.subject", o.Subject, true, "Patient")
	c.reference("Observation.encounter", o.Encounter, false, "Encounter")
	c.instant("Observation.effectiveDateTime", o.EffectiveDateTime, true)
	for i := range o.Performer {
		c.reference(at("Observation.performer", i), &o.Performer[i], false, "Practitioner", "Patient", "Organization")
	}
	values := 0
	if o.ValueQuantity != nil {
		values++
		c.quantity("Observation.valueQuantity", o.ValueQuantity, true)
	}
	if o.ValueCodeableConcept != nil {
		values++
		c.concept("Observation.valueCodeableConcept", o.ValueCodeableConcept, true)
	}
	if o.ValueInteger != nil {
		values++
	}
	if values > 1 {
		c.add("Observation.value[x]", "must be one value")
	}
	c.concepts("Observation.interpretation", o.Interpretation, false)
	c.annotations("Observation.note", o.Note)
	for i := range o.DerivedFrom {
		c.reference(at("Observation.derivedFrom", i), &o.DerivedFrom[i], false, "QuestionnaireResponse", "Observation")
	}
	for i, comp := range o.Component {
		p := at("Observation.component", i)
		c.concept(p+".code", comp.Code, true)
		c.quantity(p+".valueQuantity", comp.ValueQuantity, false)
	}
	if in, ok := scoreInstrument(o); ok {
		checkScore(c, o, in)
	} else if spec, ok := vitalOf(o.Code); ok {
		checkVital(c, o, spec)
	}
}

// checkScore holds a total to its instrument: a whole number in range.
func checkScore(c *checker, o Observation, in scales.Instrument) {
	if in.ID == scales.CSSRS {
		if o.ValueCodeableConcept == nil || !hasBand(in, o.ValueCodeableConcept.Text) {
			c.add("Observation.valueCodeableConcept", "must be the risk category: none, low, moderate or high")
		}
		return
	}
	q := o.ValueQuantity
	if q == nil {
		c.add("Observation.valueQuantity", "is required: the total")
		return
	}
	c.unit("Observation.valueQuantity", q, "{score}")
	if q.Value == nil || math.IsNaN(*q.Value) || math.IsInf(*q.Value, 0) {
		return
	}
	if x := *q.Value; x != math.Trunc(x) || x < float64(in.Min) || x > float64(in.Max) {
		c.add("Observation.valueQuantity.value", "must be a whole number from "+strconv.Itoa(in.Min)+" to "+
			strconv.Itoa(in.Max)+", the range of the "+in.Name+" total (got "+clinic.FormatNumber(x)+")")
	}
}

func hasBand(in scales.Instrument, label string) bool {
	for _, b := range in.Bands {
		if b.Label == label {
			return true
		}
	}
	return false
}

// Measurement is what a posted Observation says in Onset's terms: either
// a questionnaire total or one vital sign.
type Measurement struct {
	// Score is a questionnaire total without item answers (those come as
	// a QuestionnaireResponse); Response is the QuestionnaireResponse it
	// says it was derived from, 0 when none.
	Score    *clinic.Assessment
	Response int64
	// Vital is a vital-sign reading (or a MOAA/S sedation score).
	Vital *VitalSign
}

// ParseObservation reads a posted, final Observation about one of Onset's
// patients, taken at a full time with a zone: a questionnaire total (known
// by its LOINC code or its code.text, scoreText) or a vital sign (known by
// its LOINC code, vitals.go). Anything else is refused.
func ParseObservation(data []byte) (Measurement, error) {
	m, _, err := parseObservation(data, false)
	return m, err
}

// parseObservation is ParseObservation; foreign takes a subject of
// another system (an import file), returned as its reference, with the
// patient left 0.
func parseObservation(data []byte, foreign bool) (Measurement, string, error) {
	var o Observation
	dec := decode
	if foreign {
		dec = decodeForeign
	}
	if err := dec(data, "Observation", &o); err != nil {
		return Measurement{}, "", err
	}
	if err := Validate(o); err != nil {
		return Measurement{}, "", err
	}
	subject := ""
	if o.Subject != nil {
		subject = o.Subject.Reference
	}
	c := &checker{}
	if o.Status != "final" {
		c.add("Observation.status", "must be final: Onset keeps final results")
	}
	patient := refID(o.Subject, "Patient")
	switch {
	case foreign && !strings.HasPrefix(subject, "Patient/"):
		c.add("Observation.subject", "must name the patient, Patient/<id>")
	case foreign:
		patient = 0
	case patient == 0:
		c.add("Observation.subject", "must be one of Onset's patients, Patient/<number>")
	}
	taken, _ := ParseDateTime(o.EffectiveDateTime) // checked by Validate
	if in, ok := scoreInstrument(o); ok {
		a := clinic.Assessment{PatientID: patient, Instrument: in.ID, TakenAt: taken}
		if n, ok := strings.CutPrefix(o.ID, in.ID+"-"); ok {
			a.ID = onsetID(n)
		}
		if in.ID == scales.CSSRS {
			for _, b := range in.Bands {
				if b.Label == o.ValueCodeableConcept.Text {
					a.Total = b.Min
				}
			}
		} else {
			a.Total = int(*o.ValueQuantity.Value)
		}
		m := Measurement{Score: &a}
		for _, d := range o.DerivedFrom {
			if id := refID(&d, "QuestionnaireResponse"); id != 0 {
				m.Response = id
			}
		}
		return m, subject, c.err()
	}
	spec, ok := vitalOf(o.Code)
	if !ok {
		c.add("Observation.code", "is neither a questionnaire total nor a vital sign Onset records")
		return Measurement{}, subject, c.err()
	}
	v, err := readVital(o, spec)
	if err != nil {
		return Measurement{}, subject, err
	}
	v.PatientID, v.TakenAt = patient, taken
	return Measurement{Vital: &v}, subject, c.err()
}
