package fhir

import "reflect"

// WriteOnce reports whether Onset never changes a record of type typ once
// written — questionnaire answers and their totals, vital signs, doses
// given — so that each has exactly one version, "1". Patient keeps its
// versions (PatientVersion); the other types' records change in place and
// Onset keeps no history of them.
func WriteOnce(typ string) bool {
	switch typ {
	case "Observation", "QuestionnaireResponse", "MedicationAdministration":
		return true
	}
	return false
}

// AsFirstVersion returns r with meta.versionId "1" (its other meta kept).
func AsFirstVersion(r Resource) Resource {
	v := reflect.New(reflect.TypeOf(r)).Elem()
	v.Set(reflect.ValueOf(r))
	f := v.FieldByName("Meta")
	if !f.IsValid() {
		return r
	}
	m := &Meta{}
	if !f.IsNil() {
		*m = *f.Interface().(*Meta)
	}
	m.VersionID = "1"
	f.Set(reflect.ValueOf(m))
	return v.Interface().(Resource)
}
