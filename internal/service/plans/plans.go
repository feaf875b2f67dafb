package plans

import (
	"context"
	"slices"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/pk"
	"onset/internal/protocol"
	"onset/internal/record"
	"onset/internal/service"
)

// PlanInput is what a plan is generated from: a protocol template, the
// patient's weight, the first day and the clinic's treatment weekdays,
// and the stocked vial strength (and IV bag) the doses are prepared from.
type PlanInput struct {
	TemplateID           string
	WeightKg             float64
	Start                string // YYYY-MM-DD
	Weekdays             []time.Weekday
	ConcentrationMgPerML float64 // IV and IM: 10, 50 or 100; 0 for other routes
	DiluentML            float64 // IV only: bag volume
}

// maxReasonLen bounds an amendment's written reason.
const maxReasonLen = 1000

// buildPlanWith generates a plan's sessions from the clinic's templates
// (templateLookup) and prepares each dose, showing the arithmetic; the
// plan keeps a snapshot of the template it was made from. It reads no
// clock: age is counted at the start date.
func buildPlanWith(pt clinic.Patient, in PlanInput, lookup func(string) (protocol.Template, bool)) (record.Plan, error) {
	t, ok := lookup(strings.TrimSpace(in.TemplateID))
	if !ok {
		return record.Plan{}, clinic.Errorf(clinic.Invalid, "Choose one of the protocol templates.")
	}
	if err := clinic.WeightKg.Check("the patient's weight in kg", in.WeightKg); err != nil {
		return record.Plan{}, err
	}
	start, err := time.Parse(time.DateOnly, strings.TrimSpace(in.Start))
	if err != nil || start.Year() < 2000 || start.Year() > 2100 {
		return record.Plan{}, clinic.Errorf(clinic.Invalid, "Enter the first treatment day as YYYY-MM-DD.")
	}
	if !pt.BirthDate.IsZero() && start.Before(pt.BirthDate) {
		return record.Plan{}, clinic.Errorf(clinic.Invalid, "The first treatment day is before the patient's birth date.")
	}
	// The vial strength applies to doses drawn up in a syringe (IV, IM) and
	// the bag only to IV: a form that always sends them is not an error.
	switch t.Route {
	case clinic.RouteIV:
	case clinic.RouteIM:
		in.DiluentML = 0
	default:
		in.ConcentrationMgPerML, in.DiluentML = 0, 0
	}
	if err := clinic.ConcentrationMgPerML.CheckOptional("the vial concentration", in.ConcentrationMgPerML); err != nil {
		return record.Plan{}, err
	}
	if err := clinic.DiluentML.Check("the bag volume", in.DiluentML); err != nil {
		return record.Plan{}, err
	}
	weekdays := slices.Clone(in.Weekdays)
	slices.Sort(weekdays)
	weekdays = slices.Compact(weekdays)
	age := clinic.AgeAt(pt.BirthDate, start)
	sessions, err := protocol.Plan(protocol.PlanRequest{Template: t, WeightKg: in.WeightKg, AgeYears: age,
		Start: start, Weekdays: weekdays})
	if err != nil {
		return record.Plan{}, err
	}
	p := record.Plan{PatientID: pt.ID, ClinicID: pt.ClinicID, TemplateID: t.ID, TemplateName: t.Name, TemplateSource: t.Source, Template: t,
		Route: t.Route, WeightKg: in.WeightKg, AgeYears: age, StartDate: start, Weekdays: weekdays,
		ConcentrationMgPerML: in.ConcentrationMgPerML, DiluentML: in.DiluentML}
	for _, s := range sessions {
		d := templateDose(t, s.Number, age)
		req := protocol.DoseRequest{Route: t.Route, WeightKg: in.WeightKg, CeilingMgPerKg: t.CeilingMgPerKg,
			CeilingMg: t.CeilingMg, ConcentrationMgPerML: in.ConcentrationMgPerML, DiluentML: in.DiluentML}
		if d.MgPerKg > 0 {
			req.MgPerKg = d.MgPerKg
		} else {
			req.FixedMg = s.DoseMg
		}
		if t.Route == clinic.RouteIV {
			req.Minutes = float64(s.DurationMin)
		}
		res, err := protocol.CalculateDose(req)
		if err != nil {
			return record.Plan{}, clinic.Errorf(clinic.Invalid, "Session %d: %s", s.Number, clinic.ErrorMessage(err))
		}
		p.Sessions = append(p.Sessions, record.PlannedSession{Number: s.Number, Phase: s.Phase, Date: s.Date, Route: s.Route,
			DoseMg: res.DoseMg, MgPerKg: s.MgPerKg, Devices: res.Devices, DurationMin: s.DurationMin,
			MonitorMin: s.MonitorMin, VolumeML: res.VolumeML, TotalML: res.TotalML, RateMLPerHour: res.RateMLPerHour,
			Steps: append(res.Steps, res.Notes...)})
	}
	return p, nil
}

// buildPlanNow is buildPlanWith for a use case: the first day must also lie
// within the planning window around now (clinic.PlanStart).
func buildPlanNow(pt clinic.Patient, in PlanInput, lookup func(string) (protocol.Template, bool), now time.Time) (record.Plan, error) {
	if _, err := clinic.PlanStart.ParseDate(in.Start, now); err != nil {
		return record.Plan{}, err
	}
	return buildPlanWith(pt, in, lookup)
}

// templateDose is the template's dose for session number n, as
// protocol.Plan chooses it (first dose and the older-adult first dose).
func templateDose(t protocol.Template, n, age int) protocol.Dose {
	d := t.Phases[0].Dose
	for i, left := 0, n; i < len(t.Phases); i++ {
		if left <= t.Phases[i].Sessions {
			d = t.Phases[i].Dose
			break
		}
		left -= t.Phases[i].Sessions
	}
	if n == 1 {
		if !t.FirstDose.IsZero() {
			d = t.FirstDose
		}
		if t.OlderAdultAge > 0 && age >= t.OlderAdultAge {
			d = t.OlderAdultFirstDose
		}
	}
	return d
}

func (s *Service) planEntry(a service.Actor, action service.Action, p record.Plan) clinic.AuditEntry {
	e := s.Entry(a, action, p.PatientID)
	e.RecordType, e.RecordID = "treatment_plan", p.ID
	return e
}

// CreatePlan generates a draft plan (version 1) for a patient.
func (s *Service) CreatePlan(ctx context.Context, a service.Actor, patientID int64, in PlanInput) (record.Plan, error) {
	if err := service.AuthorizePatient(a, service.ActPlanDraft, patientID); err != nil {
		return record.Plan{}, err
	}
	var p record.Plan
	err := s.store.WithTx(ctx, func(tx Tx) error {
		pt, err := tx.Patient(ctx, a.ClinicID, patientID)
		if err != nil {
			return err
		}
		lookup, err := templateLookup(ctx, tx, a.ClinicID)
		if err != nil {
			return err
		}
		if p, err = buildPlanNow(pt, in, lookup, s.Now()); err != nil {
			return err
		}
		p.Version, p.Status, p.Reason = 1, record.PlanDraft, "New plan"
		p.CreatedBy, p.CreatedByName, p.CreatedAt = a.UserID, service.ActorName(a), s.Now()
		if p.ID, err = tx.CreatePlan(ctx, p); err != nil {
			return err
		}
		p.RootID = p.ID
		return tx.AppendAudit(ctx, s.planEntry(a, service.ActPlanDraft, p))
	})
	return p, clinic.Wrap(err, "Could not save the treatment plan.")
}

// planOf loads a plan version and checks it belongs to patientID: a plan
// reached through another patient's address is "not found".
func planOf(ctx context.Context, q Queries, a service.Actor, patientID, planID int64) (record.Plan, error) {
	p, err := q.Plan(ctx, a.ClinicID, planID)
	if err != nil {
		return p, err
	}
	if p.PatientID != patientID {
		return record.Plan{}, clinic.Errorf(clinic.NotFound, "There is no such treatment plan.")
	}
	return p, nil
}

// EditPlan regenerates a draft from new input. Signed versions are never
// edited: amend them instead.
func (s *Service) EditPlan(ctx context.Context, a service.Actor, patientID, planID int64, in PlanInput) (record.Plan, error) {
	if err := service.AuthorizePatient(a, service.ActPlanDraft, patientID); err != nil {
		return record.Plan{}, err
	}
	var p record.Plan
	err := s.store.WithTx(ctx, func(tx Tx) error {
		old, err := planOf(ctx, tx, a, patientID, planID)
		if err != nil {
			return err
		}
		if old.Status != record.PlanDraft {
			return clinic.Errorf(clinic.Conflict, "This plan is signed and cannot be changed; amend it instead.")
		}
		pt, err := tx.Patient(ctx, a.ClinicID, patientID)
		if err != nil {
			return err
		}
		lookup, err := templateLookup(ctx, tx, a.ClinicID)
		if err != nil {
			return err
		}
		if p, err = buildPlanNow(pt, in, lookup, s.Now()); err != nil {
			return err
		}
		p.ID, p.RootID, p.Version, p.Status, p.Reason = old.ID, old.RootID, old.Version, record.PlanDraft, old.Reason
		p.CreatedBy, p.CreatedByName, p.CreatedAt = old.CreatedBy, old.CreatedByName, old.CreatedAt
		if err := tx.UpdateDraftPlan(ctx, p); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.planEntry(a, service.ActPlanDraft, p))
	})
	return p, clinic.Wrap(err, "Could not save the treatment plan.")
}

// SignPlan signs a draft: only a clinician may, and it records who and
// when. Signing an amendment supersedes the version it replaces.
func (s *Service) SignPlan(ctx context.Context, a service.Actor, patientID, planID int64) (record.Plan, error) {
	if err := service.AuthorizePatient(a, service.ActPlanSign, patientID); err != nil {
		if clinic.ErrorCode(err) == clinic.Forbidden {
			return record.Plan{}, clinic.Errorf(clinic.Forbidden, "Only a clinician can sign a treatment plan.")
		}
		return record.Plan{}, err
	}
	var p record.Plan
	err := s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		if p, err = planOf(ctx, tx, a, patientID, planID); err != nil {
			return err
		}
		if p.Status != record.PlanDraft {
			return clinic.Errorf(clinic.Conflict, "This plan version is already signed.")
		}
		now := s.Now()
		if err := tx.SignPlan(ctx, a.ClinicID, p.ID, a.UserID, service.ActorName(a), now); err != nil {
			return err
		}
		if err := tx.SupersedePlans(ctx, a.ClinicID, p.RootID, p.ID); err != nil {
			return err
		}
		p.Status, p.SignedBy, p.SignedByName, p.SignedAt = record.PlanSigned, a.UserID, service.ActorName(a), now
		return tx.AppendAudit(ctx, s.planEntry(a, service.ActPlanSign, p))
	})
	return p, clinic.Wrap(err, "Could not sign the treatment plan.")
}

// AmendPlan starts a new version of a signed plan, as a draft, with the
// written reason. The signed version stays as it was (and stays the one
// in force) until the amendment is signed. A series has at most one draft.
func (s *Service) AmendPlan(ctx context.Context, a service.Actor, patientID, planID int64, in PlanInput, reason string) (record.Plan, error) {
	if err := service.AuthorizePatient(a, service.ActPlanDraft, patientID); err != nil {
		return record.Plan{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > maxReasonLen {
		return record.Plan{}, clinic.Errorf(clinic.Invalid, "Write the reason for the amendment (up to %d characters).", maxReasonLen)
	}
	var p record.Plan
	err := s.store.WithTx(ctx, func(tx Tx) error {
		old, err := planOf(ctx, tx, a, patientID, planID)
		if err != nil {
			return err
		}
		if old.Status == record.PlanDraft {
			return clinic.Errorf(clinic.Conflict, "This version is still a draft: edit it instead of amending it.")
		}
		all, err := tx.Plans(ctx, a.ClinicID, patientID)
		if err != nil {
			return err
		}
		latest := 0
		for _, v := range all {
			if v.RootID != old.RootID {
				continue
			}
			if v.Status == record.PlanDraft {
				return clinic.Errorf(clinic.Conflict, "Version %d of this plan is already a draft amendment: edit or sign it first.", v.Version)
			}
			latest = max(latest, v.Version)
		}
		pt, err := tx.Patient(ctx, a.ClinicID, patientID)
		if err != nil {
			return err
		}
		lookup, err := templateLookup(ctx, tx, a.ClinicID)
		if err != nil {
			return err
		}
		if p, err = buildPlanNow(pt, in, lookup, s.Now()); err != nil {
			return err
		}
		p.RootID, p.Version, p.Status, p.Reason = old.RootID, latest+1, record.PlanDraft, reason
		p.CreatedBy, p.CreatedByName, p.CreatedAt = a.UserID, service.ActorName(a), s.Now()
		if p.ID, err = tx.CreatePlan(ctx, p); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.planEntry(a, service.ActPlanDraft, p))
	})
	return p, clinic.Wrap(err, "Could not save the amendment.")
}

// PatientPlans is a patient and every version of their plans.
type PatientPlans struct {
	Patient clinic.Patient
	Plans   []record.Plan // oldest first
	// IntakeWeightKg is the weight the latest intake recorded (0: none),
	// which a new plan's form starts from.
	IntakeWeightKg float64
}

// Current returns each series' newest version (the plan list shows these).
func (pp PatientPlans) Current() []record.Plan {
	latest := map[int64]int{}
	for i, p := range pp.Plans {
		if j, ok := latest[p.RootID]; !ok || pp.Plans[j].Version < p.Version {
			latest[p.RootID] = i
		}
	}
	var out []record.Plan
	for i, p := range pp.Plans {
		if latest[p.RootID] == i {
			out = append(out, p)
		}
	}
	return out
}

// PatientPlans lists a patient's plans for staff, audited.
func (s *Service) PatientPlans(ctx context.Context, a service.Actor, patientID int64) (PatientPlans, error) {
	if err := service.AuthorizePatient(a, service.ActPlanRead, patientID); err != nil {
		return PatientPlans{}, err
	}
	r := s.store.Read()
	var out PatientPlans
	var err error
	if out.Patient, err = r.Patient(ctx, a.ClinicID, patientID); err != nil {
		return out, clinic.Wrap(err, "Could not load the patient.")
	}
	if out.Plans, err = r.Plans(ctx, a.ClinicID, patientID); err != nil {
		return out, clinic.Wrap(err, "Could not load the treatment plans.")
	}
	switch in, err := r.LatestIntake(ctx, a.ClinicID, patientID); {
	case err == nil:
		out.IntakeWeightKg = in.WeightKg
	case clinic.ErrorCode(err) != clinic.NotFound:
		return out, clinic.Wrap(err, "Could not load the intake.")
	}
	e := s.Entry(a, service.ActPlanRead, patientID)
	e.RecordType = "treatment_plan"
	return out, s.AuditRead(ctx, e)
}

// PlanRow is one planned session beside the dose actually given for it.
type PlanRow struct {
	Planned record.PlannedSession
	Given   *clinic.Administration // nil while not given
}

// PlanPage is everything the plan page shows.
type PlanPage struct {
	Patient   clinic.Patient
	Plan      record.Plan
	Versions  []record.Plan // every version of the series, oldest first
	Rows      []PlanRow
	Unplanned []clinic.Administration    // doses of the plan's route given since its start beyond the planned sessions
	Estimates []pk.ConcentrationEstimate // expected concentration for each distinct planned dose
}

// PlanView returns one plan version with its series, what was given
// against it and the expected concentration curves, audited.
func (s *Service) PlanView(ctx context.Context, a service.Actor, patientID, planID int64) (PlanPage, error) {
	if err := service.AuthorizePatient(a, service.ActPlanRead, patientID); err != nil {
		return PlanPage{}, err
	}
	r := s.store.Read()
	var pg PlanPage
	var err error
	if pg.Plan, err = planOf(ctx, r, a, patientID, planID); err != nil {
		return pg, clinic.Wrap(err, "Could not load the treatment plan.")
	}
	if pg.Patient, err = r.Patient(ctx, a.ClinicID, patientID); err != nil {
		return pg, clinic.Wrap(err, "Could not load the patient.")
	}
	all, err := r.Plans(ctx, a.ClinicID, patientID)
	if err != nil {
		return pg, clinic.Wrap(err, "Could not load the treatment plans.")
	}
	for _, v := range all {
		if v.RootID == pg.Plan.RootID {
			pg.Versions = append(pg.Versions, v)
		}
	}
	given, err := r.Administrations(ctx, a.ClinicID, patientID)
	if err != nil {
		return pg, clinic.Wrap(err, "Could not load the patient's treatments.")
	}
	links, err := r.PatientDoseLinks(ctx, a.ClinicID, patientID)
	if err != nil {
		return pg, clinic.Wrap(err, "Could not load the patient's treatments.")
	}
	pg.Rows, pg.Unplanned = matchGiven(pg.Plan, pg.Versions, given, links)
	if pg.Estimates, err = planEstimates(pg.Plan); err != nil {
		return pg, err
	}
	return pg, s.AuditRead(ctx, s.planEntry(a, service.ActPlanRead, pg.Plan))
}

// matchGiven pairs doses with the planned sessions. A dose recorded in a
// treatment session gave the plan session it was checked in for (any
// version of the plan), whatever its date — a dose the day before the
// plan's first day is still the plan's first session. Other doses of the
// plan's route (imported history) fill the open sessions in order from
// the plan's start day.
func matchGiven(p record.Plan, versions []record.Plan, given []clinic.Administration, links []record.DoseLink) ([]PlanRow, []clinic.Administration) {
	rows := make([]PlanRow, len(p.Sessions))
	row := map[int]int{} // plan session number → row
	for j, s := range p.Sessions {
		rows[j].Planned = s
		row[s.Number] = j
	}
	ours := map[int64]bool{p.ID: true}
	for _, v := range versions {
		ours[v.ID] = true
	}
	linked := map[int64]record.DoseLink{}
	for _, l := range links {
		linked[l.AdministrationID] = l
	}
	var extra, unlinked []clinic.Administration
	for _, g := range given {
		l, ok := linked[g.ID]
		switch {
		case !ok:
			if g.Route == p.Route && !g.GivenAt.Before(p.StartDate) {
				unlinked = append(unlinked, g)
			}
		case !ours[l.PlanID]: // another plan's session
		default:
			if j, ok := row[l.PlanSession]; ok && rows[j].Given == nil {
				rows[j].Given = &g
			} else {
				extra = append(extra, g)
			}
		}
	}
	j := 0
	for _, g := range unlinked {
		for j < len(rows) && rows[j].Given != nil {
			j++
		}
		if j < len(rows) {
			rows[j].Given = &g
		} else {
			extra = append(extra, g)
		}
	}
	return rows, extra
}

// SignedPlan returns the patient's plan in force: the most recently signed
// version that no amendment has superseded. It is what scheduling books
// against. Staff who read plans may ask; a patient may ask for their own.
// No signed plan is clinic.NotFound.
func (s *Service) SignedPlan(ctx context.Context, a service.Actor, patientID int64) (record.Plan, error) {
	action := service.ActPlanRead
	if !service.Allowed(a.Role, service.ActPlanRead) {
		action = service.ActExpect
	}
	if err := service.AuthorizePatient(a, action, patientID); err != nil {
		return record.Plan{}, err
	}
	p, err := s.signedPlan(ctx, a, patientID)
	if err != nil {
		return p, err
	}
	return p, s.AuditRead(ctx, s.planEntry(a, action, p))
}

func (s *Service) signedPlan(ctx context.Context, a service.Actor, patientID int64) (record.Plan, error) {
	all, err := s.store.Read().Plans(ctx, a.ClinicID, patientID)
	if err != nil {
		return record.Plan{}, clinic.Wrap(err, "Could not load the treatment plans.")
	}
	var best *record.Plan
	for i := range all {
		p := &all[i]
		if p.Status == record.PlanSigned && (best == nil || !p.SignedAt.Before(best.SignedAt)) {
			best = p
		}
	}
	if best == nil {
		return record.Plan{}, clinic.Errorf(clinic.NotFound, "This patient has no signed treatment plan.")
	}
	return *best, nil
}
