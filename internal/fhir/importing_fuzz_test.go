package fhir

import (
	"errors"
	"testing"

	"onset/internal/clinic"
)

// FuzzReadImport: any file an import is given is split and read without a
// panic, and every refusal is a clinic error with a message a person can
// act on (the OperationOutcome's diagnostics).
func FuzzReadImport(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Patient","id":"p1","identifier":[{"value":"X1"}],"name":[{"family":"Lee","given":["A"]}],"gender":"female","birthDate":"1980-01-02"}`))
	f.Add([]byte(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Observation","id":"o","status":"final"}}]}`))
	f.Add([]byte("{\"resourceType\":\"MedicationAdministration\",\"id\":\"m\",\"status\":\"completed\",\"subject\":{\"reference\":\"Patient/p1\"},\"effectiveDateTime\":\"2026-01-02T10:00:00Z\",\"dosage\":{\"route\":{\"text\":\"Intravenous\"},\"dose\":{\"value\":35,\"unit\":\"mg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg\"}}}\n{\"resourceType\":\"Encounter\"}"))
	f.Add([]byte(`{"resourceType":"QuestionnaireResponse","id":"q","status":"completed","questionnaire":"urn:onset:questionnaire:phq9","subject":{"reference":"Patient/p1"},"authored":"2026-01-02T10:00:00Z","text":{"div":[[[[1]]]]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := SplitImport(data)
		if err != nil {
			if clinic.ErrorMessage(err) == "" {
				t.Fatalf("a refusal without a message: %v", err)
			}
			return
		}
		for _, e := range entries {
			im, err := ReadImported(e)
			if err != nil {
				var ce *clinic.Error
				if !errors.As(err, &ce) || clinic.ErrorMessage(err) == "" {
					t.Fatalf("entry %d: not a clinic error with a message: %v", e.Line, err)
				}
				continue
			}
			if im.Skip == "" && im.Patient == nil && im.Assessment == nil && im.Administration == nil {
				t.Fatalf("entry %d of type %q read as nothing and not kept out", e.Line, e.Type)
			}
		}
	})
}
