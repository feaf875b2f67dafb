package plans

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/protocol"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/plans"
	"onset/internal/web/page"
)

// planForm is what the plan form shows, filled from a plan or blank.
type planForm struct {
	Templates      []page.Option
	Weekdays       []page.Option
	Concentrations []page.Option
	WeightKg       string
	Start          string
	DiluentML      string
}

func newPlanForm(in plans.PlanInput, templates []plans.TemplateChoice) planForm {
	f := planForm{Start: in.Start, DiluentML: "100"}
	if in.WeightKg > 0 {
		f.WeightKg = strconv.FormatFloat(in.WeightKg, 'f', -1, 64)
	}
	if in.DiluentML > 0 || in.TemplateID != "" {
		f.DiluentML = strconv.FormatFloat(in.DiluentML, 'f', -1, 64)
	}
	for _, t := range templates {
		label := t.Name
		if t.Clinic {
			label += " (this clinic's, v" + strconv.Itoa(t.Version) + ")"
		}
		f.Templates = append(f.Templates, page.Option{Value: t.ID, Label: label, Selected: t.ID == in.TemplateID})
	}
	days := map[time.Weekday]bool{}
	for _, d := range in.Weekdays {
		days[d] = true
	}
	if len(in.Weekdays) == 0 { // a clinic's usual Monday, Wednesday, Friday
		days[time.Monday], days[time.Wednesday], days[time.Friday] = true, true, true
	}
	for _, d := range page.ClinicWeek {
		f.Weekdays = append(f.Weekdays, page.Option{Value: strconv.Itoa(int(d)), Label: d.String(), Selected: days[d]})
	}
	conc := in.ConcentrationMgPerML
	if conc == 0 && in.TemplateID == "" {
		conc = 10
	}
	f.Concentrations = append(f.Concentrations, page.Option{Value: "0", Label: "not drawn up (esketamine, sublingual, oral)", Selected: conc == 0})
	for _, c := range protocol.StockedConcentrations() {
		f.Concentrations = append(f.Concentrations, page.Option{Value: strconv.FormatFloat(c, 'f', -1, 64),
			Label: strconv.FormatFloat(c, 'f', -1, 64) + " mg/mL", Selected: c == conc})
	}
	return f
}

// planInputOf is a plan's own input, to fill the edit and amend forms.
func planInputOf(p record.Plan) plans.PlanInput {
	return plans.PlanInput{TemplateID: p.TemplateID, WeightKg: p.WeightKg, Start: p.StartDate.Format(time.DateOnly),
		Weekdays: p.Weekdays, ConcentrationMgPerML: p.ConcentrationMgPerML, DiluentML: p.DiluentML}
}

// readPlanForm parses the plan form; unreadable numbers are input errors.
func readPlanForm(r *http.Request) (plans.PlanInput, error) {
	fr := page.FormOf(r)
	in := plans.PlanInput{TemplateID: fr.F.Get("template"), Start: fr.F.Get("start"),
		WeightKg: fr.Float("weight_kg", "weight in kg"), ConcentrationMgPerML: fr.Float("concentration", "vial concentration"),
		DiluentML: fr.Float("diluent_ml", "bag volume in mL")}
	if fr.Err != nil {
		return in, fr.Err
	}
	for _, d := range fr.F["weekday"] {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > 6 {
			return in, clinic.Errorf(clinic.Invalid, "Choose the treatment weekdays from the list.")
		}
		in.Weekdays = append(in.Weekdays, time.Weekday(n))
	}
	return in, nil
}

func planURL(patientID, planID int64) string {
	return "/patients/" + strconv.FormatInt(patientID, 10) + "/plans/" + strconv.FormatInt(planID, 10)
}

func (s *Pages) plansPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	pp, err := s.Svc.PatientPlans(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	templates, err := s.Svc.ProtocolTemplates(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "plans", page.Page{Title: "Treatment plans · " + pp.Patient.Name(), Principal: p, Data: map[string]any{
		"Patient": pp.Patient, "Plans": pp.Current(), "All": pp.Plans,
		"CanDraft": service.Allowed(p.Role, service.ActPlanDraft), "Form": newPlanForm(plans.PlanInput{WeightKg: pp.IntakeWeightKg}, templates)}}) // the intake's weight to start from
	return nil
}

func (s *Pages) planCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	in, err := readPlanForm(r)
	if err != nil {
		return err
	}
	plan, err := s.Svc.CreatePlan(r.Context(), p.Actor, id, in)
	if err != nil {
		return err
	}
	s.RedirectDone(w, r, p, planURL(id, plan.ID), "Draft plan created. A clinician signs it before anything is booked.")
	return nil
}

func (s *Pages) planPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, planID, err := planPath(r)
	if err != nil {
		return err
	}
	pg, err := s.Svc.PlanView(r.Context(), p.Actor, id, planID)
	if err != nil {
		return err
	}
	templates, err := s.Svc.ProtocolTemplates(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "plan", page.Page{Title: "Treatment plan · " + pg.Patient.Name(), Principal: p, Data: map[string]any{
		"Page": pg, "Plan": pg.Plan, "Patient": pg.Patient,
		"Chart":     page.EstimateChart("Expected plasma concentration after each planned dose (estimate)", pg.Estimates),
		"Estimates": page.EstimateRows(pg.Estimates),
		"Steps":     doseSteps(pg.Plan),
		"CanDraft":  service.Allowed(p.Role, service.ActPlanDraft),
		"CanSign":   service.Allowed(p.Role, service.ActPlanSign),
		"Form":      newPlanForm(planInputOf(pg.Plan), templates)}})
	return nil
}

// doseStep is the arithmetic for the sessions that share one dose.
type doseStep struct {
	Sessions string
	Steps    []string
}

// doseSteps groups the sessions by their arithmetic, so a series of six
// equal doses shows its calculation once.
func doseSteps(p record.Plan) []doseStep {
	var out []doseStep
	index := map[string]int{}
	for _, s := range p.Sessions {
		key := strings.Join(s.Steps, "\n")
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, doseStep{Steps: s.Steps})
		}
		if out[i].Sessions != "" {
			out[i].Sessions += ", "
		}
		out[i].Sessions += strconv.Itoa(s.Number)
	}
	return out
}

func (s *Pages) planEdit(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, planID, err := planPath(r)
	if err != nil {
		return err
	}
	in, err := readPlanForm(r)
	if err != nil {
		return err
	}
	if _, err := s.Svc.EditPlan(r.Context(), p.Actor, id, planID, in); err != nil {
		return err
	}
	s.RedirectDone(w, r, p, planURL(id, planID), "Draft updated.")
	return nil
}

func (s *Pages) planSign(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, planID, err := planPath(r)
	if err != nil {
		return err
	}
	if _, err := s.Svc.SignPlan(r.Context(), p.Actor, id, planID); err != nil {
		return err
	}
	s.RedirectDone(w, r, p, planURL(id, planID), "Plan signed.")
	return nil
}

func (s *Pages) planAmend(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, planID, err := planPath(r)
	if err != nil {
		return err
	}
	in, err := readPlanForm(r)
	if err != nil {
		return err
	}
	plan, err := s.Svc.AmendPlan(r.Context(), p.Actor, id, planID, in, r.PostForm.Get("reason"))
	if err != nil {
		return err
	}
	s.RedirectDone(w, r, p, planURL(id, plan.ID), "Amendment saved as a draft: version "+strconv.Itoa(plan.Version)+".")
	return nil
}

// planPath reads /patients/{id}/plans/{plan}.
func planPath(r *http.Request) (patientID, planID int64, err error) {
	if patientID, err = page.PathID(r, "id"); err != nil {
		return 0, 0, err
	}
	planID, err = page.PathID(r, "plan")
	return patientID, planID, err
}
