package export

import (
	"context"
	"encoding/json"
	"strings"

	"onset/internal/record"
)

// The export's files of intakes, REMS forms, contact preferences, the
// waitlist and the clinic's settings (files.go has the rest).

// Cells of values that may be unknown: empty when not recorded.
func optBool(v *bool) cell {
	if v == nil {
		return cell{}
	}
	return yes(*v)
}

func optInt(v *int) cell {
	if v == nil {
		return cell{}
	}
	return num(*v)
}

func optDec(v *float64) cell {
	if v == nil {
		return cell{}
	}
	return dec(*v)
}

// list joins values with "; " (a spreadsheet keeps them in one cell).
func list[T ~string](vs []T) cell {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = string(v)
	}
	return txt(strings.Join(parts, "; "))
}

var intakes = table[record.Intake]{file: "intakes", about: "Every saved version of every patient's intake: measurements, medications, contraindications, the factors that may change how fast treatment works, the signed consent and the eligibility screening's result.",
	each: func(ctx context.Context, q Queries, c int64, fn func(record.Intake) error) error {
		return q.EachIntake(ctx, c, fn)
	},
	cols: []column[record.Intake]{
		{"intake_id", tID, "", "Onset's number for this version", func(in record.Intake) cell { return id(in.ID) }},
		{"patient_id", tID, "", mPatient, func(in record.Intake) cell { return id(in.PatientID) }},
		{"version", tInt, "", "1 for the first intake, one more for each new version", func(in record.Intake) cell { return num(in.Version) }},
		{"weight_kg", tDec, "kg", "body weight", func(in record.Intake) cell { return dec(in.WeightKg) }},
		{"height_cm", tDec, "cm", "height", func(in record.Intake) cell { return dec(in.HeightCm) }},
		{"conditions", tText, "", "the conditions to treat, separated by '; '", func(in record.Intake) cell { return list(in.Conditions) }},
		{"medications", tText, "", "current medications as written, separated by '; '", func(in record.Intake) cell { return list(in.Medications) }},
		{"aneurysmal_vascular_disease", tBool, "", "contraindication: aneurysmal vascular disease", func(in record.Intake) cell { return yes(in.AneurysmalVascularDisease) }},
		{"arteriovenous_malformation", tBool, "", "contraindication: arteriovenous malformation", func(in record.Intake) cell { return yes(in.ArteriovenousMalformation) }},
		{"intracerebral_haemorrhage", tBool, "", "contraindication: history of intracerebral haemorrhage", func(in record.Intake) cell { return yes(in.IntracerebralHaemorrhage) }},
		{"active_psychosis", tBool, "", "active psychosis", func(in record.Intake) cell { return yes(in.ActivePsychosis) }},
		{"history_of_psychosis", tBool, "", "history of psychosis", func(in record.Intake) cell { return yes(in.HistoryOfPsychosis) }},
		{"uncontrolled_seizures", tBool, "", "uncontrolled seizures", func(in record.Intake) cell { return yes(in.UncontrolledSeizures) }},
		{"hyperthyroidism", tBool, "", "hyperthyroidism", func(in record.Intake) cell { return yes(in.Hyperthyroidism) }},
		{"active_substance_misuse", tBool, "", "active substance misuse", func(in record.Intake) cell { return yes(in.ActiveSubstanceMisuse) }},
		{"pregnant", tText, "", "no, yes or unknown", func(in record.Intake) cell { return txt(string(in.Pregnant)) }},
		{"systolic", tInt, "mmHg", "blood pressure at intake, systolic", func(in record.Intake) cell { return num(in.SystolicBP) }},
		{"diastolic", tInt, "mmHg", "blood pressure at intake, diastolic", func(in record.Intake) cell { return num(in.DiastolicBP) }},
		{"heart_rate", tInt, "/min", "heart rate at intake", func(in record.Intake) cell { return num(in.HeartRate) }},
		{"years_ill", tDec, "years", "years since the condition began; empty when not recorded", func(in record.Intake) cell { return optDec(in.Factors.YearsIll) }},
		{"episode_months", tDec, "months", "length of the current episode; empty when not recorded", func(in record.Intake) cell { return optDec(in.Factors.EpisodeMonths) }},
		{"failed_trials", tInt, "", "adequate antidepressant trials failed in this episode; empty when not recorded", func(in record.Intake) cell { return optInt(in.Factors.FailedTrials) }},
		{"augmentation", tBool, "", "augmentation tried; empty when not recorded", func(in record.Intake) cell { return optBool(in.Factors.Augmentation) }},
		{"ect", tBool, "", "ECT ever received; empty when not recorded", func(in record.Intake) cell { return optBool(in.Factors.ECT) }},
		{"tms", tBool, "", "TMS ever received; empty when not recorded", func(in record.Intake) cell { return optBool(in.Factors.TMS) }},
		{"benzo_diazepam_mg", tDec, "mg/day", "daily benzodiazepine dose in diazepam equivalents (0: none); empty when not recorded", func(in record.Intake) cell { return optDec(in.Factors.BenzoDiazepamMg) }},
		{"lamotrigine", tBool, "", "takes lamotrigine; empty when not recorded", func(in record.Intake) cell { return optBool(in.Factors.Lamotrigine) }},
		{"naltrexone", tBool, "", "takes naltrexone; empty when not recorded", func(in record.Intake) cell { return optBool(in.Factors.Naltrexone) }},
		{"stimulant", tBool, "", "takes a stimulant; empty when not recorded", func(in record.Intake) cell { return optBool(in.Factors.Stimulant) }},
		{"anxiety", tBool, "", "coexisting anxiety; empty when not recorded", func(in record.Intake) cell { return optBool(in.Factors.Anxiety) }},
		{"ptsd", tBool, "", "coexisting PTSD; empty when not recorded", func(in record.Intake) cell { return optBool(in.Factors.PTSD) }},
		{"substance_use", tBool, "", "coexisting substance use; empty when not recorded", func(in record.Intake) cell { return optBool(in.Factors.SubstanceUse) }},
		{"chronic_pain", tBool, "", "coexisting chronic pain; empty when not recorded", func(in record.Intake) cell { return optBool(in.Factors.ChronicPain) }},
		{"bipolar", tBool, "", "coexisting bipolar disorder; empty when not recorded", func(in record.Intake) cell { return optBool(in.Factors.Bipolar) }},
		{"eligible", tBool, "", "the screening found no exclusion", func(in record.Intake) cell { return yes(in.Eligible) }},
		{"findings", tText, "", "the screening's findings (severity: message), separated by '; '", func(in record.Intake) cell {
			parts := make([]string, len(in.Findings))
			for i, f := range in.Findings {
				parts[i] = f.Severity + ": " + f.Message
			}
			return txt(strings.Join(parts, "; "))
		}},
		{"unrecognized_medications", tText, "", "medications the screening list does not know, separated by '; '", func(in record.Intake) cell { return list(in.Unrecognized) }},
		{"consent_version", tText, "", "the consent text signed", func(in record.Intake) cell { return txt(in.ConsentVersion) }},
		{"consent_name", tText, "", "the name typed to sign it", func(in record.Intake) cell { return txt(in.ConsentName) }},
		{"consent_at", tLocal, "", "when it was signed", func(in record.Intake) cell { return at(in.ConsentAt) }},
		{"source", tText, "", "staff or portal (the patient)", func(in record.Intake) cell { return txt(in.Source) }},
		{"recorded_by", tID, "", who("saved it"), func(in record.Intake) cell { return id(in.RecordedBy) }},
		{"recorded_by_name", tText, "", mUserName, func(in record.Intake) cell { return txt(in.RecordedByName) }},
		{"recorded_at", tLocal, "", "when it was saved", func(in record.Intake) cell { return at(in.RecordedAt) }},
	}}

type remsRow struct {
	patientID int64
	f         record.REMSAnswers
}

// remsMedications name the REMS form's four medication questions.
var remsMedications = [4]string{"benzodiazepines", "sedative_hypnotics", "psychostimulants", "maois"}

var remsForms = table[remsRow]{file: "rems_forms", about: "The Spravato REMS Patient Monitoring Form of each esketamine session: the concomitant-medication answers, when the patient was ready to leave, and the prescriber's signature.",
	each: func(ctx context.Context, q Queries, c int64, fn func(remsRow) error) error {
		return q.EachREMSForm(ctx, c, func(pid int64, f record.REMSAnswers) error { return fn(remsRow{pid, f}) })
	},
	cols: func() []column[remsRow] {
		cols := []column[remsRow]{
			{"session_id", tID, "", mSession, func(r remsRow) cell { return id(r.f.SessionID) }},
			{"patient_id", tID, "", mPatient, func(r remsRow) cell { return id(r.patientID) }},
		}
		for i, name := range remsMedications {
			cols = append(cols, column[remsRow]{name, tBool, "", "takes " + strings.ReplaceAll(name, "_", "-") + "; empty when not answered",
				func(r remsRow) cell { return optBool(r.f.Medications[i]) }})
		}
		return append(cols,
			column[remsRow]{"ready_minutes", tInt, "min", "minutes from the dose until the patient was ready to leave; empty when not recorded", func(r remsRow) cell { return optInt(r.f.ReadyMinutes) }},
			column[remsRow]{"updated_at", tTime, "", "when the answers were last changed", func(r remsRow) cell { return at(r.f.UpdatedAt) }},
			column[remsRow]{"signed_by", tID, "", who("signed it"), func(r remsRow) cell { return id(r.f.SignedBy) }},
			column[remsRow]{"signed_by_name", tText, "", mUserName, func(r remsRow) cell { return txt(r.f.SignedByName) }},
			column[remsRow]{"signed_at", tLocal, "", "when it was signed; empty while unsigned", func(r remsRow) cell { return at(r.f.SignedAt) }},
		)
	}()}

var contactPreferences = table[record.ContactPreference]{file: "contact_preferences", about: "How each patient asked to be reached (email, text, both, none), every change a row; the latest is in force.",
	each: func(ctx context.Context, q Queries, c int64, fn func(record.ContactPreference) error) error {
		return q.EachContactPreference(ctx, c, fn)
	},
	cols: []column[record.ContactPreference]{
		{"preference_id", tID, "", "Onset's number for the choice", func(p record.ContactPreference) cell { return id(p.ID) }},
		{"patient_id", tID, "", mPatient, func(p record.ContactPreference) cell { return id(p.PatientID) }},
		{"preference", tText, "", "email, sms, both or none", func(p record.ContactPreference) cell { return txt(p.Preference) }},
		{"source", tText, "", "staff (told in person or by phone) or portal (the patient)", func(p record.ContactPreference) cell { return txt(p.Source) }},
		{"recorded_by", tID, "", who("recorded it"), func(p record.ContactPreference) cell { return id(p.RecordedBy) }},
		{"recorded_by_name", tText, "", mUserName, func(p record.ContactPreference) cell { return txt(p.RecordedByName) }},
		{"recorded_at", tLocal, "", "when", func(p record.ContactPreference) cell { return at(p.RecordedAt) }},
	}}

var waitlist = table[record.WaitlistEntry]{file: "waitlist", about: "The booking waitlist: who waits for which kind of appointment, when they can come, and what became of each entry.",
	each: func(ctx context.Context, q Queries, c int64, fn func(record.WaitlistEntry) error) error {
		return q.EachWaitlistEntry(ctx, c, fn)
	},
	cols: []column[record.WaitlistEntry]{
		{"entry_id", tID, "", "Onset's number for the entry", func(w record.WaitlistEntry) cell { return id(w.ID) }},
		{"patient_id", tID, "", mPatient, func(w record.WaitlistEntry) cell { return id(w.PatientID) }},
		{"kind", tText, "", "the appointment type waited for", func(w record.WaitlistEntry) cell { return txt(string(w.Kind)) }},
		{"added_at", tLocal, "", "when added", func(w record.WaitlistEntry) cell { return at(w.AddedAt) }},
		{"priority", tInt, "", "higher is offered first", func(w record.WaitlistEntry) cell { return num(w.Priority) }},
		{"earliest", tLocal, "", "the earliest time the patient can come; empty for any", func(w record.WaitlistEntry) cell { return at(w.Earliest) }},
		{"latest", tLocal, "", "the latest; empty for any", func(w record.WaitlistEntry) cell { return at(w.Latest) }},
		{"days", tText, "", "weekdays the patient can come, separated by '; '; empty for any", func(w record.WaitlistEntry) cell {
			parts := make([]string, len(w.Days))
			for i, d := range w.Days {
				parts[i] = d.String()
			}
			return txt(strings.Join(parts, "; "))
		}},
		{"after_minute", tInt, "min", "not before this minute of the day (0: any)", func(w record.WaitlistEntry) cell { return num(int(w.After)) }},
		{"before_minute", tInt, "min", "not after this minute of the day (0: any)", func(w record.WaitlistEntry) cell { return num(int(w.Before)) }},
		{"provider_id", tID, "", "the provider asked for; empty for any", func(w record.WaitlistEntry) cell { return id(w.ProviderID) }},
		{"note", tText, "", "the front desk's note", func(w record.WaitlistEntry) cell { return txt(w.Note) }},
		{"status", tText, "", "waiting, booked or removed", func(w record.WaitlistEntry) cell { return txt(w.Status) }},
	}}

var settingsFile = table[record.ClinicSettings]{file: "settings", about: "Every saved version of the clinic's settings, oldest first; the last is in force. settings_json holds every setting as saved.",
	each: func(ctx context.Context, q Queries, c int64, fn func(record.ClinicSettings) error) error {
		return q.EachClinicSettings(ctx, c, fn)
	},
	cols: []column[record.ClinicSettings]{
		{"saved_at", tLocal, "", "when this version was saved", func(s record.ClinicSettings) cell { return at(s.SavedAt) }},
		{"saved_by", tID, "", who("saved it"), func(s record.ClinicSettings) cell { return id(s.SavedBy) }},
		{"saved_by_name", tText, "", mUserName, func(s record.ClinicSettings) cell { return txt(s.SavedByName) }},
		{"name", tText, "", "the clinic's name", func(s record.ClinicSettings) cell { return txt(s.Name) }},
		{"timezone", tText, "", "the clinic's time zone (IANA)", func(s record.ClinicSettings) cell { return txt(s.Timezone) }},
		{"phone", tText, "", "the clinic's phone", func(s record.ClinicSettings) cell { return txt(s.Phone) }},
		{"address", tText, "", "the clinic's address", func(s record.ClinicSettings) cell { return txt(s.Address) }},
		{"reminder_hours", tInt, "h", "appointment reminders go this long before (0: the default)", func(s record.ClinicSettings) cell { return num(s.ReminderHours) }},
		{"quiet_hours", tText, "", "no message is sent from–until (the clinic's clock); empty for none", func(s record.ClinicSettings) cell {
			if s.QuietFrom == "" {
				return cell{}
			}
			return txt(s.QuietFrom + "–" + s.QuietUntil)
		}},
		{"settings_json", tText, "", "every setting of this version, as JSON", func(s record.ClinicSettings) cell {
			b, _ := json.Marshal(s)
			return txt(string(b))
		}},
	}}
