package fhir

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
)

// fixture is one resource made from the fixtures' records.
type fixture struct {
	name string
	r    Resource
}

// must and noErr unwrap a constructor's result in a table (a failure
// panics, which fails the test with the stack).
func must[T any](v T, ok bool) T {
	if !ok {
		panic(fmt.Sprintf("no %T made", v))
	}
	return v
}

func noErr[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("%T: %v", v, err))
	}
	return v
}

// fixtures maps every record of the fixtures to its resources.
func fixtures(t *testing.T) []fixture {
	t.Helper()
	out := []fixture{
		{"patient", NewPatient(patient)},
		{"practitioner", must(NewPractitioner(doctor))},
		{"practitioner disabled", must(NewPractitioner(nurse))},
		{"organization", NewOrganization(clinicID, settings)},
		{"location chair", NewLocation(chair)},
		{"location room", NewLocation(room)},
		{"medication ketamine", NewMedication(dose)},
		{"medication esketamine", NewMedication(spray)},
		{"administration IV", NewMedicationAdministration(dose, treatment)},
		{"administration nasal", NewMedicationAdministration(spray, esketamineSession)},
		{"care plan signed", NewCarePlan(plan)},
		{"care plan draft", NewCarePlan(draft)},
		{"appointment booked", NewAppointment(booked, doctorID)},
		{"appointment cancelled, provider by identifier", NewAppointment(cancelled, 0)},
		{"encounter discharged", NewEncounter(sessionRecord())},
		{"encounter dosed", NewEncounter(record_(esketamineSession))},
		{"adverse event side effect", SideEffectEvent(nausea, patientID, doseID)},
		{"adverse event life-threatening", SideEffectEvent(adverse, patientID, doseID)},
		{"adverse event resolving", SideEffectEvent(resolved, patientID, 0)},
		{"adverse event vitals alert", VitalsAlertEvent(vitalsAlert, patientID)},
		{"adverse event safety alert", SafetyAlertEvent(safety)},
		{"consent in force", NewConsent(preference, true)},
		{"consent opt-out", NewConsent(optOut, false)},
		{"provenance plan", must(PlanSignature(plan))},
		{"provenance session", must(SessionSignature(treatment))},
		{"provenance REMS", must(REMSSignature(rems))},
		{"observation imported total", noErr(ScoreObservation(imported))},
	}
	for _, c := range NewConditions(patient) {
		out = append(out, fixture{"condition " + c.ID, c})
	}
	for _, in := range scales.All() {
		out = append(out, fixture{"questionnaire " + in.ID, NewQuestionnaire(in)})
	}
	for _, a := range assessments(t) {
		out = append(out, fixture{"questionnaire response " + a.Instrument, noErr(NewQuestionnaireResponse(a))},
			fixture{"observation total " + a.Instrument, noErr(ScoreObservation(a))})
	}
	var vs []VitalSign
	for _, e := range vitals {
		vs = append(vs, EntryVitals(patientID, e)...)
	}
	vs = append(vs, SessionVitals(treatment)...)
	vs = append(vs, IntakeVitals(intake)...)
	for _, v := range vs {
		out = append(out, fixture{"observation " + v.ID, VitalObservation(v)})
	}
	for _, e := range audits {
		out = append(out, fixture{"audit " + e.Action, NewAuditEvent(e)})
	}
	return out
}

// record_ is a session record with only the session.
func record_(s record.TreatmentSession) record.SessionRecord { return record.SessionRecord{Session: s} }

// Every resource the package makes is valid against the official R4 JSON
// schema of its type and Onset's own Validate, and reads back into its
// own type with the strict decoder.
func TestResourcesValid(t *testing.T) {
	t.Parallel()
	fs := fixtures(t)
	seen := map[string]int{}
	for _, f := range fs {
		seen[f.r.Type()]++
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			data, err := json.Marshal(f.r)
			if err != nil {
				t.Fatal(err)
			}
			if err := againstSchema(t, f.r.Type(), data); err != nil {
				t.Errorf("schema: %v\n%s", err, data)
			}
			if err := Validate(f.r); err != nil {
				t.Errorf("Validate: %v\n%s", err, data)
			}
			var head struct {
				ResourceType, ID string
			}
			if err := json.Unmarshal(data, &head); err != nil || head.ResourceType != f.r.Type() || head.ID == "" {
				t.Errorf("resourceType %q, id %q: every fixture is stored, so has an id", head.ResourceType, head.ID)
			}
			if bytes.Contains(data, []byte(`""`)) || bytes.Contains(data, []byte(`[]`)) || bytes.Contains(data, []byte(`{}`)) ||
				bytes.Contains(data, []byte(`null`)) {
				t.Errorf("FHIR JSON has no empty strings, lists, objects or nulls:\n%s", data)
			}
			back := reflectNew(f.r)
			if err := decode(data, f.r.Type(), back); err != nil {
				t.Errorf("decode: %v", err)
			}
		})
	}
	for _, typ := range []string{"Patient", "Practitioner", "Organization", "Location", "Condition", "Questionnaire",
		"QuestionnaireResponse", "Observation", "Medication", "MedicationAdministration", "CarePlan", "Appointment",
		"Encounter", "AdverseEvent", "Consent", "AuditEvent", "Provenance"} {
		if seen[typ] == 0 {
			t.Errorf("no fixture of %s", typ)
		}
	}
}

// What the mapping must say, checked in the JSON rather than assumed.
func TestResourceContents(t *testing.T) {
	t.Parallel()
	get := func(r Resource) string {
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	as := assessments(t)
	phq := as[slices.IndexFunc(as, func(a clinic.Assessment) bool { return a.Instrument == scales.PHQ9 })]
	madrs := as[slices.IndexFunc(as, func(a clinic.Assessment) bool { return a.Instrument == scales.MADRS })]
	pcl := as[slices.IndexFunc(as, func(a clinic.Assessment) bool { return a.Instrument == scales.PCL5 })]
	for _, c := range []struct {
		name string
		r    Resource
		want []string
		not  []string
	}{
		{"patient MRN, dates", NewPatient(patient), []string{`"identifier":[{"use":"usual","system":"urn:onset:mrn","value":"HK-000123"}]`,
			`"birthDate":"1986-04-17"`, `"lastUpdated":"2026-01-05T16:20:00Z"`, `"managingOrganization":{"reference":"Organization/7"}`}, nil},
		{"PHQ-9 total", noErr(ScoreObservation(phq)), []string{`"id":"phq9-456"`, `"code":"44261-6"`, `"code":"survey"`,
			fmt.Sprintf(`"valueQuantity":{"value":%d,"unit":"{score}","system":"http://unitsofmeasure.org","code":"{score}"}`, phq.Total),
			`"derivedFrom":[{"reference":"QuestionnaireResponse/456"}]`}, nil},
		{"GAD-7 total", noErr(ScoreObservation(as[1])), []string{`"code":"70274-6"`}, []string{"69737-5"}},
		{"MADRS total is text only", noErr(ScoreObservation(madrs)), []string{`"code":{"text":"MADRS total score"}`}, []string{"loinc"}},
		{"PCL-5 total is text only (unverified code)", noErr(ScoreObservation(pcl)), []string{`"code":{"text":"PCL-5 total score"}`}, []string{"91006-2"}},
		{"blood pressure panel", VitalObservation(EntryVitals(patientID, vitals[0])[0]), []string{`"code":"85354-9"`, `"code":"vital-signs"`,
			`"code":"8480-6"`, `"value":146,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"`, `"code":"8462-4"`,
			`"http://hl7.org/fhir/StructureDefinition/bp"`, `"encounter":{"reference":"Encounter/501"}`}, nil},
		{"SpO2 both codes", VitalObservation(EntryVitals(patientID, vitals[0])[2]), []string{`"code":"2708-6"`, `"code":"59408-5"`, `"code":"%"`}, nil},
		{"MOAA/S", VitalObservation(EntryVitals(patientID, vitals[0])[4]), []string{`"text":"MOAA/S sedation score"`, `"valueInteger":4`, `"code":"survey"`}, []string{"loinc"}},
		{"weight", VitalObservation(IntakeVitals(intake)[2]), []string{`"code":"29463-7"`, `"value":68.5,"unit":"kg"`}, nil},
		{"esketamine RxNorm", NewMedication(spray), []string{`"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"2201623"`,
			`"lotNumber":"SPV881","expirationDate":"2027-01-31"`}, nil},
		{"ketamine is text", NewMedication(dose), []string{`"code":{"text":"Ketamine hydrochloride (racemic)"}`, `"value":10`}, []string{"rxnorm"}},
		{"dose", NewMedicationAdministration(dose, treatment), []string{`"dose":{"value":34.25,"unit":"mg"`, `"rateQuantity":{"value":155.1`,
			`"effectivePeriod":{"start":"2026-01-12T17:10:00Z","end":"2026-01-12T17:50:00Z"}`, `"reference":"Medication/dose-601"`}, nil},
		{"plan", NewCarePlan(plan), []string{`"status":"active"`, `"intent":"plan"`, `"lastUpdated":"2026-01-07T10:30:00Z"`,
			`"scheduledString":"2026-01-12"`}, nil},
		{"draft plan has no lastUpdated", NewCarePlan(draft), []string{`"status":"draft"`}, []string{"lastUpdated"}},
		{"encounter", NewEncounter(sessionRecord()), []string{`"status":"finished"`, `"code":"AMB"`,
			`"period":{"start":"2026-01-12T17:02:00Z","end":"2026-01-12T18:20:00Z"}`, `"lastUpdated":"2026-01-13T16:00:00Z"`}, nil},
		{"severity coded", SideEffectEvent(nausea, patientID, doseID), []string{`"code":"mild"`, `"MedicationAdministration/601"`}, nil},
		{"life-threatening is text", SideEffectEvent(adverse, patientID, doseID), []string{`"severity":{"text":"life-threatening"}`,
			`"outcome":{"text":"transferred for emergency care"}`}, nil},
		{"resolving is recovering", SideEffectEvent(resolved, patientID, 0), []string{`"code":"recovering"`}, nil},
		{"opt-out denies", NewConsent(optOut, false), []string{`"status":"inactive"`, `"type":"deny"`, `"code":"patient-privacy"`}, nil},
		{"audit failure", NewAuditEvent(audits[3]), []string{`"action":"E"`, `"outcome":"4"`, `"requestor":false`}, nil},
		{"audit read", NewAuditEvent(audits[0]), []string{`"action":"R"`, `"reference":"Practitioner/12"`, `"address":"203.0.113.7"`}, []string{`"Patient/123"},{"what":{"reference":"Patient/123"`}},
		{"audit patient account", NewAuditEvent(audits[4]), []string{`"system":"urn:onset:user","value":"40"`}, []string{"Practitioner/40"}},
		{"signature", must(PlanSignature(plan)), []string{`"code":"attester"`, `"recorded":"2026-01-07T10:30:00Z"`, `"CarePlan/31"`}, nil},
	} {
		got := get(c.r)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: want %s in\n%s", c.name, w, got)
			}
		}
		for _, n := range c.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: do not want %s in\n%s", c.name, n, got)
			}
		}
	}
	if bp := VitalObservation(EntryVitals(patientID, vitals[0])[0]); bp.ValueQuantity != nil || len(bp.Component) != 2 {
		t.Errorf("a blood-pressure panel has two components and no value of its own: %+v", bp)
	}
	if _, ok := NewPractitioner(portalU); ok {
		t.Error("a patient's portal account became a Practitioner")
	}
	if _, err := NewQuestionnaireResponse(imported); err == nil {
		t.Error("an imported total without answers became a QuestionnaireResponse")
	}
}

// reflectNew returns a pointer to a new value of r's type, for decode.
func reflectNew(r Resource) any { return reflect.New(reflect.TypeOf(r)).Interface() }
