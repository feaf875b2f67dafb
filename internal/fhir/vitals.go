package fhir

import (
	"math"
	"strconv"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/session"
)

// Vital names a kind of vital-sign reading.
type Vital string

const (
	HeartRate     Vital = "heart-rate"
	BloodPressure Vital = "blood-pressure" // a panel of systolic and diastolic
	SpO2          Vital = "spo2"
	RespRate      Vital = "respiratory-rate"
	BodyWeight    Vital = "body-weight"
	BodyHeight    Vital = "body-height"
	// Sedation is the MOAA/S score the room records with each reading. It
	// is no FHIR vital sign and no LOINC code was verified for it, so it
	// goes as category survey, code.text and valueInteger.
	Sedation Vital = "sedation"
)

// vitalSpec is how one kind of reading is coded (codes.go has the sources).
type vitalSpec struct {
	kind     Vital
	suffix   string   // the end of the Observation id
	codes    []Coding // LOINC, the first one the profile's
	text     string
	unit     string // the UCUM code; "" for Sedation
	display  string // the unit as people write it
	profile  string // the R4 vital-signs profile it conforms to
	limit    clinic.Quantity
	diastole clinic.Quantity // BloodPressure only
}

var vitalSpecs = []vitalSpec{
	{kind: HeartRate, suffix: "hr", codes: []Coding{{System: SystemLOINC, Code: loincHeartRate, Display: "Heart rate"}},
		text: "Heart rate", unit: "/min", display: "beats/minute", profile: "heartrate", limit: clinic.HeartRate},
	{kind: BloodPressure, suffix: "bp", codes: []Coding{{System: SystemLOINC, Code: loincBPPanel, Display: "Blood pressure panel with all children optional"}},
		text: "Blood pressure", unit: "mm[Hg]", display: "mmHg", profile: "bp", limit: clinic.Systolic, diastole: clinic.Diastolic},
	{kind: SpO2, suffix: "spo2", codes: []Coding{{System: SystemLOINC, Code: loincSpO2, Display: "Oxygen saturation in Arterial blood"},
		{System: SystemLOINC, Code: loincSpO2Pulse, Display: "Oxygen saturation in Arterial blood by Pulse oximetry"}},
		text: "Oxygen saturation (pulse oximetry)", unit: "%", display: "%", profile: "oxygensat", limit: clinic.SpO2},
	{kind: RespRate, suffix: "rr", codes: []Coding{{System: SystemLOINC, Code: loincRespRate, Display: "Respiratory rate"}},
		text: "Respiratory rate", unit: "/min", display: "breaths/minute", profile: "resprate", limit: clinic.RespRate},
	{kind: BodyWeight, suffix: "weight", codes: []Coding{{System: SystemLOINC, Code: loincWeight, Display: "Body weight"}},
		text: "Body weight", unit: "kg", display: "kg", profile: "bodyweight", limit: clinic.WeightKg},
	{kind: BodyHeight, suffix: "height", codes: []Coding{{System: SystemLOINC, Code: loincHeight, Display: "Body height"}},
		text: "Body height", unit: "cm", display: "cm", profile: "bodyheight", limit: clinic.HeightCm},
	{kind: Sedation, suffix: "sedation", text: "MOAA/S sedation score", limit: clinic.MOAAS},
}

var (
	systolicCode  = concept(SystemLOINC, loincSystolic, "Systolic blood pressure", "Systolic blood pressure")
	diastolicCode = concept(SystemLOINC, loincDiastolic, "Diastolic blood pressure", "Diastolic blood pressure")
)

// vitalOf finds the kind of reading a code names: any of its LOINC codes,
// or, for Sedation, its text.
func vitalOf(code *CodeableConcept) (vitalSpec, bool) {
	if code == nil {
		return vitalSpec{}, false
	}
	for _, s := range vitalSpecs {
		if len(s.codes) == 0 && len(code.Coding) == 0 && code.Text == s.text {
			return s, true
		}
		for _, want := range s.codes {
			for _, cd := range code.Coding {
				if cd.System == want.System && cd.Code == want.Code {
					return s, true
				}
			}
		}
	}
	return vitalSpec{}, false
}

func specOf(k Vital) (vitalSpec, bool) {
	for _, s := range vitalSpecs {
		if s.kind == k {
			return s, true
		}
	}
	return vitalSpec{}, false
}

// VitalSign is one reading as one Observation.
type VitalSign struct {
	ID        string // the Observation id; "" for a reading not yet stored
	Kind      Vital
	Value     float64 // in the kind's unit; the systolic pressure for BloodPressure
	Diastolic float64 // BloodPressure only
	PatientID int64
	SessionID int64 // the treatment session (Encounter); 0 when none
	TakenAt   time.Time
	// RecordedBy is the staff member who recorded it (0 when unknown);
	// RecordedAt when, the Observation's meta.lastUpdated (Onset never
	// changes a reading).
	RecordedBy     int64
	RecordedByName string
	RecordedAt     time.Time
	Note           string
}

// VitalObservation maps one reading. Vital signs carry category
// vital-signs, their LOINC code, a UCUM valueQuantity and the R4
// vital-signs profile they conform to; blood pressure is the 85354-9
// panel with systolic and diastolic components.
func VitalObservation(v VitalSign) Observation {
	spec, _ := specOf(v.Kind)
	o := Observation{ResourceType: "Observation", ID: v.ID, Status: "final", Code: &CodeableConcept{Coding: spec.codes, Text: spec.text},
		Subject: ref("Patient", v.PatientID), EffectiveDateTime: Instant(v.TakenAt)}
	if spec.profile != "" {
		o.Meta = metaAt(v.RecordedAt, profileVitalSigns, profileBase+spec.profile)
		o.Category = category("vital-signs", "Vital Signs")
	} else {
		o.Meta = metaAt(v.RecordedAt)
		o.Category = category("survey", "Survey")
	}
	if v.SessionID != 0 {
		o.Encounter = ref("Encounter", v.SessionID)
	}
	if r := refTo("Practitioner", v.RecordedBy, v.RecordedByName); r != nil {
		o.Performer = []Reference{*r}
	}
	switch {
	case v.Kind == BloodPressure:
		o.Component = []ObservationComponent{
			{Code: systolicCode, ValueQuantity: &Quantity{Value: num(v.Value), Unit: spec.display, System: SystemUCUM, Code: spec.unit}},
			{Code: diastolicCode, ValueQuantity: &Quantity{Value: num(v.Diastolic), Unit: spec.display, System: SystemUCUM, Code: spec.unit}},
		}
	case v.Kind == Sedation:
		o.ValueInteger = integer(int(v.Value))
	default:
		o.ValueQuantity = &Quantity{Value: num(v.Value), Unit: spec.display, System: SystemUCUM, Code: spec.unit}
	}
	if v.Note != "" {
		o.Note = []Annotation{{Text: v.Note}}
	}
	return o
}

// checkVital holds a reading to its kind's unit and plausible range.
func checkVital(c *checker, o Observation, spec vitalSpec) {
	switch spec.kind {
	case BloodPressure:
		if o.ValueQuantity != nil || o.ValueInteger != nil || o.ValueCodeableConcept != nil {
			c.add("Observation.value[x]", "a blood-pressure panel has no value of its own, only its components")
		}
		for _, part := range []struct {
			code  string
			limit clinic.Quantity
		}{{loincSystolic, spec.limit}, {loincDiastolic, spec.diastole}} {
			i := component(o, part.code)
			if i < 0 {
				c.add("Observation.component", "needs the component "+part.code+" ("+part.limit.Name+")")
				continue
			}
			p := at("Observation.component", i) + ".valueQuantity"
			if q := o.Component[i].ValueQuantity; q == nil {
				c.add(p, "is required")
			} else {
				c.unit(p, q, spec.unit)
				c.inRange(p, q, part.limit)
			}
		}
	case Sedation:
		if o.ValueInteger == nil {
			c.add("Observation.valueInteger", "is required: the MOAA/S score")
		} else if x := *o.ValueInteger; x < int(spec.limit.Min) || x > int(spec.limit.Max) {
			c.add("Observation.valueInteger", "must be a MOAA/S score from 0 to 5 (got "+strconv.Itoa(x)+")")
		}
	default:
		if o.ValueQuantity == nil {
			c.add("Observation.valueQuantity", "is required")
			return
		}
		c.unit("Observation.valueQuantity", o.ValueQuantity, spec.unit)
		c.inRange("Observation.valueQuantity", o.ValueQuantity, spec.limit)
	}
}

// component finds the component with the LOINC code.
func component(o Observation, code string) int {
	for i, comp := range o.Component {
		if comp.Code == nil {
			continue
		}
		for _, cd := range comp.Code.Coding {
			if cd.System == SystemLOINC && cd.Code == code {
				return i
			}
		}
	}
	return -1
}

// readVital reads a validated vital-sign Observation's reading.
func readVital(o Observation, spec vitalSpec) (VitalSign, error) {
	v := VitalSign{ID: o.ID, Kind: spec.kind, SessionID: refID(o.Encounter, "Encounter")}
	switch spec.kind {
	case BloodPressure:
		v.Value = *o.Component[component(o, loincSystolic)].ValueQuantity.Value
		v.Diastolic = *o.Component[component(o, loincDiastolic)].ValueQuantity.Value
	case Sedation:
		v.Value = float64(*o.ValueInteger)
	default:
		v.Value = *o.ValueQuantity.Value
	}
	if o.Encounter != nil && v.SessionID == 0 {
		return v, invalidAt("Observation.encounter", "must be one of Onset's sessions, Encounter/<number>")
	}
	if len(o.Performer) > 0 {
		v.RecordedBy, v.RecordedByName = refID(&o.Performer[0], "Practitioner"), o.Performer[0].Display
	}
	if o.Meta != nil {
		v.RecordedAt, _ = ParseDateTime(o.Meta.LastUpdated)
	}
	if len(o.Note) > 0 {
		v.Note = o.Note[0].Text
	}
	return v, nil
}

// readings lists the readings in one set of vitals; 0 is "not taken" and
// NoSedation "not scored".
func readings(v session.Vitals, base VitalSign, idPrefix string) []VitalSign {
	var out []VitalSign
	add := func(k Vital, x, y float64) {
		spec, _ := specOf(k)
		r := base
		r.Kind, r.Value, r.Diastolic, r.ID = k, x, y, idPrefix+spec.suffix
		out = append(out, r)
	}
	if v.Systolic > 0 && v.Diastolic > 0 {
		add(BloodPressure, float64(v.Systolic), float64(v.Diastolic))
	}
	if v.HeartRate > 0 {
		add(HeartRate, float64(v.HeartRate), 0)
	}
	if v.SpO2 > 0 {
		add(SpO2, float64(v.SpO2), 0)
	}
	if v.RespRate > 0 {
		add(RespRate, float64(v.RespRate), 0)
	}
	if v.Sedation != session.NoSedation && v.Sedation >= 0 {
		add(Sedation, float64(v.Sedation), 0)
	}
	return out
}

// EntryVitals are the readings of one row of a session's vitals grid, ids
// vitals-<entry id>-<kind> (bp, hr, spo2, rr, sedation).
func EntryVitals(patientID int64, e record.VitalsEntry) []VitalSign {
	base := VitalSign{PatientID: patientID, SessionID: e.SessionID, TakenAt: e.TakenAt, RecordedBy: e.RecordedBy,
		RecordedByName: e.RecordedByName, RecordedAt: e.CreatedAt, Note: e.Note}
	return readings(e.Vitals, base, "vitals-"+strconv.FormatInt(e.ID, 10)+"-")
}

// SessionVitals are a session's baseline readings at check-in and the
// weight it was dosed by, ids session-<id>-baseline-<kind> and
// session-<id>-weight.
func SessionVitals(s record.TreatmentSession) []VitalSign {
	base := VitalSign{PatientID: s.PatientID, SessionID: s.ID, TakenAt: s.CheckedInAt, RecordedBy: s.CheckedInBy,
		RecordedByName: s.CheckedInByName, RecordedAt: s.CheckedInAt}
	prefix := "session-" + strconv.FormatInt(s.ID, 10) + "-"
	out := readings(s.Baseline, base, prefix+"baseline-")
	if s.WeightKg > 0 {
		w := base
		w.ID, w.Kind, w.Value = prefix+"weight", BodyWeight, s.WeightKg
		out = append(out, w)
	}
	return out
}

// IntakeVitals are the weight, height, blood pressure and heart rate an
// intake recorded, ids intake-<id>-<kind>.
func IntakeVitals(in record.Intake) []VitalSign {
	base := VitalSign{PatientID: in.PatientID, TakenAt: in.RecordedAt, RecordedAt: in.RecordedAt}
	if in.Source == "staff" { // a portal intake was recorded by the patient's account, no practitioner
		base.RecordedBy, base.RecordedByName = in.RecordedBy, in.RecordedByName
	}
	prefix := "intake-" + strconv.FormatInt(in.ID, 10) + "-"
	out := readings(session.Vitals{Systolic: in.SystolicBP, Diastolic: in.DiastolicBP, HeartRate: in.HeartRate,
		Sedation: session.NoSedation}, base, prefix)
	for _, m := range []struct {
		k Vital
		x float64
	}{{BodyWeight, in.WeightKg}, {BodyHeight, in.HeightCm}} {
		if m.x > 0 && !math.IsNaN(m.x) {
			spec, _ := specOf(m.k)
			r := base
			r.ID, r.Kind, r.Value = prefix+spec.suffix, m.k, m.x
			out = append(out, r)
		}
	}
	return out
}
