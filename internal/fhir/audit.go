package fhir

import (
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/record"
)

// AuditEvent is a FHIR R4 AuditEvent: one entry of Onset's audit log.
type AuditEvent struct {
	ResourceType string        `json:"resourceType"`
	ID           string        `json:"id,omitempty"`
	Meta         *Meta         `json:"meta,omitempty"`
	Kind         *Coding       `json:"type,omitempty"` // AuditEvent.type
	Action       string        `json:"action,omitempty"`
	Recorded     string        `json:"recorded,omitempty"`
	Outcome      string        `json:"outcome,omitempty"`
	Agent        []AuditAgent  `json:"agent,omitempty"`
	Source       *AuditSource  `json:"source,omitempty"`
	Entity       []AuditEntity `json:"entity,omitempty"`
}

// AuditAgent is who acted.
type AuditAgent struct {
	Role      []CodeableConcept `json:"role,omitempty"`
	Who       *Reference        `json:"who,omitempty"`
	Requestor *bool             `json:"requestor,omitempty"`
	Network   *AuditNetwork     `json:"network,omitempty"`
}

// AuditNetwork is the address the request came from.
type AuditNetwork struct {
	Address string `json:"address,omitempty"`
	Type    string `json:"type,omitempty"` // 2: IP address
}

// AuditSource is the system that recorded the event.
type AuditSource struct {
	Site     string     `json:"site,omitempty"`
	Observer *Reference `json:"observer,omitempty"`
}

// AuditEntity is a record the event was about.
type AuditEntity struct {
	What *Reference `json:"what,omitempty"`
}

func (AuditEvent) Type() string { return "AuditEvent" }

// auditVerbs map the last word of an action ("patient.read") to R4's
// audit-event-action: create, read, update; anything else (sign-in, a
// computation) is execute.
var auditVerbs = map[string]string{
	"read": "R", "list": "R", "view": "R", "chart": "R", "watch": "R", "open": "R", "bands": "R", "status": "R",
	"create": "C", "register": "C", "record": "C", "book": "C", "raise": "C", "draft": "C", "queue": "C", "import": "C",
	"checkin": "C", "dose": "C", "addendum": "C", "schedule": "C", "enrol": "C", "invite": "C",
	"sign": "U", "edit": "U", "settings": "U", "set": "U", "override": "U", "acknowledge": "U", "discharge": "U",
	"hold": "U", "disable": "U", "enable": "U", "password": "U", "manage": "U", "revoke": "U", "setup": "U",
	"consent": "U", "contact_consent": "U", "retry": "U", "expire": "U", "close": "U", "send": "U", "fail": "U",
}

// auditRecords are the audited record types that have a FHIR resource.
var auditRecords = map[string]func(id int64) *Reference{
	"patient":           func(id int64) *Reference { return ref("Patient", id) },
	"treatment_session": func(id int64) *Reference { return ref("Encounter", id) },
	"treatment_plan":    func(id int64) *Reference { return ref("CarePlan", id) },
	"safety_alert": func(id int64) *Reference {
		return &Reference{Reference: "AdverseEvent/safety-alert-" + strconv.FormatInt(id, 10)}
	},
}

// NewAuditEvent maps an audit entry. Its type is the entry's action in
// Onset's system urn:onset:audit-action; the action letter follows the
// action's verb (auditVerbs); an action ending _failed is a minor failure
// (outcome 4), any other a success (0): the log records failures only as
// such actions. A staff member is a Practitioner; a patient's account is
// named by identifier (urn:onset:user); an entry with no user is Onset's
// own. The request id is not mapped. Entries never change, so
// meta.lastUpdated is when it was recorded.
func NewAuditEvent(e clinic.AuditEntry) AuditEvent {
	verb := e.Action[strings.LastIndex(e.Action, ".")+1:]
	action := auditVerbs[verb]
	if action == "" || strings.HasPrefix(e.Action, "auth.") {
		action = "E"
	}
	outcome := "0"
	if strings.HasSuffix(e.Action, "_failed") {
		outcome = "4"
	}
	ev := AuditEvent{ResourceType: "AuditEvent", ID: idOf(e.ID), Meta: metaAt(e.At), Kind: &Coding{System: SystemAuditAction, Code: e.Action},
		Action: action, Recorded: Instant(e.At), Outcome: outcome,
		Source: &AuditSource{Site: "Onset", Observer: refTo("Organization", e.ClinicID, "")}}
	if ev.Source.Observer == nil {
		ev.Source.Observer = &Reference{Display: "Onset"}
	}
	requestor := e.UserID != 0
	agent := AuditAgent{Requestor: &requestor}
	switch {
	case e.UserID == 0:
		agent.Who = &Reference{Display: "Onset (automatic)"}
	case e.Role == clinic.RolePatient:
		agent.Who = &Reference{Identifier: &Identifier{System: SystemUser, Value: strconv.FormatInt(e.UserID, 10)}}
	default:
		agent.Who = ref("Practitioner", e.UserID)
	}
	if e.Role != "" {
		agent.Role = []CodeableConcept{{Text: string(e.Role)}}
	}
	if e.Address != "" {
		agent.Network = &AuditNetwork{Address: e.Address, Type: "2"}
	}
	ev.Agent = []AuditAgent{agent}
	if e.PatientID != 0 {
		ev.Entity = append(ev.Entity, AuditEntity{What: ref("Patient", e.PatientID)})
	}
	if e.RecordType != "" && e.RecordID != 0 && !(e.RecordType == "patient" && e.RecordID == e.PatientID) {
		what := &Reference{Identifier: &Identifier{System: SystemRecord + e.RecordType, Value: strconv.FormatInt(e.RecordID, 10)}}
		if f := auditRecords[e.RecordType]; f != nil {
			what = f(e.RecordID)
		}
		ev.Entity = append(ev.Entity, AuditEntity{What: what})
	}
	return ev
}

func (ev AuditEvent) check(c *checker) {
	c.resource("AuditEvent", ev.ResourceType, ev.ID, ev.Meta)
	if ev.Kind == nil {
		c.add("AuditEvent.type", "is required")
	} else {
		c.coding("AuditEvent.type", *ev.Kind)
	}
	c.oneOf("AuditEvent.action", ev.Action, false, "C", "R", "U", "D", "E")
	c.instant("AuditEvent.recorded", ev.Recorded, true)
	c.oneOf("AuditEvent.outcome", ev.Outcome, false, "0", "4", "8", "12")
	if len(ev.Agent) == 0 {
		c.add("AuditEvent.agent", "is required")
	}
	for i, a := range ev.Agent {
		p := at("AuditEvent.agent", i)
		if a.Requestor == nil {
			c.add(p+".requestor", "is required")
		}
		c.reference(p+".who", a.Who, false)
		if a.Network != nil {
			c.oneOf(p+".network.type", a.Network.Type, false, "1", "2", "3", "4", "5")
		}
	}
	if ev.Source == nil {
		c.add("AuditEvent.source", "is required")
	} else {
		c.reference("AuditEvent.source.observer", ev.Source.Observer, true)
	}
	for i, en := range ev.Entity {
		c.reference(at("AuditEvent.entity", i)+".what", en.What, false)
	}
}

// Provenance is a FHIR R4 Provenance: who signed a plan or a session.
type Provenance struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id,omitempty"`
	Meta         *Meta             `json:"meta,omitempty"`
	Target       []Reference       `json:"target,omitempty"`
	Recorded     string            `json:"recorded,omitempty"`
	Activity     *CodeableConcept  `json:"activity,omitempty"`
	Agent        []ProvenanceAgent `json:"agent,omitempty"`
}

// ProvenanceAgent is the signer.
type ProvenanceAgent struct {
	Kind *CodeableConcept `json:"type,omitempty"` // ProvenanceAgent.type
	Who  *Reference       `json:"who,omitempty"`
}

func (Provenance) Type() string { return "Provenance" }

// signature is the Provenance of a signature: the signer attests to the
// record (R4 provenance-participant-type "attester"), at the time signed.
func signature(id string, target *Reference, when string, by int64, name, what string) Provenance {
	return Provenance{ResourceType: "Provenance", ID: id, Meta: &Meta{LastUpdated: when}, Target: []Reference{*target},
		Recorded: when, Activity: textOnly(what),
		Agent: []ProvenanceAgent{{Kind: concept(SystemProvenanceAgent, "attester", "Attester", "Signed by"),
			Who: refTo("Practitioner", by, name)}}}
}

// PlanSignature is who signed a plan version and when; ok is false for a
// version not signed.
func PlanSignature(p record.Plan) (Provenance, bool) {
	if p.SignedAt.IsZero() || p.SignedBy == 0 {
		return Provenance{}, false
	}
	return signature("plan-"+strconv.FormatInt(p.ID, 10)+"-signed", ref("CarePlan", p.ID), Instant(p.SignedAt),
		p.SignedBy, p.SignedByName, "Signed the treatment plan (version "+strconv.Itoa(p.Version)+")"), true
}

// SessionSignature is who signed a session's record, locking it.
func SessionSignature(s record.TreatmentSession) (Provenance, bool) {
	if !s.Signed() || s.SignedBy == 0 {
		return Provenance{}, false
	}
	return signature("session-"+strconv.FormatInt(s.ID, 10)+"-signed", ref("Encounter", s.ID), Instant(s.SignedAt),
		s.SignedBy, s.SignedByName, "Signed the session record, locking it"), true
}

// REMSSignature is who signed a session's REMS Patient Monitoring Form.
func REMSSignature(r record.REMSAnswers) (Provenance, bool) {
	if r.SignedAt.IsZero() || r.SignedBy == 0 {
		return Provenance{}, false
	}
	return signature("rems-"+strconv.FormatInt(r.SessionID, 10)+"-signed", ref("Encounter", r.SessionID), Instant(r.SignedAt),
		r.SignedBy, r.SignedByName, "Signed the REMS Patient Monitoring Form"), true
}

func (p Provenance) check(c *checker) {
	c.resource("Provenance", p.ResourceType, p.ID, p.Meta)
	if len(p.Target) == 0 {
		c.add("Provenance.target", "is required")
	}
	for i := range p.Target {
		c.reference(at("Provenance.target", i), &p.Target[i], true)
	}
	c.instant("Provenance.recorded", p.Recorded, true)
	c.concept("Provenance.activity", p.Activity, false)
	if len(p.Agent) == 0 {
		c.add("Provenance.agent", "is required")
	}
	for i, a := range p.Agent {
		c.concept(at("Provenance.agent", i)+".type", a.Kind, false)
		c.reference(at("Provenance.agent", i)+".who", a.Who, true, "Practitioner", "Patient", "Organization")
	}
}
