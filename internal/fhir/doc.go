// Package fhir maps Onset's records to FHIR R4 resources (JSON), and reads
// posted Patient, Observation and QuestionnaireResponse resources back
// into Onset's types. It is pure: no SQL, no HTTP, no clock; it imports
// only clinic, record and the domain packages (scales, schedule, session).
//
// # Resources
//
//	Patient                  clinic.Patient                 NewPatient, ParsePatient
//	Practitioner             clinic.User (staff only)       NewPractitioner
//	Organization             record.ClinicSettings          NewOrganization
//	Location                 record.BookingResource         NewLocation
//	Condition                clinic.Patient.Conditions      NewConditions
//	Questionnaire            scales.Instrument              NewQuestionnaire
//	QuestionnaireResponse    clinic.Assessment with answers NewQuestionnaireResponse, ParseQuestionnaireResponse
//	Observation              an assessment's total          ScoreObservation, ParseObservation
//	Observation              a vital sign (VitalSign)       VitalObservation (EntryVitals, SessionVitals, IntakeVitals), ParseObservation
//	Medication               record.Dose (product, batch)   NewMedication
//	MedicationAdministration record.Dose                    NewMedicationAdministration
//	CarePlan                 record.Plan                    NewCarePlan
//	Appointment              record.Appointment             NewAppointment
//	Encounter                record.SessionRecord           NewEncounter
//	AdverseEvent             side effects, alerts           SideEffectEvent, VitalsAlertEvent, SafetyAlertEvent
//	Consent                  record.ContactPreference       NewConsent
//	AuditEvent               clinic.AuditEntry              NewAuditEvent
//	Provenance               a signature                    PlanSignature, SessionSignature, REMSSignature
//	Bundle                   a search, a history            Searchset, History (rest.go)
//	OperationOutcome         an error                       Outcome, Information
//	CapabilityStatement      what the REST API serves       (built by web from its route table)
//
// Validate checks any of them with Onset's own rules (validate.go); the
// tests also check every one against the official R4 JSON schema
// (testdata/README.md). The Parse functions decode strictly, validate, and
// return clinic.Invalid errors that name the FHIR path of each problem,
// e.g. "Observation.valueQuantity.value: must be a finite number"; the
// error wraps those problems (Issues, IssuesOf), so Outcome answers each
// as an OperationOutcome issue whose expression is its path.
//
// # Search
//
// ParseSearch reads a search's query against SearchParams, the parameters
// each type takes (the CapabilityStatement lists exactly these), and
// refuses any other parameter, modifier or date prefix rather than ignore
// it. Search.Match filters mapped resources as R4 says (a date parameter
// is a range at its precision, met by eq, ge, gt, le or lt; tokens by
// system|code) and orders them by date, then id. Patient versions go in
// meta.versionId (VersionedPatient) and ETags (ETag).
//
// # Ids
//
// Resource ids are stable strings made from Onset's ids, so the same
// record always has the same id and a reference can be written without a
// lookup:
//
//	Patient, Practitioner (user), Organization (clinic), Location (chair
//	or room), QuestionnaireResponse (assessment), MedicationAdministration
//	(dose), CarePlan (plan version), Appointment, Encounter (treatment
//	session), AuditEvent                            "<id>"             "123"
//	Condition                                       "<patient>-<condition>" "123-depression"
//	Questionnaire                                   "<instrument>"     "phq9", "qids-sr16"
//	Observation, a questionnaire total              "<instrument>-<assessment>" "phq9-456"
//	Observation, a row of the vitals grid           "vitals-<entry>-<kind>" "vitals-701-bp"
//	Observation, a session's check-in readings      "session-<session>-baseline-<kind>", "session-<session>-weight"
//	Observation, an intake's readings               "intake-<intake>-<kind>"
//	Medication (the product and batch of one dose)  "dose-<dose>"      "dose-601"
//	AdverseEvent                                    "side-effect-<id>", "vitals-alert-<id>", "safety-alert-<id>"
//	Consent (one recorded contact preference)       "contact-<id>"
//	Provenance                                      "plan-<plan>-signed", "session-<session>-signed", "rems-<session>-signed"
//
// where <kind> is bp, hr, spo2, rr, sedation, weight or height. A posted
// resource's id is read back only when it follows this scheme; otherwise
// it is ignored, as FHIR's create ignores it.
//
// # Identifiers and Onset's code systems
//
// Where FHIR wants a URI for something only Onset defines, it is a URN
// under urn:onset (codes.go):
//
//	urn:onset:mrn                        Patient.identifier: the clinic's medical record number
//	urn:onset:user                       a patient's portal account (an AuditEvent agent)
//	urn:onset:booking-provider           a bookable provider whose user account the caller lacks
//	urn:onset:condition                  Onset's conditions (clinic.Conditions)
//	urn:onset:contact-preference         how a patient chose to be reached (auto, email, sms, both, none)
//	urn:onset:audit-action               the action of an audit entry ("patient.read")
//	urn:onset:record:<type>              an audited record with no FHIR resource
//	urn:onset:questionnaire:<instrument> the canonical URL of an instrument's Questionnaire
//	urn:onset:answers:<instrument>       an instrument's answers, coded by their score
//
// # Codes
//
// A standard code is used only where its source was checked (codes.go
// names each source): LOINC for the PHQ-9, GAD-7 and pain NRS totals, the
// PHQ-9 and GAD-7 panels, items and answers, and the vital signs of the R4
// vital-signs profile; RxNorm for the esketamine nasal spray; and the
// FHIR/HL7 code systems of the elements themselves (observation-category,
// v3-ActCode, consentscope, adverse-event-severity and -outcome,
// location-physical-type, provenance-participant-type). Everything else
// — other instruments' totals, racemic ketamine, routes, dose forms, the
// MOAA/S score, conditions — goes as text, never as an invented code.
//
// # Times
//
// A date is written YYYY-MM-DD (Onset keeps dates as midnight UTC); a
// dateTime or instant is RFC 3339 in UTC with seconds. meta.lastUpdated is
// set only where the record says when it last changed (a reading when
// recorded, a signed plan when signed, a cancelled appointment when
// cancelled); where Onset keeps no such time it is left out rather than
// guessed. Reading, ParseDate and ParseDateTime refuse days the calendar
// lacks (2023-02-31), times without seconds or zone, and offsets beyond
// ±14:00; numbers must be finite.
package fhir
