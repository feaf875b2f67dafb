package intake

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/patients"
	"onset/internal/web/page"
)

// Intake and eligibility screening: the patient's intake form (staff, or
// the patient in the portal), the latest screening's findings (exclusions
// in red, cautions in amber, each with its source), the clinician's
// override of a failed screen and the intake history.

// intakeForm is the form's values, from the latest intake or as posted.
type intakeForm struct {
	WeightKg, HeightCm, Medications, Pregnant, Systolic, Diastolic, HeartRate, ConsentName string
	Conditions                                                                             []page.Option
	Flags                                                                                  []intakeFlag
	Factors                                                                                []factorField
}

// intakeFlag is one history checkbox.
type intakeFlag struct {
	Name, Label string
	Checked     bool
}

var intakeConditions = []struct {
	c     clinic.Condition
	label string
}{
	{clinic.Depression, "Depression"}, {clinic.Anxiety, "Anxiety"}, {clinic.PTSD, "PTSD"}, {clinic.OCD, "OCD"},
	{clinic.ChronicPain, "Chronic pain"}, {clinic.Migraine, "Migraine"}, {clinic.SubstanceUse, "Substance use"},
}

var intakeFlagLabels = []struct{ name, label string }{
	{"aneurysm", "Aneurysmal vascular disease (aorta, brain or limb arteries)"},
	{"avm", "Arteriovenous malformation"},
	{"intracerebral_bleed", "Bleeding in the brain (intracerebral haemorrhage), ever"},
	{"psychosis_active", "Psychosis now"},
	{"psychosis_history", "Psychosis in the past"},
	{"seizures", "Seizures that are not controlled"},
	{"hyperthyroidism", "Overactive thyroid (hyperthyroidism)"},
	{"substance_misuse", "Current misuse of alcohol or drugs"},
}

func formFromIntake(p clinic.Patient, in *record.Intake) intakeForm {
	f := intakeForm{}
	conds := p.Conditions
	flags := map[string]bool{}
	if in != nil {
		num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
		opt := func(n int) string {
			if n == 0 {
				return ""
			}
			return strconv.Itoa(n)
		}
		f.WeightKg, f.HeightCm, f.Medications = num(in.WeightKg), num(in.HeightCm), strings.Join(in.Medications, "\n")
		f.Pregnant, f.Systolic, f.Diastolic, f.HeartRate = string(in.Pregnant), opt(in.SystolicBP), opt(in.DiastolicBP), opt(in.HeartRate)
		flags = map[string]bool{"aneurysm": in.AneurysmalVascularDisease, "avm": in.ArteriovenousMalformation,
			"intracerebral_bleed": in.IntracerebralHaemorrhage, "psychosis_active": in.ActivePsychosis,
			"psychosis_history": in.HistoryOfPsychosis, "seizures": in.UncontrolledSeizures,
			"hyperthyroidism": in.Hyperthyroidism, "substance_misuse": in.ActiveSubstanceMisuse}
	}
	for _, c := range intakeConditions {
		f.Conditions = append(f.Conditions, page.Option{Value: string(c.c), Label: c.label, Selected: slices.Contains(conds, c.c)})
	}
	for _, fl := range intakeFlagLabels {
		f.Flags = append(f.Flags, intakeFlag{Name: fl.name, Label: fl.label, Checked: flags[fl.name]})
	}
	var fv map[string]string
	if in != nil {
		fv = factorValues(in.Factors)
	}
	f.Factors = factorForm(func(n string) string { return fv[n] })
	return f
}

func formFromPost(v url.Values) intakeForm {
	f := intakeForm{WeightKg: v.Get("weight_kg"), HeightCm: v.Get("height_cm"), Medications: v.Get("medications"),
		Pregnant: v.Get("pregnant"), Systolic: v.Get("systolic"), Diastolic: v.Get("diastolic"), HeartRate: v.Get("heart_rate"),
		ConsentName: v.Get("consent_name")}
	for _, c := range intakeConditions {
		f.Conditions = append(f.Conditions, page.Option{Value: string(c.c), Label: c.label, Selected: slices.Contains(v["condition"], string(c.c))})
	}
	for _, fl := range intakeFlagLabels {
		f.Flags = append(f.Flags, intakeFlag{Name: fl.name, Label: fl.label, Checked: v.Get(fl.name) == "yes"})
	}
	f.Factors = factorForm(v.Get)
	return f
}

func inputFromPost(v url.Values) patients.IntakeInput {
	yes := func(n string) bool { return v.Get(n) == "yes" }
	return patients.IntakeInput{WeightKg: v.Get("weight_kg"), HeightCm: v.Get("height_cm"), Conditions: v["condition"],
		Medications: v.Get("medications"), Aneurysm: yes("aneurysm"), AVM: yes("avm"), IntracerebralBleed: yes("intracerebral_bleed"),
		PsychosisActive: yes("psychosis_active"), PsychosisHistory: yes("psychosis_history"), Seizures: yes("seizures"),
		Hyperthyroidism: yes("hyperthyroidism"), SubstanceMisuse: yes("substance_misuse"), Pregnant: v.Get("pregnant"),
		Systolic: v.Get("systolic"), Diastolic: v.Get("diastolic"), HeartRate: v.Get("heart_rate"),
		ConsentName: v.Get("consent_name"), ConsentAgreed: yes("consent_agree"), ConsentVersion: v.Get("consent_version"),
		Factors: factorsFromPost(v)}
}

func intakeURL(patientID int64) string {
	return "/patients/" + strconv.FormatInt(patientID, 10) + "/intake"
}

// intakePage shows the intake and screening; after a refused save it
// refills the form with what was typed.
func (s *Pages) intakePage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	pd := s.TakePending(r, p)
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	pg, err := s.Svc.IntakeForPatient(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	var latest *record.Intake
	if len(pg.Intakes) > 0 {
		latest = &pg.Intakes[0]
	}
	form := formFromIntake(pg.Patient, latest)
	if pd.FormFor == "intake" && pd.Form != nil {
		form = formFromPost(pd.Form)
	}
	var history []map[string]any
	for _, in := range pg.Intakes {
		h := map[string]any{"I": in}
		if o, ok := pg.Overrides[in.ID]; ok {
			h["Override"] = o
		}
		history = append(history, h)
	}
	s.Render(w, r, http.StatusOK, "intake", page.Page{Title: "Intake and screening · " + pg.Patient.Name(), Principal: p,
		Flash: pd.Notice, Error: pd.Error,
		Data: map[string]any{"Patient": pg.Patient, "State": pg.State, "Latest": latest, "History": history, "Form": form,
			"Staff": p.Role != clinic.RolePatient, "CanRecord": service.Allowed(p.Role, service.ActIntakeRecord),
			"CanOverride":    service.Allowed(p.Role, service.ActScreeningOverride) && pg.State.Blocked,
			"ConsentVersion": record.ConsentVersion, "ConsentText": strings.Split(record.ConsentText, "\n")}})
	return nil
}

func (s *Pages) intakeSave(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	fr := page.FormOf(r)
	in, err := s.Svc.RecordIntake(r.Context(), p.Actor, id, inputFromPost(fr.F))
	if err != nil {
		return s.RedirectRefused(w, r, p, intakeURL(id)+"#intake-form", err)
	}
	done := "Intake saved (version " + strconv.Itoa(in.Version) + ")."
	switch {
	case p.Role == clinic.RolePatient:
		done = "Thank you: your intake is saved. The clinic's prescriber will review it before treatment."
	case len(in.Excludes()) > 0:
		done += " The screening found an exclusion: treatment sessions cannot be booked until a clinician overrides it."
	}
	s.RedirectDone(w, r, p, intakeURL(id)+"#screening", done)
	return nil
}

func (s *Pages) screeningOverride(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	fr := page.FormOf(r)
	intakeID, err := strconv.ParseInt(fr.F.Get("intake"), 10, 64)
	if err != nil || intakeID <= 0 {
		return clinic.Errorf(clinic.Invalid, "Override the screening from the intake page.")
	}
	_, err = s.Svc.OverrideScreening(r.Context(), p.Actor, id, intakeID, fr.F.Get("reason"))
	if err != nil {
		return s.RedirectRefused(w, r, p, intakeURL(id)+"#screening", err)
	}
	s.RedirectDone(w, r, p, intakeURL(id)+"#screening", "Override recorded: treatment sessions can now be booked.")
	return nil
}
