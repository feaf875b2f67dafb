package service

import (
	"context"
	"fmt"
	"time"

	"onset/internal/clinic"
	"onset/internal/demo"
)

// loadDemoPlans writes the demo's signed plans inside LoadDemo's
// transaction: written by the system two days before the course started
// and signed by the clinic's first clinician the day before. A spec whose
// weekdays cannot hold the protocol's spacing falls back to Monday to
// Friday; a plan that still cannot be made fails the demo load loudly.
func loadDemoPlans(ctx context.Context, tx Tx, clinicID int64, patientIDs []int64, d demo.Clinic) error {
	users, err := tx.Users(ctx, clinicID)
	if err != nil {
		return err
	}
	var signer clinic.User
	for _, u := range users {
		if u.Role == clinic.RoleClinician {
			signer = u
			break
		}
	}
	if signer.ID == 0 {
		return fmt.Errorf("demo plans: the demo clinic has no clinician to sign them")
	}
	weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	for _, spec := range demo.Plans(d) {
		pt := d.Patients[spec.PatientIndex]
		pt.ID, pt.ClinicID = patientIDs[spec.PatientIndex], clinicID
		in := PlanInput{TemplateID: spec.TemplateID, WeightKg: spec.WeightKg, Start: spec.Start.Format(time.DateOnly),
			Weekdays: spec.Weekdays, ConcentrationMgPerML: spec.ConcentrationMgPerML, DiluentML: spec.DiluentML}
		p, err := buildPlan(pt, in)
		if err != nil {
			in.Weekdays = weekdays
			if p, err = buildPlan(pt, in); err != nil {
				return fmt.Errorf("demo plan for patient %d (%s): %w", spec.PatientIndex, spec.TemplateID, err)
			}
		}
		p.Version, p.Status, p.Reason = 1, PlanDraft, "New plan"
		p.CreatedByName, p.CreatedAt = "system (demo)", spec.Start.AddDate(0, 0, -2)
		id, err := tx.CreatePlan(ctx, p)
		if err != nil {
			return err
		}
		if err := tx.SignPlan(ctx, clinicID, id, signer.ID, signer.Name, spec.Start.AddDate(0, 0, -1)); err != nil {
			return err
		}
	}
	return nil
}
