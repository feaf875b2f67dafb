package app_test

import (
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/protocol"
	"onset/internal/service/plans"
	"onset/internal/store/storetest"
)

// TestClinicCopiesAndEditsATemplate: a clinician saves an edited copy of the
// IV induction (4 sessions, ceiling 0.75 mg/kg); a new plan made from it
// follows it; editing the copy again makes version 2 while the plan keeps
// the version it was made from.
func TestClinicCopiesAndEditsATemplate(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newPlanEnv(t, engine)
			ctx := t.Context()
			iv, _ := protocol.TemplateByID("iv-ketamine-induction")
			iv.ID, iv.Name = "clinic-iv-short", "Short IV induction"
			iv.Source = "Clinic decision, 2026-11: " + iv.Source
			iv.Phases[0].Sessions = 4
			iv.CeilingMgPerKg = 0.75
			if iv.Titration != nil { // the titration may not go above the new ceiling either
				tr := *iv.Titration
				tr.StepsMgPerKg, tr.CeilingMgPerKg = []float64{0.5, 0.75}, 0.75
				iv.Titration = &tr
			}
			text := plans.TemplateJSON(iv)

			if _, err := e.svc.SaveProtocolTemplate(ctx, e.nurse, text); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a nurse saved a template: %v", err)
			}
			for _, bad := range []struct{ body, want string }{
				{strings.Replace(text, `"clinic-iv-short"`, `"iv-ketamine-induction"`, 1), "built-in template's id"},
				{strings.Replace(text, `"sessions": 4`, `"sessions": 0`, 1), "sessions"},
				{`{"id":"x"`, "not valid JSON"},
				{strings.Replace(text, `"name"`, `"nmae"`, 1), "unknown field"},
			} {
				_, err := e.svc.SaveProtocolTemplate(ctx, e.clinician, bad.body)
				if clinic.ErrorCode(err) != clinic.Invalid || !strings.Contains(clinic.ErrorMessage(err), bad.want) {
					t.Errorf("bad template: %v, want invalid with %q", err, bad.want)
				}
			}
			v1, err := e.svc.SaveProtocolTemplate(ctx, e.clinician, text)
			if err != nil || v1.Version != 1 {
				t.Fatalf("save: %+v %v", v1, err)
			}
			in := ivInput()
			in.TemplateID = "clinic-iv-short"
			p, err := e.svc.CreatePlan(ctx, e.clinician, e.patient, in)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Sessions) != 4 || p.Template.CeilingMgPerKg != 0.75 {
				t.Fatalf("plan from the clinic template: %d sessions, ceiling %v", len(p.Sessions), p.Template.CeilingMgPerKg)
			}
			iv.Phases[0].Sessions = 5
			v2, err := e.svc.SaveProtocolTemplate(ctx, e.clinician, plans.TemplateJSON(iv))
			if err != nil || v2.Version != 2 {
				t.Fatalf("second version: %+v %v", v2, err)
			}
			// The saved plan keeps its snapshot (4 sessions); the list offers v2.
			pg, err := e.svc.PlanView(ctx, e.clinician, e.patient, p.ID)
			if err != nil || pg.Plan.Template.Phases[0].Sessions != 4 {
				t.Errorf("plan snapshot changed: %+v %v", pg.Plan.Template.Phases, err)
			}
			ts, err := e.svc.ProtocolTemplates(ctx, e.front)
			if err != nil {
				t.Fatal(err)
			}
			var own []plans.TemplateChoice
			for _, c := range ts {
				if c.Clinic {
					own = append(own, c)
				}
			}
			if len(own) != 1 || own[0].Version != 2 || own[0].Phases[0].Sessions != 5 || len(ts) != len(protocol.Templates())+1 {
				t.Errorf("templates: %d in all, clinic's %+v", len(ts), own)
			}
		})
	}
}
