package record

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/scales"
)

// NoteTemplate is a clinic's starting text for a kind of note: its
// sections, which the author fills in. A clinic edits its own on the
// note-templates page; until it saves one it has DefaultNoteTemplates.
type NoteTemplate struct {
	ID, ClinicID int64
	Kind         string // NoteProgress, NoteConsultation or NoteTherapy
	Name         string
	Body         string
	UpdatedBy    int64
	UpdatedAt    time.Time
}

// DefaultNoteTemplates are the templates a clinic starts with (clinic
// defaults; the consultation's sections are those of a comprehensive
// pretreatment psychiatric evaluation, which the APA consensus asks for
// before ketamine, Sanacora 2017 [2°], clinical-reference §1.3).
func DefaultNoteTemplates() []NoteTemplate {
	return []NoteTemplate{
		{Kind: NoteConsultation, Name: "Psychiatric evaluation", Body: strings.Join([]string{
			"Reason for referral:", "", "History of present illness:", "", "Psychiatric history (episodes, admissions, treatments tried):", "",
			"Medical history:", "", "Substance use:", "", "Family and social history:", "", "Mental status examination:", "",
			"Risk assessment (suicidal thoughts, plans, protective factors):", "", "Assessment and formulation:", "",
			"Recommendation (ketamine treatment: yes, no, or on what conditions):", ""}, "\n")},
		{Kind: NoteProgress, Name: "Treatment visit (SOAP)", Body: strings.Join([]string{
			"Subjective (since the last visit: mood, sleep, side effects):", "", "Objective (vital signs, mental status, scores):", "",
			"Assessment:", "", "Plan:", ""}, "\n")},
		{Kind: NoteProgress, Name: "Follow-up visit", Body: strings.Join([]string{
			"Response so far (scores reviewed):", "", "Side effects:", "", "Safety (suicidal thoughts since the last visit):", "",
			"Maintenance plan and next visit:", ""}, "\n")},
		{Kind: NoteTherapy, Name: "Integration session", Body: strings.Join([]string{
			"What the patient brought from the session:", "", "Links to their intentions:", "", "Practices agreed until next time:", ""}, "\n")},
	}
}

// ConsultationSummary is what a consultation note starts from: the
// patient's current intake with its screening findings, and the latest
// score of each questionnaire (the baselines), written in the clinic's
// zone. in is nil when the patient has no intake.
func ConsultationSummary(in *Intake, assessments []clinic.Assessment, loc *time.Location) string {
	var b strings.Builder
	if in == nil {
		b.WriteString("Intake: none recorded yet.\n")
	} else {
		fmt.Fprintf(&b, "Intake (version %d, recorded %s by %s):\n", in.Version, in.RecordedAt.In(loc).Format("2006-01-02"), in.RecordedByName)
		var conds []string
		for _, c := range in.Conditions {
			conds = append(conds, string(c))
		}
		if len(conds) > 0 {
			fmt.Fprintf(&b, "- Conditions: %s\n", strings.Join(conds, ", "))
		}
		if in.WeightKg > 0 {
			fmt.Fprintf(&b, "- Weight %.1f kg", in.WeightKg)
			if in.HeightCm > 0 {
				fmt.Fprintf(&b, ", height %.0f cm", in.HeightCm)
			}
			b.WriteString("\n")
		}
		if in.SystolicBP > 0 {
			fmt.Fprintf(&b, "- Blood pressure %d/%d mmHg", in.SystolicBP, in.DiastolicBP)
			if in.HeartRate > 0 {
				fmt.Fprintf(&b, ", heart rate %d/min", in.HeartRate)
			}
			b.WriteString("\n")
		}
		if len(in.Medications) > 0 {
			fmt.Fprintf(&b, "- Medications: %s\n", strings.Join(in.Medications, "; "))
		} else {
			b.WriteString("- Medications: none listed\n")
		}
		if in.Eligible {
			b.WriteString("Screening: no exclusion found.\n")
		} else {
			b.WriteString("Screening: treatment excluded until a prescriber reviews it.\n")
		}
		for _, f := range in.Findings {
			fmt.Fprintf(&b, "- %s: %s\n", f.Severity, f.Message)
		}
	}
	latest := map[string]clinic.Assessment{}
	for _, a := range assessments {
		if l, ok := latest[a.Instrument]; !ok || a.TakenAt.After(l.TakenAt) {
			latest[a.Instrument] = a
		}
	}
	if len(latest) == 0 {
		b.WriteString("Baseline scores: no questionnaire answered yet.\n")
		return b.String()
	}
	b.WriteString("Baseline scores (the latest of each):\n")
	ids := make([]string, 0, len(latest))
	for id := range latest {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		a := latest[id]
		name, band := id, ""
		if inst, ok := scales.Lookup(id); ok {
			name, band = inst.Name, inst.Severity(a.Total)
		}
		fmt.Fprintf(&b, "- %s %d", name, a.Total)
		if band != "" {
			fmt.Fprintf(&b, " (%s)", band)
		}
		fmt.Fprintf(&b, " on %s\n", a.TakenAt.In(loc).Format("2006-01-02"))
	}
	return b.String()
}
