package patients

import (
	"context"
	"slices"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/screening"
	"onset/internal/service"
)

// Intake and eligibility screening (issue 4, items 1–2). Staff record an
// intake, or the patient fills in their own in the portal; each save is a
// new version, screened with screening.Screen at once and stored with its
// result, in one transaction with its audit row. A screen with an
// exclusion blocks booking of treatment sessions (BookAppointment checks
// the latest intake inside its transaction) until a clinician overrides
// it with a written reason. A patient with no intake at all is not
// blocked: the booking page warns instead (see ScreeningStatus).

// Limits of the intake's lists and texts (weights, heights and vitals are
// checked against their quantities, clinic.WeightKg and the rest).
const (
	maxMedications    = 40
	maxMedicationLen  = 120
	maxOverrideReason = 2000
)

// toIntake validates the form into an intake (without the screening).
func (in IntakeInput) toIntake() (record.Intake, error) {
	var out record.Intake
	// num reads a required measurement (a decimal comma is read as a point).
	num := func(v, what string, q clinic.Quantity) (float64, error) {
		v = strings.TrimSpace(v)
		if v == "" {
			return 0, clinic.Errorf(clinic.Invalid, "Enter the %s.", what)
		}
		if !strings.Contains(v, ".") && strings.Count(v, ",") == 1 {
			v = strings.Replace(v, ",", ".", 1)
		}
		x, err := clinic.ParseNumber("the "+what, v)
		if err != nil {
			return 0, err
		}
		return x, q.Check("the "+what, x)
	}
	var err error
	if out.WeightKg, err = num(in.WeightKg, "weight in kg", clinic.WeightKg); err != nil {
		return out, err
	}
	if out.HeightCm, err = num(in.HeightCm, "height in cm", clinic.HeightCm); err != nil {
		return out, err
	}
	// optInt reads a measurement that may be left blank (not measured).
	optInt := func(v, what string, q clinic.Quantity) (int, error) {
		if strings.TrimSpace(v) == "" {
			return 0, nil
		}
		n, err := clinic.ParseInt("the "+what, v)
		if err != nil {
			return 0, clinic.Errorf(clinic.Invalid, "Enter the %s as a whole number, or leave it blank if not measured.", what)
		}
		return n, q.CheckInt("the "+what, n)
	}
	if out.SystolicBP, err = optInt(in.Systolic, "systolic blood pressure", clinic.Systolic); err != nil {
		return out, err
	}
	if out.DiastolicBP, err = optInt(in.Diastolic, "diastolic blood pressure", clinic.Diastolic); err != nil {
		return out, err
	}
	if out.HeartRate, err = optInt(in.HeartRate, "heart rate", clinic.HeartRate); err != nil {
		return out, err
	}
	seen := map[clinic.Condition]bool{}
	for _, c := range in.Conditions {
		cond := clinic.Condition(strings.TrimSpace(c))
		if cond == "" {
			continue
		}
		if !cond.Known() {
			return out, clinic.Errorf(clinic.Invalid, "Unknown condition %q.", c)
		}
		if !seen[cond] {
			seen[cond] = true
			out.Conditions = append(out.Conditions, cond)
		}
	}
	slices.Sort(out.Conditions)
	meds, err := (clinic.Text{Name: "the medications", Max: maxMedications * (maxMedicationLen + 1), Lines: true}).Clean(in.Medications)
	if err != nil {
		return out, err
	}
	for _, m := range strings.FieldsFunc(meds, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' }) {
		m = strings.Join(strings.Fields(m), " ")
		if m == "" {
			continue
		}
		if len(m) > maxMedicationLen {
			return out, clinic.Errorf(clinic.Invalid, "The medication %q… is too long: write one medication per line.", string([]rune(m)[:30]))
		}
		out.Medications = append(out.Medications, m)
	}
	if len(out.Medications) > maxMedications {
		return out, clinic.Errorf(clinic.Invalid, "List at most %d medications.", maxMedications)
	}
	switch screening.Pregnancy(strings.TrimSpace(in.Pregnant)) {
	case screening.PregnancyYes, screening.PregnancyNo, screening.PregnancyUnknown:
		out.Pregnant = screening.Pregnancy(strings.TrimSpace(in.Pregnant))
	default:
		return out, clinic.Errorf(clinic.Invalid, "Pregnancy must be yes, no or not known.")
	}
	if out.Factors, err = in.Factors.toFactors(); err != nil {
		return out, err
	}
	out.AneurysmalVascularDisease, out.ArteriovenousMalformation, out.IntracerebralHaemorrhage = in.Aneurysm, in.AVM, in.IntracerebralBleed
	out.ActivePsychosis, out.HistoryOfPsychosis, out.UncontrolledSeizures = in.PsychosisActive, in.PsychosisHistory, in.Seizures
	out.Hyperthyroidism, out.ActiveSubstanceMisuse = in.Hyperthyroidism, in.SubstanceMisuse

	if out.ConsentName, err = (clinic.Text{Name: "the name of the person signing", Max: 200}).Clean(in.ConsentName); err != nil {
		return out, err
	}
	out.ConsentName = strings.Join(strings.Fields(out.ConsentName), " ")
	switch {
	case strings.TrimSpace(in.ConsentVersion) != record.ConsentVersion:
		return out, clinic.Errorf(clinic.Invalid, "The consent text has changed since this form was opened (now version %s). Reload the page, read it and sign again.", record.ConsentVersion)
	case !in.ConsentAgreed:
		return out, clinic.Errorf(clinic.Invalid, "Tick the box to agree to the consent.")
	case out.ConsentName == "":
		return out, clinic.Errorf(clinic.Invalid, "Type the full name of the person signing the consent.")
	case len(out.ConsentName) > 200:
		return out, clinic.Errorf(clinic.Invalid, "The signature name is too long (at most 200 characters).")
	}
	out.ConsentVersion = record.ConsentVersion
	return out, nil
}

// screen runs the screening with the default thresholds for patient p on
// the day now and stores its result in in.
func screenIntake(in *record.Intake, p clinic.Patient, now time.Time) error {
	res, err := screening.Screen(screening.Intake{
		BirthDate: p.BirthDate, AsOf: now, Sex: p.Sex, Pregnant: in.Pregnant,
		AneurysmalVascularDisease: in.AneurysmalVascularDisease, ArteriovenousMalformation: in.ArteriovenousMalformation,
		IntracerebralHaemorrhage: in.IntracerebralHaemorrhage, ActivePsychosis: in.ActivePsychosis,
		HistoryOfPsychosis: in.HistoryOfPsychosis, UncontrolledSeizures: in.UncontrolledSeizures,
		Hyperthyroidism: in.Hyperthyroidism, ActiveSubstanceMisuse: in.ActiveSubstanceMisuse,
		SystolicBP: in.SystolicBP, DiastolicBP: in.DiastolicBP, HeartRate: in.HeartRate, Medications: in.Medications,
	}, screening.DefaultThresholds())
	if err != nil {
		// Screen's own messages are lower-case; they are still plain.
		return clinic.Errorf(clinic.Invalid, "%s", capitalize(clinic.ErrorMessage(err))+".")
	}
	in.Eligible, in.Unrecognized, in.Findings = res.Eligible, res.Unrecognized, nil
	for _, f := range res.Findings {
		in.Findings = append(in.Findings, record.IntakeFinding{Rule: string(f.Rule), Severity: string(f.Severity), Message: f.Message, Source: f.Source})
	}
	return nil
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// RecordIntake saves a new intake version for a patient with its
// screening, updates the patient's conditions to the intake's, and audits
// the save, all in one transaction. Patients may record their own.
func (s *Service) RecordIntake(ctx context.Context, a service.Actor, patientID int64, input IntakeInput) (record.Intake, error) {
	if err := service.AuthorizePatient(a, service.ActIntakeRecord, patientID); err != nil {
		return record.Intake{}, err
	}
	in, err := input.toIntake()
	if err != nil {
		return in, err
	}
	now := s.Now()
	in.ClinicID, in.PatientID, in.ConsentAt = a.ClinicID, patientID, now
	in.RecordedBy, in.RecordedByName, in.RecordedAt = a.UserID, service.ActorName(a), now
	in.Source = "staff"
	if a.Role == clinic.RolePatient {
		in.Source = "portal"
	}
	var name string // the patient's, for the room's watchers
	err = s.store.WithTx(ctx, func(tx Tx) error {
		p, err := tx.Patient(ctx, a.ClinicID, patientID)
		if err != nil {
			return err
		}
		if err := screenIntake(&in, p, now); err != nil {
			return err
		}
		prev, err := tx.LatestIntake(ctx, a.ClinicID, patientID)
		switch {
		case err == nil:
			in.Version = prev.Version + 1
		case clinic.ErrorCode(err) == clinic.NotFound:
			in.Version = 1
		default:
			return err
		}
		if in.ID, err = tx.CreateIntake(ctx, in); err != nil {
			return err
		}
		if !slices.Equal(p.Conditions, in.Conditions) {
			if err := tx.SetPatientConditions(ctx, a.ClinicID, patientID, in.Conditions); err != nil {
				return err
			}
		}
		e := s.Entry(a, service.ActIntakeRecord, patientID)
		e.RecordType, e.RecordID = "intake", in.ID
		if err := tx.AppendAudit(ctx, e); err != nil {
			return err
		}
		name = p.Name()
		return nil
	})
	if err == nil && len(in.Excludes()) > 0 {
		s.PublishRoom(record.RoomProblem{Kind: record.RoomExclusion, ClinicID: a.ClinicID, PatientID: patientID, PatientName: name,
			Message: record.ExclusionMessage(in), At: now})
	}
	return in, clinic.Wrap(err, "Could not save the intake.")
}

// OverrideScreening records a clinician's decision to allow treatment
// despite the exclusions in the patient's latest intake, with the written
// reason. intakeID must be the latest intake: an override covers exactly
// the screening the clinician read.
func (s *Service) OverrideScreening(ctx context.Context, a service.Actor, patientID, intakeID int64, reason string) (record.ScreeningOverride, error) {
	if err := service.AuthorizePatient(a, service.ActScreeningOverride, patientID); err != nil {
		return record.ScreeningOverride{}, err
	}
	o := record.ScreeningOverride{ClinicID: a.ClinicID, PatientID: patientID, IntakeID: intakeID,
		ClinicianID: a.UserID, ClinicianName: service.ActorName(a), CreatedAt: s.Now()}
	var err error
	if o.Reason, err = (clinic.Text{Name: "the reason", Max: maxOverrideReason, Lines: true}).Clean(reason); err != nil {
		return o, err
	}
	if o.Reason == "" {
		return o, clinic.Errorf(clinic.Invalid, "Write the reason for the override: why treatment is safe despite the exclusion.")
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		latest, err := tx.LatestIntake(ctx, a.ClinicID, patientID)
		if clinic.ErrorCode(err) == clinic.NotFound {
			return clinic.Errorf(clinic.Conflict, "This patient has no intake to override.")
		} else if err != nil {
			return err
		}
		switch {
		case latest.ID != intakeID:
			return clinic.Errorf(clinic.Conflict, "A newer intake (version %d) was saved since you opened the page. Review its screening, then override it if needed.", latest.Version)
		case len(latest.Excludes()) == 0:
			return clinic.Errorf(clinic.Conflict, "The latest screening has no exclusion, so there is nothing to override.")
		}
		if prev, err := tx.IntakeOverride(ctx, a.ClinicID, intakeID); err == nil {
			return clinic.Errorf(clinic.Conflict, "%s already overrode this screening on %s UTC.", prev.ClinicianName, prev.CreatedAt.Format("2006-01-02 15:04"))
		} else if clinic.ErrorCode(err) != clinic.NotFound {
			return err
		}
		if o.ID, err = tx.CreateScreeningOverride(ctx, o); err != nil {
			return err
		}
		e := s.Entry(a, service.ActScreeningOverride, patientID)
		e.RecordType, e.RecordID = "screening_override", o.ID
		return tx.AppendAudit(ctx, e)
	})
	return o, clinic.Wrap(err, "Could not record the override.")
}

// IntakeForPatient returns the patient's intakes, newest first, with the
// overrides and the booking state (audited).
func (s *Service) IntakeForPatient(ctx context.Context, a service.Actor, patientID int64) (IntakePage, error) {
	if err := service.AuthorizePatient(a, service.ActIntakeRead, patientID); err != nil {
		return IntakePage{}, err
	}
	q := s.store.Read()
	var pg IntakePage
	var err error
	if pg.Patient, err = q.Patient(ctx, a.ClinicID, patientID); err != nil {
		return pg, clinic.Wrap(err, "Could not load the patient.")
	}
	if pg.Intakes, err = q.Intakes(ctx, a.ClinicID, patientID); err != nil {
		return pg, clinic.Wrap(err, "Could not load the intake.")
	}
	os, err := q.ScreeningOverrides(ctx, a.ClinicID, patientID)
	if err != nil {
		return pg, clinic.Wrap(err, "Could not load the screening overrides.")
	}
	pg.Overrides = map[int64]record.ScreeningOverride{}
	for _, o := range os {
		pg.Overrides[o.IntakeID] = o
	}
	if pg.State, err = service.ScreeningStateIn(ctx, q, a.ClinicID, patientID); err != nil {
		return pg, clinic.Wrap(err, "Could not load the screening.")
	}
	if a.Role == clinic.RolePatient {
		pg = pg.forPatient()
	}
	e := s.Entry(a, service.ActIntakeRead, patientID)
	e.RecordType, e.RecordID = "patient", patientID
	return pg, s.AuditRead(ctx, e)
}

// forPatient is what a patient sees of their own intake: what they
// entered and whether treatment can be booked, without the screening's
// findings and a clinician's override reasons, which the prescriber
// reviews and talks through with them.
func (pg IntakePage) forPatient() IntakePage {
	pg.Intakes = slices.Clone(pg.Intakes)
	for i := range pg.Intakes {
		pg.Intakes[i] = pg.Intakes[i].ForPatient()
	}
	pg.Overrides = map[int64]record.ScreeningOverride{}
	pg.State = pg.State.ForPatient()
	return pg
}

// ScreeningStatus is the patient's screening state for booking (audited):
// the booking page warns when there is no intake and explains a block.
func (s *Service) ScreeningStatus(ctx context.Context, a service.Actor, patientID int64) (record.ScreeningState, error) {
	if err := service.AuthorizePatient(a, service.ActIntakeRead, patientID); err != nil {
		return record.ScreeningState{}, err
	}
	st, err := service.ScreeningStateIn(ctx, s.store.Read(), a.ClinicID, patientID)
	if err != nil {
		return st, clinic.Wrap(err, "Could not load the screening.")
	}
	if a.Role == clinic.RolePatient {
		st = st.ForPatient()
	}
	e := s.Entry(a, service.ActIntakeRead, patientID)
	e.RecordType, e.RecordID = "screening", st.Latest.ID
	return st, s.AuditRead(ctx, e)
}

// IntakeInput is an intake as the form or the portal sends it.
type IntakeInput struct {
	WeightKg, HeightCm string
	Conditions         []string
	Medications        string // one per line (commas also separate)
	Aneurysm           bool
	AVM                bool
	IntracerebralBleed bool
	PsychosisActive    bool
	PsychosisHistory   bool
	Seizures           bool
	Hyperthyroidism    bool
	SubstanceMisuse    bool
	Pregnant           string // "yes", "no" or "" (unknown)
	Systolic           string // blank: not recorded
	Diastolic          string
	HeartRate          string
	ConsentName        string
	ConsentAgreed      bool
	ConsentVersion     string // the version shown on the form; must be the current one
	Factors            FactorsInput
}

// IntakePage is everything the intake page shows.
type IntakePage struct {
	Patient   clinic.Patient
	Intakes   []record.Intake // newest first
	Overrides map[int64]record.ScreeningOverride
	State     record.ScreeningState
}
