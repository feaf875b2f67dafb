package measurement

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/scales"
	"onset/internal/service"
)

// SourceFHIR marks a total another system sent without its item answers
// (a FHIR Observation).
const SourceFHIR = "fhir"

// NewTotal is a questionnaire's total reported without its item answers.
type NewTotal struct {
	PatientID  int64
	Instrument string
	Total      int
	TakenAt    time.Time
}

// RecordTotal records a questionnaire total another system reports
// without the item answers (a FHIR Observation), as an import records
// one: the total and when it was taken, no answers. With no answers no
// item can raise a safety alert, so a system that has the answers sends
// them instead (a QuestionnaireResponse, RecordAssessment), which Onset
// scores and checks. Staff only: a patient's own answers are always
// scored by Onset. The total must be a whole number in the instrument's
// range, taken at a time the TakenAt window allows; the C-SSRS screener's
// result is a risk category read from its answers, so it is refused here.
// Open questionnaire links stay open: the patient has not answered them.
func (s *Service) RecordTotal(ctx context.Context, a service.Actor, n NewTotal) (clinic.Assessment, error) {
	if err := service.AuthorizePatient(a, service.ActAssessmentRecord, n.PatientID); err != nil {
		return clinic.Assessment{}, err
	}
	if a.Role == clinic.RolePatient {
		return clinic.Assessment{}, clinic.Errorf(clinic.Forbidden,
			"Onset scores a patient's own answers: send them as a QuestionnaireResponse.")
	}
	in, ok := scales.Lookup(n.Instrument)
	switch {
	case !ok:
		return clinic.Assessment{}, clinic.Errorf(clinic.Invalid, "Unknown questionnaire %q.", n.Instrument)
	case in.ID == scales.CSSRS:
		return clinic.Assessment{}, clinic.Errorf(clinic.Invalid,
			"The C-SSRS screener's risk is read from its answers: send them as a QuestionnaireResponse.")
	case n.Total < in.Min || n.Total > in.Max:
		return clinic.Assessment{}, clinic.Errorf(clinic.Invalid, "The %s total must be from %d to %d (got %d).",
			in.Name, in.Min, in.Max, n.Total)
	case n.TakenAt.IsZero():
		return clinic.Assessment{}, clinic.Errorf(clinic.Invalid, "Say when the questionnaire was taken.")
	}
	now := s.Now()
	taken := n.TakenAt.UTC()
	if err := clinic.TakenAt.Check(taken, now); err != nil {
		return clinic.Assessment{}, err
	}
	as := clinic.Assessment{ClinicID: a.ClinicID, PatientID: n.PatientID, Instrument: in.ID, TakenAt: taken,
		Total: n.Total, Source: SourceFHIR}
	err := s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := tx.Patient(ctx, a.ClinicID, n.PatientID); err != nil {
			return err
		}
		id, err := tx.CreateAssessment(ctx, as, now)
		if err != nil {
			return err
		}
		as.ID = id
		e := s.Entry(a, service.ActAssessmentRecord, n.PatientID)
		e.RecordType, e.RecordID = "assessment", id
		return tx.AppendAudit(ctx, e)
	})
	if err != nil {
		return clinic.Assessment{}, clinic.Wrap(err, "Could not record the questionnaire total.")
	}
	return as, nil
}
