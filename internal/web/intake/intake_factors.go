package intake

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/service/patients"
	"onset/internal/web/page"
)

// The intake's factors (issue 15): numbers left blank and answers "not
// known" are stored as missing, never as zero or no.

// factorField is one factor on the intake form.
type factorField struct {
	Name, Label, Unit, Value string
	YesNo                    bool
}

var factorFieldDefs = []factorField{
	{Name: "years_ill", Label: "Years since the condition began", Unit: "years"},
	{Name: "episode_months", Label: "Length of the current episode", Unit: "months"},
	{Name: "failed_trials", Label: "Adequate antidepressant trials failed in this episode", Unit: "trials"},
	{Name: "augmentation", Label: "Augmentation tried in this episode (e.g. lithium, an antipsychotic)", YesNo: true},
	{Name: "ect", Label: "ECT ever", YesNo: true},
	{Name: "tms", Label: "TMS ever", YesNo: true},
	{Name: "benzo_diazepam_mg", Label: "Benzodiazepine daily dose in diazepam equivalents (0 if none)", Unit: "mg/day"},
	{Name: "lamotrigine", Label: "Takes lamotrigine", YesNo: true},
	{Name: "naltrexone", Label: "Takes naltrexone", YesNo: true},
	{Name: "stimulant", Label: "Takes a stimulant", YesNo: true},
	{Name: "anxiety", Label: "Coexisting anxiety disorder", YesNo: true},
	{Name: "ptsd", Label: "Coexisting PTSD", YesNo: true},
	{Name: "substance_use", Label: "Coexisting substance use disorder", YesNo: true},
	{Name: "chronic_pain", Label: "Coexisting chronic pain", YesNo: true},
	{Name: "bipolar", Label: "Bipolar disorder", YesNo: true},
}

// factorValues are the form's strings of recorded factors.
func factorValues(f clinic.IntakeFactors) map[string]string {
	out := map[string]string{}
	num := func(name string, x *float64) {
		if x != nil {
			out[name] = strconv.FormatFloat(*x, 'f', -1, 64)
		}
	}
	num("years_ill", f.YearsIll)
	num("episode_months", f.EpisodeMonths)
	num("benzo_diazepam_mg", f.BenzoDiazepamMg)
	if f.FailedTrials != nil {
		out["failed_trials"] = strconv.Itoa(*f.FailedTrials)
	}
	for name, b := range map[string]*bool{"augmentation": f.Augmentation, "ect": f.ECT, "tms": f.TMS,
		"lamotrigine": f.Lamotrigine, "naltrexone": f.Naltrexone, "stimulant": f.Stimulant, "anxiety": f.Anxiety,
		"ptsd": f.PTSD, "substance_use": f.SubstanceUse, "chronic_pain": f.ChronicPain, "bipolar": f.Bipolar} {
		if b != nil {
			out[name] = map[bool]string{true: "yes", false: "no"}[*b]
		}
	}
	return out
}

// factorForm fills the form's factor fields from values by name.
func factorForm(values func(string) string) []factorField {
	out := make([]factorField, len(factorFieldDefs))
	for i, d := range factorFieldDefs {
		d.Value = values(d.Name)
		out[i] = d
	}
	return out
}

// factorsFromPost reads the factors of a posted intake form.
func factorsFromPost(v url.Values) patients.FactorsInput {
	return patients.FactorsInput{YearsIll: v.Get("years_ill"), EpisodeMonths: v.Get("episode_months"),
		FailedTrials: v.Get("failed_trials"), BenzoDiazepamMg: v.Get("benzo_diazepam_mg"),
		Augmentation: v.Get("augmentation"), ECT: v.Get("ect"), TMS: v.Get("tms"),
		Lamotrigine: v.Get("lamotrigine"), Naltrexone: v.Get("naltrexone"), Stimulant: v.Get("stimulant"),
		Anxiety: v.Get("anxiety"), PTSD: v.Get("ptsd"), SubstanceUse: v.Get("substance_use"),
		ChronicPain: v.Get("chronic_pain"), Bipolar: v.Get("bipolar")}
}

// factorSummary says the recorded factors in a line, in the form's order;
// those not recorded are left out (and counted).
func factorSummary(f clinic.IntakeFactors) string {
	values := factorValues(f)
	var parts []string
	missing := 0
	for _, d := range factorFieldDefs {
		v, ok := values[d.Name]
		switch {
		case !ok:
			missing++
		case d.YesNo:
			parts = append(parts, d.Label+": "+v)
		default:
			parts = append(parts, d.Label+": "+v+" "+d.Unit)
		}
	}
	if len(parts) == 0 {
		return "none recorded"
	}
	s := strings.Join(parts, "; ")
	if missing > 0 {
		s += "; " + strconv.Itoa(missing) + " not known"
	}
	return s
}

func init() { page.AddFuncs(template.FuncMap{"factorSummary": factorSummary}) }
