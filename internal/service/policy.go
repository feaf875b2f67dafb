package service

import (
	"slices"

	"onset/internal/clinic"
)

// Action is something an actor may be allowed to do.
type Action string

const (
	ActHome           Action = "home.view"
	ActPatientList    Action = "patient.list"
	ActPatientRead    Action = "patient.read"
	ActPatientCreate  Action = "patient.create"
	ActPatientUpdate  Action = "patient.update"  // edit demographics, contact, allergies; versioned
	ActCaseloadManage Action = "caseload.manage" // put a patient on a therapist's caseload, or take them off
	ActNoteRead       Action = "note.read"       // the care team's clinical notes (notes capability)
	ActWorklist       Action = "worklist.read"   // what a member of staff has to do (service/worklist)
	ActNoteWrite      Action = "note.write"      // write, sign and add to notes: which kinds, by role (notes.KindsFor)
	ActNoteTemplates  Action = "note.templates"  // the clinic's note templates (service/notes templates.go)
	ActAuditRead      Action = "audit.read"
	ActUserManage     Action = "user.manage"
	ActClinicSettings Action = "clinic.settings" // the clinic's name, time zone, email signature, crisis text, quiet hours
	ActClinicSwitch   Action = "clinic.switch"   // work in another of the organization's clinics the user belongs to
	// ActOrgManage is the organization's own administration (its clinics,
	// who works where, pooled outcomes): admins who are organization
	// admins (AuthorizeOrg), never a clinic's admin alone.
	ActOrgManage    Action = "org.manage"
	ActClinicExport Action = "clinic.export" // the whole clinic's data as a zip of CSV files (service/export)
	// ActBulkExport starts and collects a FHIR Bulk Data export of the
	// clinic's records (admins, and backend clients: RoleBackend).
	ActBulkExport    Action = "data.bulk_export"
	ActBackendManage Action = "backend.manage" // register and revoke SMART Backend Services clients (service/backend)
	ActOwnTokens     Action = "token.manage"   // one's own API tokens
	ActOwnAccount    Action = "account.manage"

	// Measurement-based care (assessments.go, links.go, alerts.go).
	ActAssessmentRecord Action = "assessment.record" // staff forms, the API, the patient portal (own record)
	ActLinkCreate       Action = "link.create"       // questionnaire links for patients
	ActAlertRead        Action = "alert.read"        // the clinic's open safety alerts
	ActAlertAck         Action = "alert.acknowledge" // acknowledge a safety alert with a note
	ActOutboxRead       Action = "outbox.read"       // the clinic's outbox: messages to patients, sent, waiting and failed
	ActOutboxRetry      Action = "outbox.retry"      // send a waiting message now (after the mail server is fixed)
	ActContactSet       Action = "contact.set"       // how a patient is reached (email, text, both, none); patients their own
	ActPortalInvite     Action = "portal.invite"     // give a patient a portal account and email them a link to set its password

	// Treatment plans and pharmacokinetics (plans.go, pk.go).
	ActPlanRead  Action = "plan.read"  // a patient's plans, for staff
	ActPlanDraft Action = "plan.draft" // create, edit and amend drafts
	ActPlanSign  Action = "plan.sign"  // only a prescriber signs
	// ActProtocolEdit saves the clinic's own protocol templates (protocols.go).
	ActProtocolEdit Action = "protocol.edit"
	// ActSessionSettings sets the clinic's session rules (session_settings.go).
	ActSessionSettings Action = "session.settings"
	ActPKCompare       Action = "pk.compare"  // dose and route comparison for a patient
	ActExpect          Action = "plan.expect" // "what to expect and when"; patients see their own

	// Outcome analytics and import (outcomes.go, import.go).
	ActOutcomesRead Action = "outcomes.read"  // the clinic's aggregate outcomes, bands and per-course rows
	ActImport       Action = "data.import"    // import of historical spreadsheets
	ActOutcomeBands Action = "outcomes.bands" // expected trajectory bands: aggregates only, for "patients like you"

	// Treatment sessions in the room (sessions.go).
	ActSessionRead      Action = "session.read"       // a session's record, the patient's sessions, the REMS queue
	ActSessionCheckIn   Action = "session.checkin"    // check-in with the pre-dose checklist and baseline
	ActSessionHold      Action = "session.hold"       // decide on a dose held for blood pressure: prescribers only
	ActSessionOverride  Action = "session.override"   // check in despite the dose spacing, with a reason: prescribers only
	ActRoomWatch        Action = "room.watch"         // see the treatment room's problems live (room.go)
	ActBoardRead        Action = "board.read"         // the Today board: the day's chairs, patients and their states (today.go)
	ActArrival          Action = "appointment.arrive" // the front desk marks a booked patient arrived (the board's "arrived")
	ActSessionDose      Action = "session.dose"       // record the dose given
	ActSessionChart     Action = "session.chart"      // vital signs, alert acknowledgement, side effects, REMS answers
	ActSessionDischarge Action = "session.discharge"  // discharge once the criteria pass
	ActREMSSign         Action = "rems.sign"          // sign the REMS Patient Monitoring Form: prescribers only
	ActSessionSign      Action = "session.sign"       // sign a discharged session, locking it: prescribers only
	ActSessionAddendum  Action = "session.addendum"   // add a signed addendum to a closed session
	ActREMSEnrol        Action = "rems.enrol"         // record a patient's Spravato REMS enrolment
	ActREMSStatus       Action = "rems.status"        // whether a patient is REMS-enrolled (booking checks it); patients their own

	// Booking (booking.go).
	ActCalendarRead    Action = "calendar.read"    // the clinic's day and week views, waitlist, iCalendar feed
	ActAppointmentBook Action = "appointment.book" // book, move or cancel; patients their own, online
	ActAppointmentRead Action = "appointment.read" // a patient's appointments; patients their own
	ActBookingSetup    Action = "booking.setup"    // chairs, rooms, providers, hours and policy
	ActWaitlistManage  Action = "waitlist.manage"  // add patients to the waitlist

	// Intake and eligibility screening (intake.go).
	ActIntakeRead        Action = "intake.read"        // a patient's intake and screening; patients their own
	ActIntakeRecord      Action = "intake.record"      // save a new intake version; patients their own, in the portal
	ActScreeningOverride Action = "screening.override" // allow treatment despite an exclusion: prescribers only

	// Controlled-substance ledger (ledger.go). The ledger's own rules
	// (internal/ledger) further require a licensed person for draws and waste.
	ActLedgerRead   Action = "ledger.read"   // containers, balances, entries, discrepancies
	ActLedgerRecord Action = "ledger.record" // receive, draw, waste, count, correct

	// Secure messages between a patient and their care team (service/messaging).
	ActMessageRead   Action = "message.read"   // threads and their messages; patients their own, therapists their caseload's
	ActMessageSend   Action = "message.send"   // start a thread or write in one; patients their own
	ActMessageAssign Action = "message.assign" // give a thread to a staff member to answer
)

// RoleBackend is a registered backend service (SMART Backend Services,
// scope system/*.read) reading the clinic's records through the FHIR API:
// it may do only backendActions. It is not a Role a user account can have.
const RoleBackend clinic.Role = "backend"

// backendActions are the reads a backend client's token allows: the parts
// of every patient's record the FHIR API serves, and bulk export.
var backendActions = []Action{ActPatientList, ActPatientRead, ActSessionRead, ActIntakeRead, ActPlanRead, ActAppointmentRead, ActBulkExport}

// RoleSystem is the CLI (and the outbox's schedule) acting on the clinic's behalf.
// It is not a Role a user account can have.
const RoleSystem clinic.Role = "system"

// policy is the one role × action table. Object-level checks (a patient
// reaches only their own record; staff only their clinic's) are in
// authorizePatient.
var policy = map[Action][]clinic.Role{
	ActHome:           {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk, clinic.RolePatient},
	ActPatientList:    {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk},
	ActPatientRead:    {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk, clinic.RolePatient},
	ActPatientCreate:  {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	ActPatientUpdate:  {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	ActAuditRead:      {clinic.RoleAdmin},
	ActCaseloadManage: {clinic.RoleAdmin},
	ActNoteRead:       {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist},
	ActNoteWrite:      {clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist},
	ActNoteTemplates:  {clinic.RoleAdmin, clinic.RoleClinician},
	ActWorklist:       {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk},
	ActUserManage:     {clinic.RoleAdmin},
	ActClinicSettings: {clinic.RoleAdmin},
	ActClinicSwitch:   {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk},
	ActOrgManage:      {clinic.RoleAdmin},
	ActClinicExport:   {clinic.RoleAdmin},
	ActBulkExport:     {clinic.RoleAdmin},
	ActBackendManage:  {clinic.RoleAdmin},
	ActOwnTokens:      {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk, clinic.RolePatient},
	ActOwnAccount:     {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk, clinic.RolePatient},

	ActAssessmentRecord: {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk, clinic.RolePatient},
	ActLinkCreate:       {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	ActAlertRead:        {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	ActAlertAck:         {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	ActOutboxRead:       {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	ActOutboxRetry:      {clinic.RoleAdmin, clinic.RoleFrontDesk},
	ActContactSet:       {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk, clinic.RolePatient},
	ActPortalInvite:     {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},

	ActPlanRead:        {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	ActPlanDraft:       {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	ActPlanSign:        {clinic.RoleClinician},
	ActProtocolEdit:    {clinic.RoleAdmin, clinic.RoleClinician},
	ActSessionSettings: {clinic.RoleAdmin, clinic.RoleClinician},
	ActPKCompare:       {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	ActExpect:          {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk, clinic.RolePatient},

	ActOutcomesRead: {clinic.RoleAdmin, clinic.RoleClinician},
	ActImport:       {clinic.RoleAdmin},
	ActOutcomeBands: {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk, clinic.RolePatient},

	ActSessionRead:      {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	ActSessionCheckIn:   {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	ActSessionHold:      {clinic.RoleClinician},
	ActSessionOverride:  {clinic.RoleClinician},
	ActRoomWatch:        {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	ActBoardRead:        {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	ActArrival:          {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	ActSessionDose:      {clinic.RoleClinician, clinic.RoleNurse},
	ActSessionChart:     {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	ActSessionDischarge: {clinic.RoleClinician, clinic.RoleNurse},
	ActREMSSign:         {clinic.RoleClinician},
	ActSessionSign:      {clinic.RoleClinician},
	ActSessionAddendum:  {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	ActREMSEnrol:        {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	ActREMSStatus:       {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk, clinic.RolePatient},

	ActCalendarRead:    {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	ActAppointmentBook: {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk, clinic.RolePatient},
	ActAppointmentRead: {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk, clinic.RolePatient},
	ActBookingSetup:    {clinic.RoleAdmin},
	ActWaitlistManage:  {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},

	ActIntakeRead:        {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk, clinic.RolePatient},
	ActIntakeRecord:      {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RolePatient},
	ActScreeningOverride: {clinic.RoleClinician},

	ActLedgerRead:   {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	ActLedgerRecord: {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},

	ActMessageRead:   {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk, clinic.RolePatient},
	ActMessageSend:   {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk, clinic.RolePatient},
	ActMessageAssign: {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
}

// Allowed reports whether role may perform action (pages use it to decide
// which links to show; the use cases enforce it).
func Allowed(role clinic.Role, action Action) bool {
	switch role {
	case RoleSystem:
		return true
	case RoleBackend:
		return slices.Contains(backendActions, action)
	}
	for _, r := range policy[action] {
		if r == role {
			return true
		}
	}
	return false
}

// Known reports whether action is in the policy table.
func Known(action Action) bool { _, ok := policy[action]; return ok }

// MFARequired reports whether a role must use TOTP: prescribers and
// administrators reach everything, so a password alone is not enough.
func MFARequired(role clinic.Role) bool {
	return role == clinic.RoleAdmin || role == clinic.RoleClinician
}

// AuthorizeOrg decides the organization's administration: the policy's
// role, and an organization admin (or the operator's CLI).
func AuthorizeOrg(a Actor) error {
	if err := Authorize(a, ActOrgManage); err != nil {
		return err
	}
	if a.Role != RoleSystem && !a.OrgAdmin {
		return clinic.Errorf(clinic.Forbidden, "Only an administrator of the organization can do that.")
	}
	return nil
}

// Authorize decides an action by the actor's role.
func Authorize(a Actor, action Action) error {
	if !Allowed(a.Role, action) {
		return clinic.Errorf(clinic.Forbidden, "You do not have permission to do that.")
	}
	return nil
}

// AuthorizePatient adds the object-level rule: a patient account reaches
// only its own record, a therapist only their caseload's. Clinic isolation is enforced by every query taking
// the actor's clinic ID.
func AuthorizePatient(a Actor, action Action, patientID int64) error {
	if err := Authorize(a, action); err != nil {
		return err
	}
	if a.Role == clinic.RolePatient && a.PatientID != patientID {
		return clinic.Errorf(clinic.Forbidden, "You can only see your own records.")
	}
	if a.Role == clinic.RoleTherapist && !slices.Contains(a.Caseload, patientID) {
		return clinic.Errorf(clinic.Forbidden, "This patient is not on your caseload.")
	}
	return nil
}
