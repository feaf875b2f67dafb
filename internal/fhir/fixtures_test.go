package fhir

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/protocol"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/schedule"
	"onset/internal/session"
)

// A small clinic's records, as the store returns them, for the tests to
// map: one patient's intake, plan, booked and cancelled appointments, a
// dosed and signed IV session with its vitals, alerts and side effects,
// questionnaires of every instrument, a contact preference and audit
// entries. Times are fixed (the package reads no clock).

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

const (
	clinicID  = 7
	patientID = 123
	nurseID   = 12
	doctorID  = 11
	sessionID = 501
	doseID    = 601
	planID    = 31
)

var (
	settings = record.ClinicSettings{Name: "Harbor Ketamine Clinic", Address: "12 Quay Street\nPortland, OR 97201",
		Phone: "+1 503 555 0100", Timezone: "America/Los_Angeles", ReplyTo: "care@harbor.example", SavedBy: 1,
		SavedByName: "Admin", SavedAt: ts("2026-01-02T09:00:00Z")}

	patient = clinic.Patient{ID: patientID, ClinicID: clinicID, MRN: "HK-000123", GivenName: "Ana", FamilyName: "Reyes",
		Sex: "female", BirthDate: ts("1986-04-17T00:00:00Z"), Email: "ana.reyes@example.org", Phone: "+15035550123",
		Conditions: []clinic.Condition{clinic.Depression, clinic.Anxiety}, CreatedAt: ts("2026-01-05T16:20:00Z")}

	doctor  = clinic.User{ID: doctorID, ClinicID: clinicID, Email: "sam.okafor@harbor.example", Name: "Dr Sam Okafor", Role: clinic.RoleClinician, CreatedAt: ts("2025-12-01T10:00:00Z")}
	nurse   = clinic.User{ID: nurseID, ClinicID: clinicID, Email: "jo.park@harbor.example", Name: "Jo Park RN", Role: clinic.RoleNurse, Disabled: true}
	portalU = clinic.User{ID: 40, ClinicID: clinicID, Email: "ana.reyes@example.org", Name: "Ana Reyes", Role: clinic.RolePatient, PatientID: patientID}

	chair = record.BookingResource{ID: 3, ClinicID: clinicID, Name: "Chair 1", Kind: schedule.Chair}
	room  = record.BookingResource{ID: 4, ClinicID: clinicID, Name: "Room A", Kind: schedule.Room}

	intake = record.Intake{ID: 1001, ClinicID: clinicID, PatientID: patientID, Version: 1, WeightKg: 68.5, HeightCm: 167,
		Conditions: []clinic.Condition{clinic.Depression}, SystolicBP: 124, DiastolicBP: 78, HeartRate: 72,
		ConsentVersion: record.ConsentVersion, ConsentName: "Ana Reyes", ConsentAt: ts("2026-01-06T15:00:00Z"),
		Source: "staff", RecordedBy: nurseID, RecordedByName: "Jo Park RN", RecordedAt: ts("2026-01-06T15:00:00Z"), Eligible: true}

	plan = record.Plan{ID: planID, ClinicID: clinicID, PatientID: patientID, RootID: planID, Version: 1, Status: record.PlanSigned,
		TemplateID: "iv-6x", TemplateName: "IV induction, six infusions", TemplateSource: "Andrade 2017 (clinical-reference §1.1)",
		Template: protocol.Template{}, Route: clinic.RouteIV, WeightKg: 68.5, AgeYears: 39, StartDate: ts("2026-01-12T00:00:00Z"),
		Weekdays: []time.Weekday{time.Monday, time.Thursday}, ConcentrationMgPerML: 10, DiluentML: 100, Reason: "new plan",
		CreatedBy: doctorID, CreatedByName: "Dr Sam Okafor", CreatedAt: ts("2026-01-07T10:00:00Z"),
		SignedBy: doctorID, SignedByName: "Dr Sam Okafor", SignedAt: ts("2026-01-07T10:30:00Z"),
		Sessions: []record.PlannedSession{
			{Number: 1, Phase: "induction", Date: ts("2026-01-12T00:00:00Z"), Route: clinic.RouteIV, DoseMg: 34.25, MgPerKg: 0.5, DurationMin: 40, MonitorMin: 30, VolumeML: 3.43, TotalML: 103.43, RateMLPerHour: 155.1},
			{Number: 2, Phase: "induction", Date: ts("2026-01-15T00:00:00Z"), Route: clinic.RouteIV, DoseMg: 34.25, MgPerKg: 0.5, DurationMin: 40, MonitorMin: 30},
		}}
	draft = record.Plan{ID: 32, ClinicID: clinicID, PatientID: patientID, RootID: planID, Version: 2, Status: record.PlanDraft,
		TemplateName: "Esketamine induction", Route: clinic.RouteEsketamine, Reason: "switch to esketamine", CreatedAt: ts("2026-02-01T10:00:00Z"),
		Sessions: []record.PlannedSession{{Number: 1, Date: ts("2026-02-09T00:00:00Z"), Route: clinic.RouteEsketamine, DoseMg: 56, Devices: 2, MonitorMin: 120}}}

	booked = record.Appointment{ID: 801, ClinicID: clinicID, PatientID: patientID, PatientName: "Ana Reyes", Kind: schedule.Infusion,
		Start: ts("2026-01-12T17:00:00Z"), End: ts("2026-01-12T18:25:00Z"), ResourceID: chair.ID, ResourceName: chair.Name,
		ProviderID: 2, ProviderName: "Dr Sam Okafor", Status: record.AppointmentBooked, PlanID: planID, PlanSession: 1,
		CreatedBy: nurseID, CreatedAt: ts("2026-01-07T11:00:00Z")}
	cancelled = record.Appointment{ID: 802, ClinicID: clinicID, PatientID: patientID, PatientName: "Ana Reyes", Kind: schedule.Consultation,
		Start: ts("2026-01-09T17:00:00Z"), End: ts("2026-01-09T18:00:00Z"), ResourceID: room.ID, ResourceName: room.Name,
		ProviderID: 2, ProviderName: "Dr Sam Okafor", Status: record.AppointmentCancelled, Note: "patient asked to move it",
		CreatedAt: ts("2026-01-06T15:30:00Z"), CancelledAt: ts("2026-01-08T09:00:00Z")}

	treatment = record.TreatmentSession{ID: sessionID, ClinicID: clinicID, PatientID: patientID, PlanID: planID, Route: clinic.RouteIV,
		Drug: record.DrugRacemic, PlannedDoseMg: 34.25, CeilingMg: 51.4, WeightKg: 68.5, AgeYears: 39, Status: record.SessionDischarged,
		Baseline:    session.Vitals{Systolic: 128, Diastolic: 82, HeartRate: 76, SpO2: 98, RespRate: 14, Sedation: session.NoSedation},
		CheckedInBy: nurseID, CheckedInByName: "Jo Park RN", CheckedInAt: ts("2026-01-12T17:02:00Z"), AppointmentID: booked.ID, PlanSession: 1,
		AlertOriented: true, AdultPresent: true, DischargedBy: nurseID, DischargedByName: "Jo Park RN", DischargedAt: ts("2026-01-12T18:20:00Z"),
		SignedBy: doctorID, SignedByName: "Dr Sam Okafor", SignedAt: ts("2026-01-12T19:00:00Z")}
	dose = record.Dose{ID: doseID, ClinicID: clinicID, SessionID: sessionID, AdministrationID: 55, Drug: record.DrugRacemic, Route: clinic.RouteIV,
		DoseMg: 34.25, MgPerKg: 0.5, ConcentrationMgPerML: 10, VolumeML: 3.43, RateMLPerHour: 155.1, DurationMin: 40,
		LotNumber: "KX2291", LotExpiry: ts("2027-06-30T00:00:00Z"), StartedAt: ts("2026-01-12T17:10:00Z"), EndedAt: ts("2026-01-12T17:50:00Z"),
		AdministeredBy: doctorID, AdministeredByName: "Dr Sam Okafor", CreatedAt: ts("2026-01-12T17:10:30Z")}
	spray = record.Dose{ID: 602, ClinicID: clinicID, SessionID: 502, Drug: record.DrugEsketamine, Route: clinic.RouteEsketamine, DoseMg: 56,
		Devices: 2, LotNumber: "SPV881", LotExpiry: ts("2027-01-31T00:00:00Z"), StartedAt: ts("2026-02-09T17:05:00Z"),
		AdministeredBy: doctorID, AdministeredByName: "Dr Sam Okafor", CreatedAt: ts("2026-02-09T17:06:00Z")}
	esketamineSession = record.TreatmentSession{ID: 502, ClinicID: clinicID, PatientID: patientID, Route: clinic.RouteEsketamine,
		Drug: record.DrugEsketamine, Status: record.SessionDosed, CheckedInBy: nurseID, CheckedInAt: ts("2026-02-09T17:00:00Z"),
		Baseline: session.Vitals{Systolic: 130, Diastolic: 84, HeartRate: 70, SpO2: 99, RespRate: 12, Sedation: session.NoSedation}}

	vitals = []record.VitalsEntry{
		{ID: 701, ClinicID: clinicID, SessionID: sessionID, TakenAt: ts("2026-01-12T17:25:00Z"), Vitals: session.Vitals{Systolic: 146,
			Diastolic: 90, HeartRate: 88, SpO2: 97, RespRate: 16, Sedation: 4}, Note: "talkative", RecordedBy: nurseID,
			RecordedByName: "Jo Park RN", CreatedAt: ts("2026-01-12T17:25:40Z")},
		{ID: 702, ClinicID: clinicID, SessionID: sessionID, TakenAt: ts("2026-01-12T17:45:00Z"), Vitals: session.Vitals{Systolic: 132,
			Diastolic: 84, HeartRate: 80, SpO2: 98, RespRate: 14, Sedation: 5}, RecordedBy: nurseID, RecordedByName: "Jo Park RN",
			CreatedAt: ts("2026-01-12T17:45:20Z")},
	}
	vitalsAlert = record.VitalsAlert{ID: 711, ClinicID: clinicID, SessionID: sessionID, VitalsID: 701, Kind: session.AlertBPRise,
		Message: "Systolic rose 18 mmHg over baseline", CreatedAt: ts("2026-01-12T17:25:40Z"), AckBy: doctorID, AckByName: "Dr Sam Okafor",
		AckAt: ts("2026-01-12T17:27:00Z"), AckAction: "observe", AckNote: "recheck in 10 min"}
	nausea = record.SideEffect{ID: 721, ClinicID: clinicID, SessionID: sessionID, Kind: "side-effect", Effect: "nausea", Grade: "mild",
		NotedAt: ts("2026-01-12T17:40:00Z"), Note: "settled without treatment", RecordedBy: nurseID, RecordedByName: "Jo Park RN"}
	adverse = record.SideEffect{ID: 722, ClinicID: clinicID, SessionID: sessionID, Kind: "adverse-event", Effect: "transient hypertension",
		Grade: "life-threatening", Outcome: "transferred for emergency care", NotedAt: ts("2026-01-12T17:30:00Z"), RecordedBy: doctorID,
		RecordedByName: "Dr Sam Okafor"}
	resolved = record.SideEffect{ID: 723, ClinicID: clinicID, SessionID: sessionID, Kind: "adverse-event", Effect: "vomiting",
		Grade: "moderate", Outcome: "resolving", NotedAt: ts("2026-01-12T17:48:00Z"), RecordedBy: nurseID, RecordedByName: "Jo Park RN"}
	rems = record.REMSAnswers{SessionID: 502, ClinicID: clinicID, UpdatedAt: ts("2026-02-09T19:10:00Z"), SignedBy: doctorID,
		SignedByName: "Dr Sam Okafor", SignedAt: ts("2026-02-09T19:15:00Z")}

	safety = record.SafetyAlert{ID: 731, ClinicID: clinicID, PatientID: patientID, AssessmentID: 456, Kind: record.AlertSuicidality,
		Detail: "PHQ-9 item 9 answered 'several days'", CreatedAt: ts("2026-01-11T20:00:00Z")}

	preference = record.ContactPreference{ID: 901, ClinicID: clinicID, PatientID: patientID, Preference: record.ContactBoth,
		Source: "staff", RecordedBy: nurseID, RecordedByName: "Jo Park RN", RecordedAt: ts("2026-01-06T15:10:00Z")}
	optOut = record.ContactPreference{ID: 902, ClinicID: clinicID, PatientID: patientID, Preference: record.ContactNone,
		Source: "portal", RecordedBy: portalU.ID, RecordedAt: ts("2026-02-01T08:00:00Z")}

	audits = []clinic.AuditEntry{
		{ID: 5001, ClinicID: clinicID, At: ts("2026-01-12T17:03:00Z"), UserID: nurseID, Role: clinic.RoleNurse, Action: "patient.read",
			PatientID: patientID, RecordType: "patient", RecordID: patientID, Address: "203.0.113.7", RequestID: "r-1"},
		{ID: 5002, ClinicID: clinicID, At: ts("2026-01-12T19:00:00Z"), UserID: doctorID, Role: clinic.RoleClinician, Action: "session.sign",
			PatientID: patientID, RecordType: "treatment_session", RecordID: sessionID, Address: "203.0.113.8"},
		{ID: 5003, ClinicID: clinicID, At: ts("2026-01-13T07:00:00Z"), Action: "outbox.send", PatientID: patientID, RecordType: "outbox", RecordID: 88},
		{ID: 5004, ClinicID: clinicID, At: ts("2026-01-13T07:05:00Z"), Role: "", Action: "auth.signin_failed", Address: "198.51.100.2"},
		{ID: 5005, ClinicID: clinicID, At: ts("2026-01-14T12:00:00Z"), UserID: portalU.ID, Role: clinic.RolePatient, Action: "measurement.read", PatientID: patientID},
	}
)

// answersFor makes a valid answer set for an instrument, different item to
// item, keeping the skip rules: item 2 of the C-SSRS screener is no (so
// items 3–5 are skipped) and QIDS-SR16 item 7 is left for item 6.
func answersFor(t *testing.T, in scales.Instrument) []int {
	t.Helper()
	out := make([]int, len(in.Items))
	for i, it := range in.Items {
		out[i] = it.Min() + (i*3+1)%(it.Max()-it.Min()+1)
	}
	switch in.ID {
	case scales.CSSRS:
		out = []int{1, 0, scales.Skipped, scales.Skipped, scales.Skipped, 0}
	case scales.QIDS:
		out[6] = scales.Skipped
	}
	if err := in.Validate(out); err != nil {
		t.Fatalf("%s: fixture answers %v: %v", in.ID, out, err)
	}
	return out
}

// assessments are one scored assessment of every instrument, ids from 456.
func assessments(t *testing.T) []clinic.Assessment {
	t.Helper()
	var out []clinic.Assessment
	for i, in := range scales.All() {
		answers := answersFor(t, in)
		res, err := in.Score(answers)
		if err != nil {
			t.Fatalf("%s: %v", in.ID, err)
		}
		out = append(out, clinic.Assessment{ID: 456 + int64(i), ClinicID: clinicID, PatientID: patientID, Instrument: in.ID,
			TakenAt: ts("2026-01-11T19:30:00Z").Add(time.Duration(i) * time.Minute), Total: res.Total, Answers: answers, Source: "portal"})
	}
	return out
}

// imported is a total without item answers, as CSV import records one.
var imported = clinic.Assessment{ID: 470, ClinicID: clinicID, PatientID: patientID, Instrument: scales.PHQ9,
	TakenAt: ts("2025-11-20T10:00:00-08:00"), Total: 17, Source: "import"}

func sessionRecord() record.SessionRecord {
	d := dose
	return record.SessionRecord{Session: treatment, Dose: &d, Vitals: vitals, Alerts: []record.VitalsAlert{vitalsAlert},
		SideEffects: []record.SideEffect{adverse, nausea, resolved},
		Addenda: []record.Addendum{{ID: 1, SessionID: sessionID, Body: "Called next day: well.", AuthorID: doctorID,
			CreatedAt: ts("2026-01-13T16:00:00Z")}}}
}
