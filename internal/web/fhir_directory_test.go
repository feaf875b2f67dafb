package web_test

import (
	"net/http"
	"strconv"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store/storetest"
)

// The clinic's own resources and the audit trail through the FHIR API:
// each answer valid R4 (fhirCall checks the schema), each read only by
// the roles that may.
func TestFHIRDirectoryAndAudit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.Engines()[0])
	nurse, admin, patient := f.fhirToken(clinic.RoleNurse), f.fhirToken(clinic.RoleAdmin), f.fhirToken(clinic.RolePatient)
	pid := strconv.FormatInt(f.patient, 10)

	res, b := f.fhirCall("GET", "/fhir/Questionnaire", patient, "")
	if ids, _ := entries(b, "Questionnaire"); res.StatusCode != 200 || len(ids) == 0 {
		t.Errorf("Questionnaire search: %d %v", res.StatusCode, ids)
	}
	if res, b := f.fhirCall("GET", "/fhir/Questionnaire/phq9", nurse, ""); res.StatusCode != 200 || b["url"] != "urn:onset:questionnaire:phq9" {
		t.Errorf("Questionnaire/phq9: %d %v", res.StatusCode, b["url"])
	}
	clinicID := strconv.FormatInt(f.clinicID, 10)
	if res, b := f.fhirCall("GET", "/fhir/Organization/"+clinicID, nurse, ""); res.StatusCode != 200 || b["name"] == nil {
		t.Errorf("Organization: %d %v", res.StatusCode, b)
	}
	if res, _ := f.fhirCall("GET", "/fhir/Organization/"+strconv.FormatInt(f.foreignClinic, 10), nurse, ""); res.StatusCode != 404 {
		t.Errorf("another clinic's Organization: %d", res.StatusCode)
	}
	res, b = f.fhirCall("GET", "/fhir/Practitioner", nurse, "")
	ids, _ := entries(b, "Practitioner")
	if res.StatusCode != 200 || len(ids) == 0 {
		t.Errorf("Practitioner search: %d %v", res.StatusCode, ids)
	}
	for _, id := range ids {
		if id == strconv.FormatInt(f.users[clinic.RolePatient].ID, 10) {
			t.Errorf("a patient's portal account is listed as a Practitioner")
		}
	}
	if res, _ := f.fhirCall("GET", "/fhir/Location", nurse, ""); res.StatusCode != 200 {
		t.Errorf("Location search: %d", res.StatusCode)
	}
	if res, _ := f.fhirCall("GET", "/fhir/Practitioner", patient, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("a patient listed the staff: %d", res.StatusCode)
	}

	// Conditions: the patient's own, read back by id; nobody else's.
	res, b = f.fhirCall("GET", "/fhir/Condition?patient="+pid, patient, "")
	conds, _ := entries(b, "Condition")
	if res.StatusCode != 200 || len(conds) == 0 {
		t.Fatalf("Condition search: %d %v", res.StatusCode, b)
	}
	if res, _ := f.fhirCall("GET", "/fhir/Condition/"+conds[0], nurse, ""); res.StatusCode != 200 {
		t.Errorf("Condition/%s: %d", conds[0], res.StatusCode)
	}
	other := strconv.FormatInt(f.other, 10)
	if res, b := f.fhirCall("GET", "/fhir/Condition?patient="+other, patient, ""); res.StatusCode != 200 || total(b) != 0 {
		t.Errorf("a patient searched another's conditions: %d %v", res.StatusCode, total(b))
	}

	// Consents: each contact choice, the newest active; a patient's token
	// reads its own, never another patient's.
	for _, pref := range []string{record.ContactEmail, record.ContactBoth} {
		if err := f.svc.SetContactPreference(t.Context(), actorOf(f.users[clinic.RolePatient]), f.patient, pref); err != nil {
			t.Fatal(err)
		}
	}
	res, b = f.fhirCall("GET", "/fhir/Consent?patient="+pid+"&status=active", patient, "")
	active, _ := entries(b, "Consent")
	if res.StatusCode != 200 || len(active) != 1 {
		t.Fatalf("active Consent: %d %v", res.StatusCode, b)
	}
	if res, b := f.fhirCall("GET", "/fhir/Consent/"+active[0], nurse, ""); res.StatusCode != 200 || b["status"] != "active" {
		t.Errorf("Consent/%s: %d %v", active[0], res.StatusCode, b["status"])
	}
	if res, b := f.fhirCall("GET", "/fhir/Consent?patient="+pid, nurse, ""); res.StatusCode != 200 || total(b) != 2 {
		t.Errorf("every choice: %d, %d", res.StatusCode, total(b))
	}
	if res, _ := f.fhirCall("GET", "/fhir/Consent/"+active[0], f.fhirToken(clinic.RoleFrontDesk), ""); res.StatusCode != 200 {
		t.Errorf("the front desk reads a Consent: %d", res.StatusCode)
	}

	// The audit trail: admins only, one patient at a time; the reads above are in it.
	if res, _ := f.fhirCall("GET", "/fhir/AuditEvent?patient="+pid, nurse, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("a nurse read the audit trail: %d", res.StatusCode)
	}
	if res, _ := f.fhirCall("GET", "/fhir/AuditEvent", admin, ""); res.StatusCode != 400 {
		t.Errorf("AuditEvent without a patient: %d", res.StatusCode)
	}
	res, b = f.fhirCall("GET", "/fhir/AuditEvent?patient="+pid+"&_count=100", admin, "")
	if evs, _ := entries(b, "AuditEvent"); res.StatusCode != 200 || len(evs) == 0 {
		t.Errorf("AuditEvent search: %d %d", res.StatusCode, len(evs))
	}
}
