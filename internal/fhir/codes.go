package fhir

import "onset/internal/scales"

// Code systems. The standard ones are named as FHIR R4 names them; the
// urn:onset ones are Onset's own identifiers and vocabularies (doc.go).
const (
	SystemLOINC  = "http://loinc.org"
	SystemUCUM   = "http://unitsofmeasure.org"
	SystemRxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm"

	SystemObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category"
	SystemActCode             = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	SystemConsentScope        = "http://terminology.hl7.org/CodeSystem/consentscope"
	SystemLocationType        = "http://terminology.hl7.org/CodeSystem/location-physical-type"
	SystemAESeverity          = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
	SystemAEOutcome           = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome"
	SystemProvenanceAgent     = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"

	// SystemMRN is the identifier system of a clinic's medical record
	// numbers (Patient.identifier). An MRN is unique within one clinic;
	// Patient.managingOrganization names the clinic.
	SystemMRN = "urn:onset:mrn"
	// SystemUser identifies an Onset user account where no Practitioner
	// stands for it (a patient's portal account).
	SystemUser = "urn:onset:user"
	// SystemBookingProvider identifies a bookable provider of the clinic's
	// calendar whose user account is not known to the caller.
	SystemBookingProvider = "urn:onset:booking-provider"
	// SystemCondition is Onset's list of treated conditions (clinic.Conditions).
	SystemCondition = "urn:onset:condition"
	// SystemContactPreference is how a patient chose to be reached
	// (record.ContactPreferences; "auto" for the default choice).
	SystemContactPreference = "urn:onset:contact-preference"
	// SystemAuditAction is the action an audit entry records ("patient.read").
	SystemAuditAction = "urn:onset:audit-action"
	// SystemRecord prefixes the identifier system of an audited record
	// that has no FHIR resource: urn:onset:record:<record type>.
	SystemRecord = "urn:onset:record:"
	// QuestionnairePrefix prefixes the canonical URL of each instrument's
	// Questionnaire: urn:onset:questionnaire:<instrument id>.
	QuestionnairePrefix = "urn:onset:questionnaire:"
	// AnswerPrefix prefixes the system of an instrument's answer codes
	// where no published answer list was verified; the code is the
	// answer's score ("0", "1", ...).
	AnswerPrefix = "urn:onset:answers:"
)

// Profiles of the FHIR R4 vital-signs profile family that Onset's
// vital-sign Observations conform to.
const (
	profileVitalSigns = "http://hl7.org/fhir/StructureDefinition/vitalsigns"
	profileBase       = "http://hl7.org/fhir/StructureDefinition/"
)

// totalLOINC are the LOINC codes of questionnaire totals that were
// verified (the other instruments' totals go as code.text only):
//   - PHQ-9 total 44261-6 and GAD-7 total 70274-6: HL7 Personal Health
//     Records IG (clinical-reference.md §4, "HL7 PHR IG"); the PHR IG's
//     Questionnaire/phq9 and Questionnaire/gad7 name the panels 44249-1
//     and 69737-5.
//   - Pain NRS 72514-3: clinical-reference.md §4 (FHIR examples AKTIN, VA).
//
// PCL-5's 91006-2 has a single unverified source (clinical-reference §6),
// and no code was found for MADRS, QIDS-SR16, CADSS, Y-BOCS or the C-SSRS
// screener, so they have none here.
var totalLOINC = map[string]string{
	scales.PHQ9:    "44261-6",
	scales.GAD7:    "70274-6",
	scales.PainNRS: "72514-3",
}

// panelLOINC are the Questionnaire.code panels, same sources.
var panelLOINC = map[string]string{
	scales.PHQ9: "44249-1",
	scales.GAD7: "69737-5",
}

// itemLOINC are the LOINC codes of each item, in item order, as the HL7
// Personal Health Records IG (v1.0.0-ballot2, HL7 International / Patient
// Empowerment) codes them in its Questionnaire/phq9 and Questionnaire/gad7.
var itemLOINC = map[string][]string{
	scales.PHQ9: {"44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"},
	scales.GAD7: {"69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"},
}

// answerLOINC are the LOINC answer codes (list LL358-3) for the answers
// 0–3 of PHQ-9 and GAD-7 items ("Not at all", "Several days", "More than
// half the days", "Nearly every day"), from the same PHR IG Questionnaires.
var answerLOINC = map[string][]string{
	scales.PHQ9: {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"},
	scales.GAD7: {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"},
}

// Vital-sign LOINC codes and UCUM units of the FHIR R4 vital-signs
// profiles (hl7.org/fhir/R4/observation-vitalsigns; the R4 value set
// observation-vitalsignresult lists 85354-9 with 8480-6 and 8462-4).
const (
	loincHeartRate = "8867-4"
	loincBPPanel   = "85354-9"
	loincSystolic  = "8480-6"
	loincDiastolic = "8462-4"
	loincSpO2Pulse = "59408-5" // Oxygen saturation in Arterial blood by Pulse oximetry
	loincSpO2      = "2708-6"  // Oxygen saturation in Arterial blood (the R4 oxygensat profile's code)
	loincRespRate  = "9279-1"
	loincWeight    = "29463-7"
	loincHeight    = "8302-2"
)

// Medication codes. Esketamine is given only as the nasal spray
// (clinic.RouteEsketamine); RxNorm 2201623 is "esketamine Nasal Spray"
// (SCDF), clinical-reference.md §4 "Drug codes" (ndclist.com). The
// ingredient RxCUIs of ketamine and esketamine were not found
// (clinical-reference §6; a search found 6130 attributed to another drug),
// so racemic ketamine goes as text.
const rxnormEsketamineNasalSpray = "2201623"
