package fhir

import (
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
)

// Patient is a FHIR R4 Patient.
type Patient struct {
	ResourceType         string           `json:"resourceType"`
	ID                   string           `json:"id,omitempty"`
	Meta                 *Meta            `json:"meta,omitempty"`
	Identifier           []Identifier     `json:"identifier,omitempty"`
	Name                 []HumanName      `json:"name,omitempty"`
	Telecom              []ContactPoint   `json:"telecom,omitempty"`
	Gender               string           `json:"gender,omitempty"`
	BirthDate            string           `json:"birthDate,omitempty"`
	Contact              []PatientContact `json:"contact,omitempty"`
	ManagingOrganization *Reference       `json:"managingOrganization,omitempty"`
}

// PatientContact is someone to contact about the patient: Onset keeps one,
// the emergency contact.
type PatientContact struct {
	Relationship []CodeableConcept `json:"relationship,omitempty"`
	Name         *HumanName        `json:"name,omitempty"`
	Telecom      []ContactPoint    `json:"telecom,omitempty"`
}

// emergencyContact is the relationship text of the emergency contact. No
// code is given: HL7 v2 table 0131 was not checked against a source
// (doc.go, "Codes").
const emergencyContact = "Emergency contact"

func (Patient) Type() string { return "Patient" }

// NewPatient maps a patient's details as they stand: the MRN, the name,
// phone and email, gender (Onset's sex: female, male, other, unknown; the
// gender a patient describes has no R4 core element and is left out),
// birth date and the emergency contact (Patient.contact, relationship
// text). Staff edit the details after registration, each edit a version
// (record.PatientVersion), so meta says which version this is only when
// the caller knows: VersionedPatient. Without it meta.lastUpdated is the
// registration time, true only of a patient never edited. Conditions go
// as Condition resources (NewConditions); allergies (free text) are not
// mapped.
func NewPatient(p clinic.Patient) Patient {
	out := Patient{ResourceType: "Patient", ID: idOf(p.ID), Meta: metaAt(p.CreatedAt), Gender: p.Sex,
		BirthDate: Date(p.BirthDate)}
	if p.MRN != "" {
		out.Identifier = []Identifier{{Use: "usual", System: SystemMRN, Value: p.MRN}}
	}
	if p.GivenName != "" || p.FamilyName != "" {
		n := HumanName{Use: "official", Family: p.FamilyName}
		if p.GivenName != "" {
			n.Given = []string{p.GivenName}
		}
		out.Name = []HumanName{n}
	}
	if p.Phone != "" {
		out.Telecom = append(out.Telecom, ContactPoint{System: "phone", Value: p.Phone})
	}
	if p.Email != "" {
		out.Telecom = append(out.Telecom, ContactPoint{System: "email", Value: p.Email})
	}
	if p.EmergencyName != "" || p.EmergencyPhone != "" {
		c := PatientContact{Relationship: []CodeableConcept{{Text: emergencyContact}}}
		if p.EmergencyName != "" {
			c.Name = &HumanName{Text: p.EmergencyName}
		}
		if p.EmergencyPhone != "" {
			c.Telecom = []ContactPoint{{System: "phone", Value: p.EmergencyPhone}}
		}
		out.Contact = []PatientContact{c}
	}
	if p.ClinicID != 0 {
		out.ManagingOrganization = ref("Organization", p.ClinicID)
	}
	return out
}

// VersionedPatient maps version versionID of a patient's details (1 is
// the registration, each edit one more), last changed at lastUpdated:
// meta.versionId and meta.lastUpdated say so.
func VersionedPatient(p clinic.Patient, versionID int, lastUpdated time.Time) Patient {
	out := NewPatient(p)
	out.Meta = metaAt(lastUpdated)
	if out.Meta == nil {
		out.Meta = &Meta{}
	}
	out.Meta.VersionID = strconv.Itoa(versionID)
	return out
}

var genders = []string{"male", "female", "other", "unknown"}

func (p Patient) check(c *checker) {
	c.resource("Patient", p.ResourceType, p.ID, p.Meta)
	for i, id := range p.Identifier {
		c.identifier(at("Patient.identifier", i), id)
	}
	for i, n := range p.Name {
		path := at("Patient.name", i)
		if n.Family == "" && len(n.Given) == 0 && n.Text == "" {
			c.add(path, "needs a family name, a given name or text")
		}
		c.oneOf(path+".use", n.Use, false, "usual", "official", "temp", "nickname", "anonymous", "old", "maiden")
	}
	c.contacts("Patient.telecom", p.Telecom)
	c.oneOf("Patient.gender", p.Gender, false, genders...)
	c.date("Patient.birthDate", p.BirthDate, false)
	for i, k := range p.Contact {
		path := at("Patient.contact", i)
		c.concepts(path+".relationship", k.Relationship, false)
		if k.Name == nil && len(k.Telecom) == 0 {
			c.add(path, "needs a name or a telecom (pat-1)")
		}
		if k.Name != nil && k.Name.Family == "" && len(k.Name.Given) == 0 && k.Name.Text == "" {
			c.add(path+".name", "needs a family name, a given name or text")
		}
		c.contacts(path+".telecom", k.Telecom)
	}
	c.reference("Patient.managingOrganization", p.ManagingOrganization, false, "Organization")
}

// ParsePatient reads a posted Patient into Onset's patient: the MRN (the
// identifier with system urn:onset:mrn), the official (else first) name,
// gender, birth date, the first phone and email, the emergency contact (one
// Patient.contact: its name and first phone), the clinic
// (managingOrganization) and, when the id is Onset's, the ID. Onset
// requires the MRN, both names, the gender and the birth date; whether the
// birth date lies in the past is the service's check (it has the clock).
func ParsePatient(data []byte) (clinic.Patient, error) {
	return parsePatient(data, false)
}

// parsePatient is ParsePatient; foreign reads a patient of another system
// (an import file): without Onset's MRN, the first identifier's value
// becomes the MRN, and the id is not Onset's.
func parsePatient(data []byte, foreign bool) (clinic.Patient, error) {
	var r Patient
	dec := decode
	if foreign {
		dec = decodeForeign
	}
	if err := dec(data, "Patient", &r); err != nil {
		return clinic.Patient{}, err
	}
	if err := Validate(r); err != nil {
		return clinic.Patient{}, err
	}
	c := &checker{}
	p := clinic.Patient{ID: onsetID(r.ID), Sex: r.Gender}
	if foreign {
		p.ID = 0
	}
	for _, id := range r.Identifier {
		if id.System == SystemMRN {
			p.MRN = id.Value
		}
	}
	if p.MRN == "" && foreign && len(r.Identifier) > 0 {
		p.MRN = r.Identifier[0].Value
	}
	if p.MRN == "" {
		c.add("Patient.identifier", "needs the medical record number (system "+SystemMRN+")")
	}
	name := HumanName{}
	for i, n := range r.Name {
		if i == 0 || n.Use == "official" {
			name = n
		}
	}
	p.FamilyName, p.GivenName = name.Family, strings.Join(name.Given, " ")
	if p.FamilyName == "" || p.GivenName == "" {
		c.add("Patient.name", "needs a family name and a given name")
	}
	for _, t := range r.Telecom {
		switch {
		case t.System == "phone" && p.Phone == "":
			p.Phone = t.Value
		case t.System == "email" && p.Email == "":
			p.Email = t.Value
		}
	}
	if len(r.Contact) > 1 {
		c.add("Patient.contact", "Onset keeps one contact, the emergency contact")
	}
	for _, k := range r.Contact {
		if k.Name != nil {
			p.EmergencyName = k.Name.Text
			if p.EmergencyName == "" {
				p.EmergencyName = strings.TrimSpace(strings.Join(k.Name.Given, " ") + " " + k.Name.Family)
			}
		}
		for _, t := range k.Telecom {
			if t.System == "phone" && p.EmergencyPhone == "" {
				p.EmergencyPhone = t.Value
			}
		}
	}
	for _, f := range []struct {
		path string
		v    *string
		t    clinic.Text
	}{{"Patient.identifier", &p.MRN, clinic.MRNText}, {"Patient.name.given", &p.GivenName, clinic.NameText},
		{"Patient.name.family", &p.FamilyName, clinic.NameText}, {"Patient.telecom", &p.Phone, clinic.PhoneText},
		{"Patient.telecom", &p.Email, clinic.EmailText}, {"Patient.contact.name", &p.EmergencyName, clinic.NameText},
		{"Patient.contact.telecom", &p.EmergencyPhone, clinic.PhoneText}} {
		v, err := f.t.Clean(*f.v)
		if err != nil {
			c.add(f.path, clinic.ErrorMessage(err))
		}
		*f.v = v
	}
	if p.Sex == "" {
		c.add("Patient.gender", "is required")
	}
	if r.BirthDate == "" {
		c.add("Patient.birthDate", "is required")
	}
	p.BirthDate, _ = ParseDate(r.BirthDate)
	if r.ManagingOrganization != nil {
		p.ClinicID = onsetID(strings.TrimPrefix(r.ManagingOrganization.Reference, "Organization/"))
	}
	if r.Meta != nil {
		p.CreatedAt, _ = ParseDateTime(r.Meta.LastUpdated)
	}
	return p, c.err()
}

// Practitioner is a FHIR R4 Practitioner: an Onset staff account.
type Practitioner struct {
	ResourceType string         `json:"resourceType"`
	ID           string         `json:"id,omitempty"`
	Active       *bool          `json:"active,omitempty"`
	Name         []HumanName    `json:"name,omitempty"`
	Telecom      []ContactPoint `json:"telecom,omitempty"`
}

func (Practitioner) Type() string { return "Practitioner" }

// NewPractitioner maps a staff account; ok is false for a patient's
// portal account, which is no practitioner. Accounts change (disabled,
// renamed) without a time being kept, so there is no meta.lastUpdated.
func NewPractitioner(u clinic.User) (Practitioner, bool) {
	if u.Role == clinic.RolePatient {
		return Practitioner{}, false
	}
	active := !u.Disabled
	out := Practitioner{ResourceType: "Practitioner", ID: idOf(u.ID), Active: &active}
	if u.Name != "" {
		out.Name = []HumanName{{Text: u.Name}}
	}
	if u.Email != "" {
		out.Telecom = []ContactPoint{{System: "email", Value: u.Email, Use: "work"}}
	}
	return out, true
}

func (p Practitioner) check(c *checker) {
	c.resource("Practitioner", p.ResourceType, p.ID, nil)
	for i, n := range p.Name {
		if n.Family == "" && len(n.Given) == 0 && n.Text == "" {
			c.add(at("Practitioner.name", i), "needs a family name, a given name or text")
		}
	}
	c.contacts("Practitioner.telecom", p.Telecom)
}

// Organization is a FHIR R4 Organization: the clinic.
type Organization struct {
	ResourceType string         `json:"resourceType"`
	ID           string         `json:"id,omitempty"`
	Meta         *Meta          `json:"meta,omitempty"`
	Name         string         `json:"name,omitempty"`
	Telecom      []ContactPoint `json:"telecom,omitempty"`
	Address      []Address      `json:"address,omitempty"`
}

func (Organization) Type() string { return "Organization" }

// NewOrganization maps a clinic's settings in force (the version saved
// last, so meta.lastUpdated is when it was saved).
func NewOrganization(clinicID int64, s record.ClinicSettings) Organization {
	out := Organization{ResourceType: "Organization", ID: idOf(clinicID), Meta: metaAt(s.SavedAt), Name: s.Name}
	if s.Phone != "" {
		out.Telecom = append(out.Telecom, ContactPoint{System: "phone", Value: s.Phone, Use: "work"})
	}
	if s.ReplyTo != "" {
		out.Telecom = append(out.Telecom, ContactPoint{System: "email", Value: s.ReplyTo, Use: "work"})
	}
	if s.Address != "" {
		out.Address = []Address{{Text: s.Address}}
	}
	return out
}

func (o Organization) check(c *checker) {
	c.resource("Organization", o.ResourceType, o.ID, o.Meta)
	c.required("Organization.name", o.Name) // org-1: a name or an identifier; Onset always has the name
	c.contacts("Organization.telecom", o.Telecom)
}

// Location is a FHIR R4 Location: a treatment chair or consulting room.
type Location struct {
	ResourceType         string           `json:"resourceType"`
	ID                   string           `json:"id,omitempty"`
	Status               string           `json:"status,omitempty"`
	Name                 string           `json:"name,omitempty"`
	Mode                 string           `json:"mode,omitempty"`
	PhysicalType         *CodeableConcept `json:"physicalType,omitempty"`
	ManagingOrganization *Reference       `json:"managingOrganization,omitempty"`
}

func (Location) Type() string { return "Location" }

// NewLocation maps a bookable chair or room. A room is the R4
// location-physical-type "ro"; a chair has no code there, so it goes as text.
func NewLocation(r record.BookingResource) Location {
	out := Location{ResourceType: "Location", ID: idOf(r.ID), Status: "active", Name: r.Name, Mode: "instance",
		ManagingOrganization: ref("Organization", r.ClinicID)}
	switch r.Kind {
	case schedule.Room:
		out.PhysicalType = concept(SystemLocationType, "ro", "Room", "Consulting room")
	case schedule.Chair:
		out.PhysicalType = textOnly("Treatment chair")
	}
	return out
}

func (l Location) check(c *checker) {
	c.resource("Location", l.ResourceType, l.ID, nil)
	c.oneOf("Location.status", l.Status, false, "active", "suspended", "inactive")
	c.oneOf("Location.mode", l.Mode, false, "instance", "kind")
	c.concept("Location.physicalType", l.PhysicalType, false)
	c.reference("Location.managingOrganization", l.ManagingOrganization, false, "Organization")
}

// Condition is a FHIR R4 Condition: one condition a patient is treated for.
type Condition struct {
	ResourceType string           `json:"resourceType"`
	ID           string           `json:"id,omitempty"`
	Meta         *Meta            `json:"meta,omitempty"`
	Code         *CodeableConcept `json:"code,omitempty"`
	Subject      *Reference       `json:"subject,omitempty"`
	RecordedDate string           `json:"recordedDate,omitempty"`
}

func (Condition) Type() string { return "Condition" }

// conditionNames are the words for Onset's conditions. No SNOMED or ICD
// code was verified for them, so they go as Onset's code and text.
var conditionNames = map[clinic.Condition]string{
	clinic.Depression: "Depression", clinic.Anxiety: "Anxiety", clinic.PTSD: "Post-traumatic stress disorder",
	clinic.OCD: "Obsessive-compulsive disorder", clinic.ChronicPain: "Chronic pain", clinic.Migraine: "Migraine",
	clinic.SubstanceUse: "Substance use disorder",
}

// NewConditions maps the conditions recorded at a patient's registration.
// Onset does not record whether a condition is active or resolved, so
// clinicalStatus (and with it category, con-3) is left out.
func NewConditions(p clinic.Patient) []Condition {
	var out []Condition
	for _, cond := range p.Conditions {
		name := conditionNames[cond]
		if name == "" {
			name = string(cond)
		}
		out = append(out, Condition{ResourceType: "Condition", ID: idOf(p.ID) + "-" + string(cond), Meta: metaAt(p.CreatedAt),
			Code: concept(SystemCondition, string(cond), name, name), Subject: ref("Patient", p.ID),
			RecordedDate: Instant(p.CreatedAt)})
	}
	return out
}

func (cd Condition) check(c *checker) {
	c.resource("Condition", cd.ResourceType, cd.ID, cd.Meta)
	c.concept("Condition.code", cd.Code, true)
	c.reference("Condition.subject", cd.Subject, true, "Patient")
	c.dateTime("Condition.recordedDate", cd.RecordedDate, false)
}

// idOf writes an Onset number as a resource id, "" for 0 (not yet stored).
func idOf(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// onsetID reads a resource id that is an Onset number; 0 otherwise (a
// posted resource's own id is not Onset's and is ignored, as FHIR's
// create ignores it).
func onsetID(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != s {
		return 0
	}
	return n
}
