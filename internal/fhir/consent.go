package fhir

import (
	"strconv"

	"onset/internal/record"
)

// Consent is a FHIR R4 Consent: how a patient chose to be reached, which
// for text messages is their consent to them.
type Consent struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id,omitempty"`
	Meta         *Meta             `json:"meta,omitempty"`
	Status       string            `json:"status,omitempty"`
	Scope        *CodeableConcept  `json:"scope,omitempty"`
	Category     []CodeableConcept `json:"category,omitempty"`
	Patient      *Reference        `json:"patient,omitempty"`
	DateTime     string            `json:"dateTime,omitempty"`
	Performer    []Reference       `json:"performer,omitempty"`
	Organization []Reference       `json:"organization,omitempty"`
	PolicyRule   *CodeableConcept  `json:"policyRule,omitempty"`
	Provision    *Provision        `json:"provision,omitempty"`
}

// Provision is what the patient permits or refuses.
type Provision struct {
	Type string            `json:"type,omitempty"` // permit | deny
	Code []CodeableConcept `json:"code,omitempty"`
}

func (Consent) Type() string { return "Consent" }

// contactWords says each choice (record.ContactPreferences).
var contactWords = map[string]string{
	record.ContactAuto:  "Email if the patient gave an address, else text messages",
	record.ContactEmail: "Email only",
	record.ContactSMS:   "Text messages (SMS) only",
	record.ContactBoth:  "Email and text messages (SMS)",
	record.ContactNone:  "No messages",
}

// NewConsent maps one recorded contact preference of a clinic's patient;
// inForce says it is the patient's newest (older ones are inactive). Scope
// is R4's patient-privacy; no category or policy code was verified for
// consent to messages, so those go as text (ppc-1 needs the policy rule).
// The patient is the one who consents, whether they chose in the portal
// or told staff. Choices are never changed, so meta.lastUpdated is when
// it was recorded.
func NewConsent(p record.ContactPreference, inForce bool) Consent {
	code := p.Preference
	if code == record.ContactAuto {
		code = "auto"
	}
	status := "inactive"
	if inForce {
		status = "active"
	}
	prov := &Provision{Type: "permit", Code: []CodeableConcept{*concept(SystemContactPreference, code, "", contactWords[p.Preference])}}
	if p.Preference == record.ContactNone {
		prov.Type = "deny"
	}
	return Consent{ResourceType: "Consent", ID: "contact-" + strconv.FormatInt(p.ID, 10), Meta: metaAt(p.RecordedAt), Status: status,
		Scope:    concept(SystemConsentScope, "patient-privacy", "Privacy Consent", "Privacy consent"),
		Category: []CodeableConcept{{Text: "Consent to be contacted by email or text message"}},
		Patient:  ref("Patient", p.PatientID), DateTime: Instant(p.RecordedAt), Performer: []Reference{*ref("Patient", p.PatientID)},
		Organization: []Reference{*ref("Organization", p.ClinicID)},
		PolicyRule:   textOnly("The clinic sends questionnaire links, reminders and notices only by the ways the patient chose"),
		Provision:    prov}
}

func (cn Consent) check(c *checker) {
	c.resource("Consent", cn.ResourceType, cn.ID, cn.Meta)
	c.oneOf("Consent.status", cn.Status, true, "draft", "proposed", "active", "rejected", "inactive", "entered-in-error")
	c.concept("Consent.scope", cn.Scope, true)
	c.concepts("Consent.category", cn.Category, true)
	c.reference("Consent.patient", cn.Patient, true, "Patient") // ppc-2: a privacy consent names the patient
	c.dateTime("Consent.dateTime", cn.DateTime, false)
	for i := range cn.Performer {
		c.reference(at("Consent.performer", i), &cn.Performer[i], false, "Patient", "Practitioner", "Organization", "RelatedPerson")
	}
	for i := range cn.Organization {
		c.reference(at("Consent.organization", i), &cn.Organization[i], false, "Organization")
	}
	if cn.PolicyRule == nil {
		c.add("Consent.policyRule", "is required: a consent names its policy or policy rule (ppc-1)")
	}
	c.concept("Consent.policyRule", cn.PolicyRule, false)
	if cn.Provision != nil {
		c.oneOf("Consent.provision.type", cn.Provision.Type, false, "permit", "deny")
		c.concepts("Consent.provision.code", cn.Provision.Code, false)
	}
}
