package record

import (
	"strings"

	"onset/internal/schedule"
)

// DefaultVisitInstructions are what a patient is told before a visit of
// kind until the clinic writes its own (ClinicSettings). IV and IM
// ketamine: a responsible adult takes the patient home and no driving for
// the rest of the day (Ketalar label: outpatients released only with a
// responsible adult; clinical-reference §5.3). Esketamine: at least 2
// hours of monitoring and no driving until the next day after a restful
// sleep (Spravato label and REMS, clinical-reference §1.5, §5.3). No
// published fasting interval was found, so the text points to the
// clinic's own fasting instructions. None names a medication: messages
// carry the minimum necessary.
func DefaultVisitInstructions(k schedule.Kind) []string {
	switch k {
	case schedule.Consultation:
		return []string{
			"Bring a list of all the medicines you take, with their doses, including supplements and anything bought without a prescription.",
			"If you have not yet done so, fill in your intake form in the patient portal.",
		}
	case schedule.Infusion, schedule.Injection:
		return []string{
			"Arrange for a responsible adult to take you home: you cannot leave on your own after the treatment.",
			"Do not drive, cycle or operate machinery for the rest of the day.",
			"Follow the clinic's fasting instructions: do not eat or drink before your treatment for as long as the clinic told you.",
			"Tell the clinic about any medicine you have started or stopped since your last visit.",
		}
	case schedule.Esketamine:
		return []string{
			"You will stay at the clinic for at least 2 hours after your dose, while staff monitor you.",
			"Do not drive or operate machinery until the next day, after a restful sleep: arrange a ride home.",
			"Follow the clinic's instructions on eating and drinking before your treatment.",
		}
	}
	return []string{"Bring a list of your current medicines."}
}

// VisitInstructions are the clinic's instructions before a visit of kind,
// one per line of the setting; the defaults where it wrote none.
func (s ClinicSettings) VisitInstructions(k schedule.Kind) []string {
	var text string
	switch k {
	case schedule.Infusion, schedule.Injection:
		text = s.TreatmentInstructions
	case schedule.Esketamine:
		text = s.EsketamineInstructions
	case schedule.Consultation:
		text = s.ConsultationInstructions
	}
	var out []string
	for line := range strings.Lines(text) {
		if line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-•*")); line != "" {
			out = append(out, line)
		}
	}
	if len(out) == 0 {
		return DefaultVisitInstructions(k)
	}
	return out
}
