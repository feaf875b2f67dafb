package export

import (
	"context"
	"strings"
	"time"

	"onset/internal/auditchain"
	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/record"
	"onset/internal/session"
)

// files are the CSV files of an export, in the order the zip holds them.
// Each column's name, type, unit and meaning here are what
// data_dictionary.csv says of it: the dictionary is written from this list.
var files = []file{
	users, patients, courses, plans, plannedSessions, sessions, doses, vitals, sessionAlerts, sideEffects,
	sessionAddenda, assessments, answers, safetyAlerts, appointments, ledgerFile, notes, noteAddenda, messages, audit,
	intakes, remsForms, contactPreferences, waitlist, settingsFile,
}

// Meanings that recur.
const (
	mPatient  = "the patient (patients.csv patient_id)"
	mSession  = "the treatment session (sessions.csv session_id)"
	mUserName = "their name as it was then"
)

// who is the meaning of a column naming the user who did something.
func who(did string) string { return "the user who " + did + " (users.csv user_id); empty when none" }

var users = table[clinic.User]{file: "users", about: "Everyone who signs in: staff, and patients' portal accounts. No passwords or other secrets.",
	each: func(ctx context.Context, q Queries, c int64, fn func(clinic.User) error) error {
		return q.EachUser(ctx, c, fn)
	},
	cols: []column[clinic.User]{
		{"user_id", tID, "", "Onset's number for the account", func(u clinic.User) cell { return id(u.ID) }},
		{"name", tText, "", "the person's name", func(u clinic.User) cell { return txt(u.Name) }},
		{"email", tText, "", "the email they sign in with", func(u clinic.User) cell { return txt(u.Email) }},
		{"role", tText, "", "admin, clinician (prescriber), nurse, therapist, frontdesk or patient", func(u clinic.User) cell { return txt(string(u.Role)) }},
		{"patient_id", tID, "", "for a patient's portal account: " + mPatient, func(u clinic.User) cell { return id(u.PatientID) }},
		{"two_step", tBool, "", "whether two-step sign-in (an authenticator app) is on", func(u clinic.User) cell { return yes(u.TOTPEnabled) }},
		{"disabled", tBool, "", "whether the account may no longer sign in", func(u clinic.User) cell { return yes(u.Disabled) }},
		{"created_at", tTime, "", "when the account was made", func(u clinic.User) cell { return at(u.CreatedAt) }},
	}}

var patients = table[clinic.Patient]{file: "patients", about: "The clinic's patients: identity, contact, emergency contact, allergies and conditions.",
	each: func(ctx context.Context, q Queries, c int64, fn func(clinic.Patient) error) error {
		return q.EachPatient(ctx, c, fn)
	},
	cols: []column[clinic.Patient]{
		{"patient_id", tID, "", "Onset's number for the patient; other files name patients by it", func(p clinic.Patient) cell { return id(p.ID) }},
		{"mrn", tText, "", "the clinic's medical record number, unique in the clinic", func(p clinic.Patient) cell { return txt(p.MRN) }},
		{"given_name", tText, "", "given (first) name", func(p clinic.Patient) cell { return txt(p.GivenName) }},
		{"family_name", tText, "", "family (last) name", func(p clinic.Patient) cell { return txt(p.FamilyName) }},
		{"sex", tText, "", "sex: female, male, other or unknown", func(p clinic.Patient) cell { return txt(p.Sex) }},
		{"gender", tText, "", "gender as the patient describes it; empty when not asked", func(p clinic.Patient) cell { return txt(p.Gender) }},
		{"birth_date", tDate, "", "date of birth", func(p clinic.Patient) cell { return date(p.BirthDate) }},
		{"email", tText, "", "email address", func(p clinic.Patient) cell { return txt(p.Email) }},
		{"phone", tText, "", "mobile phone number (E.164, e.g. +15551234567)", func(p clinic.Patient) cell { return txt(p.Phone) }},
		{"emergency_name", tText, "", "who to call in an emergency", func(p clinic.Patient) cell { return txt(p.EmergencyName) }},
		{"emergency_phone", tText, "", "their phone number", func(p clinic.Patient) cell { return txt(p.EmergencyPhone) }},
		{"allergies", tText, "", "allergies as recorded; empty is not recorded, not none", func(p clinic.Patient) cell { return txt(p.Allergies) }},
		{"conditions", tText, "", "conditions treated, separated by ';': depression, anxiety, ptsd, ocd, chronic-pain, migraine, substance-use",
			func(p clinic.Patient) cell { return txt(joinConditions(p.Conditions)) }},
		{"created_at", tTime, "", "when the patient was registered in Onset", func(p clinic.Patient) cell { return at(p.CreatedAt) }},
	}}

func joinConditions(cs []clinic.Condition) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = string(c)
	}
	return strings.Join(parts, ";")
}

var courses = table[clinic.Course]{file: "courses", about: "Courses of treatment: one treatment plan of a patient, from its first dose (T0).",
	each: func(ctx context.Context, q Queries, c int64, fn func(clinic.Course) error) error {
		return q.EachCourse(ctx, c, fn)
	},
	cols: []column[clinic.Course]{
		{"course_id", tID, "", "Onset's number for the course", func(c clinic.Course) cell { return id(c.ID) }},
		{"patient_id", tID, "", mPatient, func(c clinic.Course) cell { return id(c.PatientID) }},
		{"condition", tText, "", "the condition treated", func(c clinic.Course) cell { return txt(string(c.Condition)) }},
		{"route", tText, "", "route: iv, im, esketamine (nasal spray), sublingual or oral", func(c clinic.Course) cell { return txt(string(c.Route)) }},
		{"started_at", tLocal, "", "T0: the start of the course's first administered session", func(c clinic.Course) cell { return at(c.StartedAt) }},
		{"therapy", tBool, "", "whether psychotherapy goes alongside", func(c clinic.Course) cell { return yes(c.Therapy) }},
		{"therapy_sessions", tInt, "", "psychotherapy sessions held for the course (signed therapy notes, preparation up to 30 days before T0)",
			func(c clinic.Course) cell { return num(c.TherapySessions) }},
		{"therapy_first_at", tLocal, "", "the first of them; empty when none", func(c clinic.Course) cell { return at(c.TherapyFirstAt) }},
	}}

var plans = table[record.Plan]{file: "plans", about: "Treatment plan versions: drafts, signed plans and the versions amendments superseded.",
	each: func(ctx context.Context, q Queries, c int64, fn func(record.Plan) error) error {
		return q.EachPlan(ctx, c, fn)
	},
	cols: []column[record.Plan]{
		{"plan_id", tID, "", "Onset's number for this version of the plan", func(p record.Plan) cell { return id(p.ID) }},
		{"patient_id", tID, "", mPatient, func(p record.Plan) cell { return id(p.PatientID) }},
		{"first_version_id", tID, "", "plan_id of the plan's first version: every version of one plan shares it", func(p record.Plan) cell { return id(p.RootID) }},
		{"version", tInt, "", "1 for the first version, then one more per amendment", func(p record.Plan) cell { return num(p.Version) }},
		{"status", tText, "", "draft, signed, or superseded (a later signed amendment replaced it)", func(p record.Plan) cell { return txt(string(p.Status)) }},
		{"template_id", tText, "", "the protocol template it was made from", func(p record.Plan) cell { return txt(p.TemplateID) }},
		{"template_name", tText, "", "that template's name", func(p record.Plan) cell { return txt(p.TemplateName) }},
		{"template_source", tText, "", "the template's published source", func(p record.Plan) cell { return txt(p.TemplateSource) }},
		{"route", tText, "", "route of the planned doses", func(p record.Plan) cell { return txt(string(p.Route)) }},
		{"weight_kg", tDec, "kg", "the weight doses were calculated for", func(p record.Plan) cell { return dec(p.WeightKg) }},
		{"age_years", tInt, "years", "the patient's age when planned", func(p record.Plan) cell { return num(p.AgeYears) }},
		{"start_date", tDate, "", "the plan's first day", func(p record.Plan) cell { return date(p.StartDate) }},
		{"weekdays", tText, "", "the days of the week sessions are planned on", func(p record.Plan) cell { return txt(weekdays(p.Weekdays)) }},
		{"concentration_mg_per_ml", tDec, "mg/mL", "stocked vial strength used for volumes (IV, IM); 0 otherwise", func(p record.Plan) cell { return dec(p.ConcentrationMgPerML) }},
		{"diluent_ml", tDec, "mL", "IV bag volume; 0 otherwise", func(p record.Plan) cell { return dec(p.DiluentML) }},
		{"reason", tText, "", "why this version exists: a new plan, or the amendment's reason", func(p record.Plan) cell { return txt(p.Reason) }},
		{"created_by", tID, "", who("drafted it"), func(p record.Plan) cell { return id(p.CreatedBy) }},
		{"created_by_name", tText, "", mUserName, func(p record.Plan) cell { return txt(p.CreatedByName) }},
		{"created_at", tLocal, "", "when it was drafted", func(p record.Plan) cell { return at(p.CreatedAt) }},
		{"signed_by", tID, "", who("signed it"), func(p record.Plan) cell { return id(p.SignedBy) }},
		{"signed_by_name", tText, "", mUserName, func(p record.Plan) cell { return txt(p.SignedByName) }},
		{"signed_at", tLocal, "", "when it was signed; empty for a draft", func(p record.Plan) cell { return at(p.SignedAt) }},
	}}

func weekdays(ds []time.Weekday) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.String()[:3]
	}
	return strings.Join(parts, " ")
}

type plannedRow struct {
	plan, patient int64
	s             record.PlannedSession
}

var plannedSessions = table[plannedRow]{file: "plan_sessions", about: "The sessions each plan version proposes, with their prepared doses.",
	each: func(ctx context.Context, q Queries, c int64, fn func(plannedRow) error) error {
		return q.EachPlannedSession(ctx, c, func(plan, patient int64, s record.PlannedSession) error { return fn(plannedRow{plan, patient, s}) })
	},
	cols: []column[plannedRow]{
		{"plan_id", tID, "", "the plan version (plans.csv plan_id)", func(r plannedRow) cell { return id(r.plan) }},
		{"patient_id", tID, "", mPatient, func(r plannedRow) cell { return id(r.patient) }},
		{"number", tInt, "", "the session's number in the plan, from 1", func(r plannedRow) cell { return num(r.s.Number) }},
		{"phase", tText, "", "the protocol's phase (induction, maintenance, …)", func(r plannedRow) cell { return txt(r.s.Phase) }},
		{"planned_on", tDate, "", "the planned day", func(r plannedRow) cell { return date(r.s.Date) }},
		{"route", tText, "", "route", func(r plannedRow) cell { return txt(string(r.s.Route)) }},
		{"dose_mg", tDec, "mg", "planned dose", func(r plannedRow) cell { return dec(r.s.DoseMg) }},
		{"mg_per_kg", tDec, "mg/kg", "planned dose per kilogram", func(r plannedRow) cell { return dec(r.s.MgPerKg) }},
		{"devices", tInt, "", "esketamine: nasal spray devices (28 mg each); 0 otherwise", func(r plannedRow) cell { return num(r.s.Devices) }},
		{"duration_min", tInt, "min", "infusion time (IV)", func(r plannedRow) cell { return num(r.s.DurationMin) }},
		{"monitor_min", tInt, "min", "monitoring after the dose", func(r plannedRow) cell { return num(r.s.MonitorMin) }},
		{"volume_ml", tDec, "mL", "drug volume to draw (IV, IM)", func(r plannedRow) cell { return dec(r.s.VolumeML) }},
		{"total_ml", tDec, "mL", "drug plus diluent (IV)", func(r plannedRow) cell { return dec(r.s.TotalML) }},
		{"rate_ml_per_hour", tDec, "mL/h", "pump rate (IV)", func(r plannedRow) cell { return dec(r.s.RateMLPerHour) }},
		{"steps", tText, "", "preparation steps, one per line", func(r plannedRow) cell { return txt(strings.Join(r.s.Steps, "\n")) }},
	}}

var sessions = table[record.TreatmentSession]{file: "sessions", about: "Treatment sessions in the room: check-in with the pre-dose checklist and baseline vital signs, a blood-pressure hold and its decision, discharge and sign-off.",
	each: func(ctx context.Context, q Queries, c int64, fn func(record.TreatmentSession) error) error {
		return q.EachTreatmentSession(ctx, c, fn)
	},
	cols: []column[record.TreatmentSession]{
		{"session_id", tID, "", "Onset's number for the session", func(s record.TreatmentSession) cell { return id(s.ID) }},
		{"patient_id", tID, "", mPatient, func(s record.TreatmentSession) cell { return id(s.PatientID) }},
		{"plan_id", tID, "", "the signed plan version it follows (plans.csv plan_id)", func(s record.TreatmentSession) cell { return id(s.PlanID) }},
		{"plan_session", tInt, "", "the plan's session number it gives; 0 when none", func(s record.TreatmentSession) cell { return num(s.PlanSession) }},
		{"appointment_id", tID, "", "the appointment it was booked as (appointments.csv); empty for a walk-in", func(s record.TreatmentSession) cell { return id(s.AppointmentID) }},
		{"route", tText, "", "route", func(s record.TreatmentSession) cell { return txt(string(s.Route)) }},
		{"drug", tText, "", "racemic (ketamine) or esketamine", func(s record.TreatmentSession) cell { return txt(s.Drug) }},
		{"planned_dose_mg", tDec, "mg", "the dose planned for this session", func(s record.TreatmentSession) cell { return dec(s.PlannedDoseMg) }},
		{"ceiling_mg", tDec, "mg", "the signed plan's ceiling for this patient", func(s record.TreatmentSession) cell { return dec(s.CeilingMg) }},
		{"weight_kg", tDec, "kg", "weight at check-in", func(s record.TreatmentSession) cell { return dec(s.WeightKg) }},
		{"age_years", tInt, "years", "age at check-in", func(s record.TreatmentSession) cell { return num(s.AgeYears) }},
		{"status", tText, "", "ready, held (blood pressure), cancelled, dosed or discharged", func(s record.TreatmentSession) cell { return txt(string(s.Status)) }},
		{"identity_confirmed", tBool, "", "checklist: identity confirmed", func(s record.TreatmentSession) cell { return yes(s.Checklist.IdentityConfirmed) }},
		{"consent_current", tBool, "", "checklist: consent current", func(s record.TreatmentSession) cell { return yes(s.Checklist.ConsentCurrent) }},
		{"plan_signed", tBool, "", "checklist: a signed plan", func(s record.TreatmentSession) cell { return yes(s.Checklist.PlanSigned) }},
		{"nothing_by_mouth", tBool, "", "checklist: nothing by mouth for the required time", func(s record.TreatmentSession) cell { return yes(s.Checklist.NothingByMouth) }},
		{"responsible_adult", tBool, "", "checklist: a responsible adult drives the patient home", func(s record.TreatmentSession) cell { return yes(s.Checklist.ResponsibleAdult) }},
		{"pregnancy", tText, "", "checklist: pregnancy test (negative, not-applicable, …)", func(s record.TreatmentSession) cell { return txt(s.Checklist.Pregnancy) }},
		{"base_systolic", tInt, "mmHg", "baseline systolic blood pressure", func(s record.TreatmentSession) cell { return num(s.Baseline.Systolic) }},
		{"base_diastolic", tInt, "mmHg", "baseline diastolic blood pressure", func(s record.TreatmentSession) cell { return num(s.Baseline.Diastolic) }},
		{"base_heart_rate", tInt, "beats/min", "baseline heart rate", func(s record.TreatmentSession) cell { return num(s.Baseline.HeartRate) }},
		{"base_spo2", tInt, "%", "baseline oxygen saturation", func(s record.TreatmentSession) cell { return num(s.Baseline.SpO2) }},
		{"base_resp_rate", tInt, "breaths/min", "baseline respiratory rate", func(s record.TreatmentSession) cell { return num(s.Baseline.RespRate) }},
		{"hold_reason", tText, "", "why the dose was held for blood pressure; empty when it was not", func(s record.TreatmentSession) cell { return txt(s.HoldReason) }},
		{"hold_decision", tText, "", "the prescriber's decision on a hold: proceed or cancel", func(s record.TreatmentSession) cell { return txt(s.HoldDecision) }},
		{"hold_decision_reason", tText, "", "the reason given", func(s record.TreatmentSession) cell { return txt(s.HoldDecisionReason) }},
		{"hold_decided_by", tID, "", who("decided"), func(s record.TreatmentSession) cell { return id(s.HoldDecidedBy) }},
		{"hold_decided_by_name", tText, "", mUserName, func(s record.TreatmentSession) cell { return txt(s.HoldDecidedByName) }},
		{"hold_decided_at", tLocal, "", "when", func(s record.TreatmentSession) cell { return at(s.HoldDecidedAt) }},
		{"checked_in_by", tID, "", who("checked the patient in"), func(s record.TreatmentSession) cell { return id(s.CheckedInBy) }},
		{"checked_in_by_name", tText, "", mUserName, func(s record.TreatmentSession) cell { return txt(s.CheckedInByName) }},
		{"checked_in_at", tLocal, "", "check-in", func(s record.TreatmentSession) cell { return at(s.CheckedInAt) }},
		{"spacing_override", tText, "", "a prescriber's reason for dosing despite the dose-spacing rule; empty when none was needed", func(s record.TreatmentSession) cell { return txt(s.SpacingOverride) }},
		{"spacing_override_by", tID, "", who("gave it"), func(s record.TreatmentSession) cell { return id(s.SpacingOverrideBy) }},
		{"spacing_override_by_name", tText, "", mUserName, func(s record.TreatmentSession) cell { return txt(s.SpacingOverrideByName) }},
		{"alert_oriented", tBool, "", "discharge: alert and oriented", func(s record.TreatmentSession) cell { return yes(s.AlertOriented) }},
		{"adult_present", tBool, "", "discharge: a responsible adult present", func(s record.TreatmentSession) cell { return yes(s.AdultPresent) }},
		{"discharge_instructions", tText, "", "instructions given at discharge", func(s record.TreatmentSession) cell { return txt(s.DischargeInstructions) }},
		{"discharged_by", tID, "", who("discharged the patient"), func(s record.TreatmentSession) cell { return id(s.DischargedBy) }},
		{"discharged_by_name", tText, "", mUserName, func(s record.TreatmentSession) cell { return txt(s.DischargedByName) }},
		{"discharged_at", tLocal, "", "discharge", func(s record.TreatmentSession) cell { return at(s.DischargedAt) }},
		{"signed_by", tID, "", who("signed the session, locking it"), func(s record.TreatmentSession) cell { return id(s.SignedBy) }},
		{"signed_by_name", tText, "", mUserName, func(s record.TreatmentSession) cell { return txt(s.SignedByName) }},
		{"signed_at", tLocal, "", "sign-off; empty while unsigned", func(s record.TreatmentSession) cell { return at(s.SignedAt) }},
	}}

type doseRow struct {
	a clinic.Administration
	d record.Dose // ID 0: not given in a treatment session (imported)
}

// inSession is a dose record's cell, empty for a dose not given in a session.
func inSession(get func(record.Dose) cell) func(doseRow) cell {
	return func(r doseRow) cell {
		if r.d.ID == 0 {
			return cell{}
		}
		return get(r.d)
	}
}

var doses = table[doseRow]{file: "doses", about: "Every dose given: in a treatment session (with the session's dose record) or imported from the clinic's history (the session columns empty).",
	each: func(ctx context.Context, q Queries, c int64, fn func(doseRow) error) error {
		return q.EachDose(ctx, c, func(a clinic.Administration, d record.Dose) error { return fn(doseRow{a, d}) })
	},
	cols: []column[doseRow]{
		{"dose_id", tID, "", "Onset's number for the dose (the ledger's administration_id)", func(r doseRow) cell { return id(r.a.ID) }},
		{"patient_id", tID, "", mPatient, func(r doseRow) cell { return id(r.a.PatientID) }},
		{"course_id", tID, "", "the course (courses.csv course_id)", func(r doseRow) cell { return id(r.a.CourseID) }},
		{"session_id", tID, "", mSession + "; empty for an imported dose", inSession(func(d record.Dose) cell { return id(d.SessionID) })},
		{"given_at", tLocal, "", "when it was given (an infusion's start)", func(r doseRow) cell { return at(r.a.GivenAt) }},
		{"route", tText, "", "route", func(r doseRow) cell { return txt(string(r.a.Route)) }},
		{"drug", tText, "", "racemic (ketamine) or esketamine", inSession(func(d record.Dose) cell { return txt(d.Drug) })},
		{"dose_mg", tDec, "mg", "dose given", func(r doseRow) cell { return dec(r.a.DoseMg) }},
		{"weight_kg", tDec, "kg", "the patient's weight", func(r doseRow) cell { return dec(r.a.WeightKg) }},
		{"mg_per_kg", tDec, "mg/kg", "dose per kilogram", inSession(func(d record.Dose) cell { return dec(d.MgPerKg) })},
		{"concentration_mg_per_ml", tDec, "mg/mL", "vial strength (IV, IM, sublingual); 0 otherwise", inSession(func(d record.Dose) cell { return dec(d.ConcentrationMgPerML) })},
		{"volume_ml", tDec, "mL", "drug volume drawn", inSession(func(d record.Dose) cell { return dec(d.VolumeML) })},
		{"rate_ml_per_hour", tDec, "mL/h", "pump rate (IV)", inSession(func(d record.Dose) cell { return dec(d.RateMLPerHour) })},
		{"duration_min", tInt, "min", "infusion time (IV)", inSession(func(d record.Dose) cell { return num(d.DurationMin) })},
		{"devices", tInt, "", "esketamine nasal spray devices (28 mg each)", inSession(func(d record.Dose) cell { return num(d.Devices) })},
		{"lot_number", tText, "", "the lot the dose came from", inSession(func(d record.Dose) cell { return txt(d.LotNumber) })},
		{"lot_expiry", tDate, "", "the last day the lot may be used", inSession(func(d record.Dose) cell { return date(d.LotExpiry) })},
		{"started_at", tLocal, "", "administration start", inSession(func(d record.Dose) cell { return at(d.StartedAt) })},
		{"ended_at", tLocal, "", "administration end", inSession(func(d record.Dose) cell { return at(d.EndedAt) })},
		{"administered_by", tID, "", who("gave it"), inSession(func(d record.Dose) cell { return id(d.AdministeredBy) })},
		{"administered_by_name", tText, "", mUserName, inSession(func(d record.Dose) cell { return txt(d.AdministeredByName) })},
	}}

type vitalsRow struct {
	patient int64
	v       record.VitalsEntry
}

var vitals = table[vitalsRow]{file: "vitals", about: "Vital signs taken during treatment sessions (the baseline at check-in is in sessions.csv).",
	each: func(ctx context.Context, q Queries, c int64, fn func(vitalsRow) error) error {
		return q.EachVitals(ctx, c, func(p int64, v record.VitalsEntry) error { return fn(vitalsRow{p, v}) })
	},
	cols: []column[vitalsRow]{
		{"vitals_id", tID, "", "Onset's number for the reading", func(r vitalsRow) cell { return id(r.v.ID) }},
		{"session_id", tID, "", mSession, func(r vitalsRow) cell { return id(r.v.SessionID) }},
		{"patient_id", tID, "", mPatient, func(r vitalsRow) cell { return id(r.patient) }},
		{"taken_at", tLocal, "", "when the reading was taken", func(r vitalsRow) cell { return at(r.v.TakenAt) }},
		{"systolic", tInt, "mmHg", "systolic blood pressure", func(r vitalsRow) cell { return num(r.v.Systolic) }},
		{"diastolic", tInt, "mmHg", "diastolic blood pressure", func(r vitalsRow) cell { return num(r.v.Diastolic) }},
		{"heart_rate", tInt, "beats/min", "heart rate", func(r vitalsRow) cell { return num(r.v.HeartRate) }},
		{"spo2", tInt, "%", "oxygen saturation", func(r vitalsRow) cell { return num(r.v.SpO2) }},
		{"resp_rate", tInt, "breaths/min", "respiratory rate", func(r vitalsRow) cell { return num(r.v.RespRate) }},
		{"sedation_moaas", tInt, "MOAA/S 0-5", "sedation on the MOAA/S scale (5 awake, 0 unresponsive); empty when not scored",
			func(r vitalsRow) cell {
				if r.v.Sedation == session.NoSedation {
					return cell{}
				}
				return num(r.v.Sedation)
			}},
		{"note", tText, "", "the nurse's note", func(r vitalsRow) cell { return txt(r.v.Note) }},
		{"recorded_by", tID, "", who("recorded it"), func(r vitalsRow) cell { return id(r.v.RecordedBy) }},
		{"recorded_by_name", tText, "", mUserName, func(r vitalsRow) cell { return txt(r.v.RecordedByName) }},
		{"created_at", tTime, "", "when it was entered", func(r vitalsRow) cell { return at(r.v.CreatedAt) }},
	}}

type alertRow struct {
	patient int64
	a       record.VitalsAlert
}

var sessionAlerts = table[alertRow]{file: "session_alerts", about: "Limits the vital signs crossed during sessions, and what was done about each.",
	each: func(ctx context.Context, q Queries, c int64, fn func(alertRow) error) error {
		return q.EachVitalsAlert(ctx, c, func(p int64, a record.VitalsAlert) error { return fn(alertRow{p, a}) })
	},
	cols: []column[alertRow]{
		{"alert_id", tID, "", "Onset's number for the alert", func(r alertRow) cell { return id(r.a.ID) }},
		{"session_id", tID, "", mSession, func(r alertRow) cell { return id(r.a.SessionID) }},
		{"patient_id", tID, "", mPatient, func(r alertRow) cell { return id(r.patient) }},
		{"vitals_id", tID, "", "the reading that raised it (vitals.csv vitals_id)", func(r alertRow) cell { return id(r.a.VitalsID) }},
		{"kind", tText, "", "which limit: bp-rise, bp-high, spo2-low, hr-sustained, …", func(r alertRow) cell { return txt(string(r.a.Kind)) }},
		{"message", tText, "", "what staff were told", func(r alertRow) cell { return txt(r.a.Message) }},
		{"created_at", tLocal, "", "when it was raised", func(r alertRow) cell { return at(r.a.CreatedAt) }},
		{"acknowledged_by", tID, "", who("acknowledged it"), func(r alertRow) cell { return id(r.a.AckBy) }},
		{"acknowledged_by_name", tText, "", mUserName, func(r alertRow) cell { return txt(r.a.AckByName) }},
		{"acknowledged_at", tLocal, "", "when; empty while open", func(r alertRow) cell { return at(r.a.AckAt) }},
		{"action", tText, "", "the action taken", func(r alertRow) cell { return txt(r.a.AckAction) }},
		{"note", tText, "", "the note", func(r alertRow) cell { return txt(r.a.AckNote) }},
	}}

type effectRow struct {
	patient int64
	e       record.SideEffect
}

var sideEffects = table[effectRow]{file: "side_effects", about: "Side effects and adverse events recorded in sessions.",
	each: func(ctx context.Context, q Queries, c int64, fn func(effectRow) error) error {
		return q.EachSideEffect(ctx, c, func(p int64, e record.SideEffect) error { return fn(effectRow{p, e}) })
	},
	cols: []column[effectRow]{
		{"side_effect_id", tID, "", "Onset's number for the record", func(r effectRow) cell { return id(r.e.ID) }},
		{"session_id", tID, "", mSession, func(r effectRow) cell { return id(r.e.SessionID) }},
		{"patient_id", tID, "", mPatient, func(r effectRow) cell { return id(r.patient) }},
		{"kind", tText, "", "side-effect or adverse-event", func(r effectRow) cell { return txt(r.e.Kind) }},
		{"effect", tText, "", "the side effect, or a description of the adverse event", func(r effectRow) cell { return txt(r.e.Effect) }},
		{"grade", tText, "", "mild, moderate, severe (adverse events also life-threatening)", func(r effectRow) cell { return txt(r.e.Grade) }},
		{"outcome", tText, "", "an adverse event's outcome", func(r effectRow) cell { return txt(r.e.Outcome) }},
		{"noted_at", tLocal, "", "when it was noted", func(r effectRow) cell { return at(r.e.NotedAt) }},
		{"note", tText, "", "the note", func(r effectRow) cell { return txt(r.e.Note) }},
		{"recorded_by", tID, "", who("recorded it"), func(r effectRow) cell { return id(r.e.RecordedBy) }},
		{"recorded_by_name", tText, "", mUserName, func(r effectRow) cell { return txt(r.e.RecordedByName) }},
	}}

type addendumRow struct {
	patient int64
	a       record.Addendum
}

var sessionAddenda = table[addendumRow]{file: "session_addenda", about: "Notes added to sessions after they closed, each signed by its author.",
	each: func(ctx context.Context, q Queries, c int64, fn func(addendumRow) error) error {
		return q.EachSessionAddendum(ctx, c, func(p int64, a record.Addendum) error { return fn(addendumRow{p, a}) })
	},
	cols: []column[addendumRow]{
		{"addendum_id", tID, "", "Onset's number for the addendum", func(r addendumRow) cell { return id(r.a.ID) }},
		{"session_id", tID, "", mSession, func(r addendumRow) cell { return id(r.a.SessionID) }},
		{"patient_id", tID, "", mPatient, func(r addendumRow) cell { return id(r.patient) }},
		{"body", tText, "", "the addendum", func(r addendumRow) cell { return txt(r.a.Body) }},
		{"author_id", tID, "", who("wrote it"), func(r addendumRow) cell { return id(r.a.AuthorID) }},
		{"author_name", tText, "", mUserName, func(r addendumRow) cell { return txt(r.a.AuthorName) }},
		{"author_role", tText, "", "their role", func(r addendumRow) cell { return txt(string(r.a.AuthorRole)) }},
		{"created_at", tLocal, "", "when it was written", func(r addendumRow) cell { return at(r.a.CreatedAt) }},
	}}

var assessments = table[clinic.Assessment]{file: "assessments", about: "Questionnaires answered (PHQ-9, GAD-7, PCL-5, QIDS-SR16, MADRS, …) with their totals; the item answers are in assessment_answers.csv.",
	each: func(ctx context.Context, q Queries, c int64, fn func(clinic.Assessment) error) error {
		return q.EachAssessment(ctx, c, fn)
	},
	cols: []column[clinic.Assessment]{
		{"assessment_id", tID, "", "Onset's number for the questionnaire", func(a clinic.Assessment) cell { return id(a.ID) }},
		{"patient_id", tID, "", mPatient, func(a clinic.Assessment) cell { return id(a.PatientID) }},
		{"instrument", tText, "", "phq9, gad7, pcl5, qids-sr16, madrs, cadss, pain-nrs, ybocs, cssrs, …", func(a clinic.Assessment) cell { return txt(a.Instrument) }},
		{"taken_at", tLocal, "", "when it was answered", func(a clinic.Assessment) cell { return at(a.TakenAt) }},
		{"total", tInt, "points", "the total score", func(a clinic.Assessment) cell { return num(a.Total) }},
		{"items_answered", tInt, "", "how many item answers are known (0 for imported totals)", func(a clinic.Assessment) cell { return num(len(a.Answers)) }},
		{"source", tText, "", "how it came in: staff, portal, link, api, import, …", func(a clinic.Assessment) cell { return txt(a.Source) }},
	}}

type answerRow struct {
	a    *clinic.Assessment
	item int // from 0
}

var answers = table[answerRow]{file: "assessment_answers", about: "Each questionnaire's item answers, one row per item.",
	each: func(ctx context.Context, q Queries, c int64, fn func(answerRow) error) error {
		return q.EachAssessment(ctx, c, func(a clinic.Assessment) error {
			for i := range a.Answers {
				if err := fn(answerRow{&a, i}); err != nil {
					return err
				}
			}
			return nil
		})
	},
	cols: []column[answerRow]{
		{"assessment_id", tID, "", "the questionnaire (assessments.csv assessment_id)", func(r answerRow) cell { return id(r.a.ID) }},
		{"patient_id", tID, "", mPatient, func(r answerRow) cell { return id(r.a.PatientID) }},
		{"instrument", tText, "", "the instrument", func(r answerRow) cell { return txt(r.a.Instrument) }},
		{"item", tInt, "", "the item's number in the questionnaire, from 1", func(r answerRow) cell { return num(r.item + 1) }},
		{"answer", tInt, "points", "the answer's score", func(r answerRow) cell { return num(r.a.Answers[r.item]) }},
	}}

var safetyAlerts = table[record.SafetyAlert]{file: "safety_alerts", about: "Safety alerts raised by a questionnaire answer (a positive suicide item, a high C-SSRS risk) or by a patient's message with self-harm wording, and their acknowledgement.",
	each: func(ctx context.Context, q Queries, c int64, fn func(record.SafetyAlert) error) error {
		return q.EachSafetyAlert(ctx, c, fn)
	},
	cols: []column[record.SafetyAlert]{
		{"alert_id", tID, "", "Onset's number for the alert", func(a record.SafetyAlert) cell { return id(a.ID) }},
		{"patient_id", tID, "", mPatient, func(a record.SafetyAlert) cell { return id(a.PatientID) }},
		{"assessment_id", tID, "", "the questionnaire that raised it (assessments.csv); empty for a message", func(a record.SafetyAlert) cell { return id(a.AssessmentID) }},
		{"message_id", tID, "", "the message that raised it (messages.csv); empty for a questionnaire", func(a record.SafetyAlert) cell { return id(a.MessageID) }},
		{"kind", tText, "", "suicidality, cssrs-high or message-self-harm", func(a record.SafetyAlert) cell { return txt(a.Kind) }},
		{"detail", tText, "", "what staff were told", func(a record.SafetyAlert) cell { return txt(a.Detail) }},
		{"created_at", tLocal, "", "when it was raised", func(a record.SafetyAlert) cell { return at(a.CreatedAt) }},
		{"acknowledged_at", tLocal, "", "when it was acknowledged; empty while open", func(a record.SafetyAlert) cell { return at(a.AcknowledgedAt) }},
		{"acknowledged_by", tID, "", who("acknowledged it"), func(a record.SafetyAlert) cell { return id(a.AcknowledgedBy) }},
		{"acknowledged_by_name", tText, "", "their name", func(a record.SafetyAlert) cell { return txt(a.AcknowledgerName) }},
		{"note", tText, "", "the acknowledgement's note", func(a record.SafetyAlert) cell { return txt(a.Note) }},
	}}

var appointments = table[record.Appointment]{file: "appointments", about: "Appointments of every status: booked, attended and cancelled.",
	each: func(ctx context.Context, q Queries, c int64, fn func(record.Appointment) error) error {
		return q.EachAppointment(ctx, c, fn)
	},
	cols: []column[record.Appointment]{
		{"appointment_id", tID, "", "Onset's number for the appointment", func(a record.Appointment) cell { return id(a.ID) }},
		{"patient_id", tID, "", mPatient, func(a record.Appointment) cell { return id(a.PatientID) }},
		{"kind", tText, "", "iv-infusion, esketamine, im-injection, consultation or follow-up", func(a record.Appointment) cell { return txt(string(a.Kind)) }},
		{"start", tLocal, "", "start", func(a record.Appointment) cell { return at(a.Start) }},
		{"end", tLocal, "", "end: the chair or room is held until then", func(a record.Appointment) cell { return at(a.End) }},
		{"provider_end", tLocal, "", "when the provider is free again", func(a record.Appointment) cell { return at(a.ProviderEnd) }},
		{"resource_name", tText, "", "the chair or room", func(a record.Appointment) cell { return txt(a.ResourceName) }},
		{"provider_name", tText, "", "the provider booked", func(a record.Appointment) cell { return txt(a.ProviderName) }},
		{"status", tText, "", "booked, attended or cancelled", func(a record.Appointment) cell { return txt(string(a.Status)) }},
		{"plan_id", tID, "", "the plan version it was booked from (plans.csv); empty otherwise", func(a record.Appointment) cell { return id(a.PlanID) }},
		{"plan_session", tInt, "", "the plan's session number; 0 otherwise", func(a record.Appointment) cell { return num(a.PlanSession) }},
		{"reschedules", tInt, "", "how many times it was moved", func(a record.Appointment) cell { return num(a.Reschedules) }},
		{"late_change", tBool, "", "whether it was moved or cancelled inside the clinic's notice period", func(a record.Appointment) cell { return yes(a.LateChange) }},
		{"note", tText, "", "the booking's note", func(a record.Appointment) cell { return txt(a.Note) }},
		{"created_by", tID, "", who("booked it") + " (a patient's own account for online booking)", func(a record.Appointment) cell { return id(a.CreatedBy) }},
		{"created_at", tTime, "", "when it was booked", func(a record.Appointment) cell { return at(a.CreatedAt) }},
		{"cancelled_at", tLocal, "", "when it was cancelled", func(a record.Appointment) cell { return at(a.CancelledAt) }},
		{"arrived_at", tLocal, "", "when the front desk saw the patient arrive", func(a record.Appointment) cell { return at(a.ArrivedAt) }},
	}}

type ledgerRow struct {
	c ledger.Container
	e ledger.Entry
}

var ledgerFile = table[ledgerRow]{file: "ledger", about: "The controlled-substance ledger: every entry of every container (receipt, draw, waste, transfer, return, destruction, count, adjustment, and corrections), in the order they were written.",
	each: func(ctx context.Context, q Queries, c int64, fn func(ledgerRow) error) error {
		return q.EachLedgerEntry(ctx, c, func(c ledger.Container, e ledger.Entry) error { return fn(ledgerRow{c, e}) })
	},
	cols: []column[ledgerRow]{
		{"entry_id", tID, "", "Onset's number for the entry; entries were written in this order", func(r ledgerRow) cell { return id(r.e.ID) }},
		{"container_id", tID, "", "the vial or package of devices", func(r ledgerRow) cell { return id(r.c.ID) }},
		{"drug", tText, "", "ketamine or esketamine", func(r ledgerRow) cell { return txt(string(r.c.Drug)) }},
		{"form", tText, "", "vial or device", func(r ledgerRow) cell { return txt(string(r.c.Form)) }},
		{"ndc", tText, "", "the container's National Drug Code", func(r ledgerRow) cell { return txt(r.c.NDC) }},
		{"lot", tText, "", "its lot", func(r ledgerRow) cell { return txt(r.c.Lot) }},
		{"expires", tTime, "", "the first instant the lot may not be used", func(r ledgerRow) cell { return at(r.c.Expires) }},
		{"kind", tText, "", "receive, draw, waste, transfer, return, destroy, count or adjust", func(r ledgerRow) cell { return txt(string(r.e.Kind)) }},
		{"at", tLocal, "", "when it happened", func(r ledgerRow) cell { return at(r.e.At) }},
		{"actor_id", tID, "", who("made the entry"), func(r ledgerRow) cell { return id(r.e.Actor.ID) }},
		{"actor_name", tText, "", mUserName, func(r ledgerRow) cell { return txt(r.e.Actor.Name) }},
		{"actor_role", tText, "", "their role", func(r ledgerRow) cell { return txt(string(r.e.Actor.Role)) }},
		{"witnesses", tText, "", "witnesses, 'name (role)' separated by ';' (waste and adjust: one; destroy: two)", func(r ledgerRow) cell { return txt(witnesses(r.e.Witnesses)) }},
		{"reason", tText, "", "the reason (corrections, adjustments, destruction)", func(r ledgerRow) cell { return txt(r.e.Reason) }},
		{"corrects", tID, "", "the entry this one corrects (entry_id); empty if none", func(r ledgerRow) cell { return id(r.e.Corrects) }},
		{"mg", tDec, "mg", "the entry's quantity in milligrams (received, drawn, wasted, moved, counted; signed for an adjustment); 0 when given in mL or units only", func(r ledgerRow) cell { return dec(r.e.Mg) }},
		{"ml", tDec, "mL", "the quantity in millilitres (vials)", func(r ledgerRow) cell { return dec(r.e.ML) }},
		{"units", tInt, "devices", "the quantity in whole devices (esketamine)", func(r ledgerRow) cell { return num(r.e.Units) }},
		{"concentration_mg_per_ml", tDec, "mg/mL", "receive: the vial's strength", func(r ledgerRow) cell { return dec(r.e.ConcentrationMgPerML) }},
		{"unit_mg", tDec, "mg", "receive: a device's dose (0 means 28 mg for esketamine)", func(r ledgerRow) cell { return dec(r.e.UnitMg) }},
		{"invoice", tText, "", "receive, transfer, return: the invoice", func(r ledgerRow) cell { return txt(r.e.Invoice) }},
		{"supplier", tText, "", "receive: who sent it; transfer, return: who received it", func(r ledgerRow) cell { return txt(r.e.Supplier) }},
		{"supplier_dea", tText, "", "the other registrant's DEA number, when known", func(r ledgerRow) cell { return txt(r.e.SupplierDEA) }},
		{"administration_id", tID, "", "draw: the dose it was drawn for (doses.csv dose_id)", func(r ledgerRow) cell { return id(r.e.AdministrationID) }},
		{"patient_id", tID, "", "draw: " + mPatient, func(r ledgerRow) cell { return id(r.e.PatientID) }},
		{"draw_id", tID, "", "waste: the draw whose unadministered part was wasted; empty for waste from the container itself", func(r ledgerRow) cell { return id(r.e.DrawID) }},
		{"method", tText, "", "destroy: how it was made non-retrievable", func(r ledgerRow) cell { return txt(r.e.Method) }},
		{"estimated", tBool, "", "count: counted by estimate (an opened container)", func(r ledgerRow) cell { return yes(r.e.Estimated) }},
		{"count_id", tID, "", "adjust: the count whose discrepancy it settles (entry_id)", func(r ledgerRow) cell { return id(r.e.CountID) }},
	}}

func witnesses(ps []ledger.Person) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Name + " (" + string(p.Role) + ")"
	}
	return strings.Join(parts, "; ")
}

var notes = table[record.ClinicalNote]{file: "notes", about: "The care team's clinical notes: therapy (preparation, support, integration), progress and consultation notes; a signed note is locked (its addenda are in note_addenda.csv).",
	each: func(ctx context.Context, q Queries, c int64, fn func(record.ClinicalNote) error) error {
		return q.EachNote(ctx, c, fn)
	},
	cols: []column[record.ClinicalNote]{
		{"note_id", tID, "", "Onset's number for the note", func(n record.ClinicalNote) cell { return id(n.ID) }},
		{"patient_id", tID, "", mPatient, func(n record.ClinicalNote) cell { return id(n.PatientID) }},
		{"kind", tText, "", "therapy, progress or consultation", func(n record.ClinicalNote) cell { return txt(n.Kind) }},
		{"session", tText, "", "therapy notes: preparation, support or integration", func(n record.ClinicalNote) cell { return txt(n.Session) }},
		{"intentions", tText, "", "therapy notes: the patient's intentions", func(n record.ClinicalNote) cell { return txt(n.Intentions) }},
		{"themes", tText, "", "therapy notes: themes", func(n record.ClinicalNote) cell { return txt(n.Themes) }},
		{"observations", tText, "", "therapy notes: observations", func(n record.ClinicalNote) cell { return txt(n.Observations) }},
		{"plan", tText, "", "therapy notes: plan", func(n record.ClinicalNote) cell { return txt(n.Plan) }},
		{"body", tText, "", "the note's text", func(n record.ClinicalNote) cell { return txt(n.Body) }},
		{"author_id", tID, "", who("wrote it"), func(n record.ClinicalNote) cell { return id(n.AuthorID) }},
		{"author_name", tText, "", mUserName, func(n record.ClinicalNote) cell { return txt(n.AuthorName) }},
		{"author_role", tText, "", "their role", func(n record.ClinicalNote) cell { return txt(string(n.AuthorRole)) }},
		{"created_at", tLocal, "", "when it was started", func(n record.ClinicalNote) cell { return at(n.CreatedAt) }},
		{"updated_at", tTime, "", "when the draft was last saved", func(n record.ClinicalNote) cell { return at(n.UpdatedAt) }},
		{"signed_at", tLocal, "", "when it was signed and locked; empty for a draft", func(n record.ClinicalNote) cell { return at(n.SignedAt) }},
	}}

type noteAddendumRow struct {
	patient int64
	a       record.NoteAddendum
}

var noteAddenda = table[noteAddendumRow]{file: "note_addenda", about: "Text added to signed clinical notes.",
	each: func(ctx context.Context, q Queries, c int64, fn func(noteAddendumRow) error) error {
		return q.EachNoteAddendum(ctx, c, func(p int64, a record.NoteAddendum) error { return fn(noteAddendumRow{p, a}) })
	},
	cols: []column[noteAddendumRow]{
		{"addendum_id", tID, "", "Onset's number for the addendum", func(r noteAddendumRow) cell { return id(r.a.ID) }},
		{"note_id", tID, "", "the note (notes.csv note_id)", func(r noteAddendumRow) cell { return id(r.a.NoteID) }},
		{"patient_id", tID, "", mPatient, func(r noteAddendumRow) cell { return id(r.patient) }},
		{"body", tText, "", "the addendum", func(r noteAddendumRow) cell { return txt(r.a.Body) }},
		{"author_id", tID, "", who("wrote it"), func(r noteAddendumRow) cell { return id(r.a.AuthorID) }},
		{"author_name", tText, "", mUserName, func(r noteAddendumRow) cell { return txt(r.a.AuthorName) }},
		{"created_at", tLocal, "", "when it was written", func(r noteAddendumRow) cell { return at(r.a.CreatedAt) }},
	}}

type messageRow struct {
	t record.Thread
	m record.Message
}

var messages = table[messageRow]{file: "messages", about: "Secure messages between patients (the portal) and the care team, with their conversation (thread).",
	each: func(ctx context.Context, q Queries, c int64, fn func(messageRow) error) error {
		return q.EachMessage(ctx, c, func(t record.Thread, m record.Message) error { return fn(messageRow{t, m}) })
	},
	cols: []column[messageRow]{
		{"message_id", tID, "", "Onset's number for the message", func(r messageRow) cell { return id(r.m.ID) }},
		{"thread_id", tID, "", "the conversation it belongs to", func(r messageRow) cell { return id(r.m.ThreadID) }},
		{"patient_id", tID, "", mPatient, func(r messageRow) cell { return id(r.m.PatientID) }},
		{"thread_subject", tText, "", "the conversation's subject", func(r messageRow) cell { return txt(r.t.Subject) }},
		{"thread_assigned_to", tID, "", "the staff member the conversation is assigned to (users.csv user_id); empty when nobody", func(r messageRow) cell { return id(r.t.AssignedTo) }},
		{"sender", tText, "", "patient or staff", func(r messageRow) cell { return txt(r.m.Sender) }},
		{"author_id", tID, "", who("wrote it"), func(r messageRow) cell { return id(r.m.AuthorID) }},
		{"author_name", tText, "", "their name", func(r messageRow) cell { return txt(r.m.AuthorName) }},
		{"body", tText, "", "the message as written", func(r messageRow) cell { return txt(r.m.Body) }},
		{"created_at", tLocal, "", "when it was sent", func(r messageRow) cell { return at(r.m.CreatedAt) }},
		{"read_at", tLocal, "", "when the other side first read it; empty while unread", func(r messageRow) cell { return at(r.m.ReadAt) }},
		{"read_by", tID, "", who("read it"), func(r messageRow) cell { return id(r.m.ReadBy) }},
		{"raised_alert", tBool, "", "whether its wording raised a safety alert (safety_alerts.csv)", func(r messageRow) cell { return yes(r.m.Alerted) }},
	}}

var audit = table[auditchain.Row]{file: "audit", about: "The audit trail: every read and write of patient data and every change, in the order written, with its tamper-evident hash chain (seq, prev_hash, hash; see README.txt).",
	each: func(ctx context.Context, q Queries, c int64, fn func(auditchain.Row) error) error {
		return q.AuditChain(ctx, c, fn)
	},
	cols: []column[auditchain.Row]{
		{"audit_id", tID, "", "Onset's number for the entry", func(r auditchain.Row) cell { return id(r.ID) }},
		{"seq", tInt, "", "its place in the clinic's chain, 1, 2, 3, …; 0 for entries written before the chain existed", func(r auditchain.Row) cell { return num64(r.Seq) }},
		{"at", tLocal, "", "when (at_utc to the microsecond, as the hash covers it)", func(r auditchain.Row) cell { return at(r.At) }},
		{"user_id", tID, "", who("acted") + "; empty for the system", func(r auditchain.Row) cell { return id(r.UserID) }},
		{"role", tText, "", "their role (system for the command line and scheduled work)", func(r auditchain.Row) cell { return txt(string(r.Role)) }},
		{"action", tText, "", "what was done, e.g. patient.read, session.dose, clinic.export", func(r auditchain.Row) cell { return txt(r.Action) }},
		{"patient_id", tID, "", "the patient whose data it was (patients.csv); empty when none", func(r auditchain.Row) cell { return id(r.PatientID) }},
		{"record_type", tText, "", "the kind of record acted on", func(r auditchain.Row) cell { return txt(r.RecordType) }},
		{"record_id", tID, "", "its number", func(r auditchain.Row) cell { return id(r.RecordID) }},
		{"address", tText, "", "the IP address the request came from", func(r auditchain.Row) cell { return txt(r.Address) }},
		{"request_id", tText, "", "the request's ID in the server's log", func(r auditchain.Row) cell { return txt(r.RequestID) }},
		{"prev_hash", tText, "", "the previous entry's hash (empty for seq 1)", func(r auditchain.Row) cell { return txt(r.PrevHash) }},
		{"hash", tText, "", "SHA-256 of this entry and prev_hash (hexadecimal)", func(r auditchain.Row) cell { return txt(r.Hash) }},
	}}
