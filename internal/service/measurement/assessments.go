package measurement

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/service"
)

// Where an assessment came from (clinic.Assessment.Source).
const (
	SourceStaff  = "staff"  // entered by staff on the tablet form
	SourcePortal = "portal" // answered by the patient, signed in
	SourceLink   = "link"   // answered through a questionnaire link
	SourceAPI    = "api"    // submitted through the JSON API
)

// roleLink is the audit role of someone answering through a questionnaire
// link: they have no account, the link is their only credential.
const roleLink clinic.Role = "link"

// maxKeyLen bounds an Idempotency-Key.
const maxKeyLen = 200

// NewAssessment is one completed questionnaire to record.
type NewAssessment struct {
	PatientID  int64
	Instrument string
	Answers    []int // one per item; scales.Skipped for an item skipped by the form's rules
	// TakenAt is when staff say the answers were given; zero means now
	// (nothing entered). Patients answer now: a patient's TakenAt is refused.
	TakenAt        time.Time
	Source         string // SourceStaff, SourcePortal or SourceAPI
	IdempotencyKey string // API only: a retry with the same key returns the first result
}

// Recorded is the outcome of recording an assessment.
type Recorded struct {
	Assessment  clinic.Assessment
	Result      scales.Result
	Alerts      []record.SafetyAlert // raised by this assessment
	Replayed    bool                 // an earlier submission with the same Idempotency-Key
	ClosedLinks []int64              // open links for this questionnaire that this answer fulfilled
}

// RecordAssessment validates and scores answers with scales.Score and
// stores them, in one transaction with the audit row and any safety alert
// the answers raise. Patients may record only for themselves, only
// self-report questionnaires, and only as answered now (respondentRule).
// With an Idempotency-Key, a retry by the same user returns the first
// result and stores nothing new; the key reused for a different
// submission is a conflict.
func (s *Service) RecordAssessment(ctx context.Context, a service.Actor, n NewAssessment) (Recorded, error) {
	if err := service.AuthorizePatient(a, service.ActAssessmentRecord, n.PatientID); err != nil {
		return Recorded{}, err
	}
	if err := respondentRule(a.Role, n.Instrument, n.TakenAt); err != nil {
		return Recorded{}, err
	}
	switch n.Source {
	case SourceStaff, SourceAPI:
		if a.Role == clinic.RolePatient && n.Source == SourceStaff {
			n.Source = SourcePortal
		}
	case SourcePortal:
	default:
		return Recorded{}, clinic.Errorf(clinic.Invalid, "Unknown assessment source %q.", n.Source)
	}
	now := s.Now()
	var err error
	if n.IdempotencyKey, err = (clinic.Text{Name: "the Idempotency-Key", Max: maxKeyLen}).Clean(n.IdempotencyKey); err != nil {
		return Recorded{}, err
	}
	if n.IdempotencyKey != "" && a.UserID == 0 {
		return Recorded{}, clinic.Errorf(clinic.Invalid, "An Idempotency-Key needs a signed-in user.")
	}
	res, takenAt, err := validateAssessment(n.Instrument, n.Answers, n.TakenAt, now)
	if err != nil {
		return Recorded{}, err
	}
	fp := fingerprint(n.PatientID, n.Instrument, n.Answers, n.TakenAt)
	var out Recorded
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := tx.Patient(ctx, a.ClinicID, n.PatientID); err != nil {
			return err
		}
		if n.IdempotencyKey != "" {
			k, err := tx.IdempotencyKey(ctx, a.UserID, n.IdempotencyKey)
			switch {
			case err == nil:
				if k.Fingerprint != fp || k.ClinicID != a.ClinicID {
					return clinic.Errorf(clinic.Conflict, "This Idempotency-Key was already used for a different submission. Use a new key for a new submission.")
				}
				if out.Assessment, err = tx.Assessment(ctx, a.ClinicID, k.AssessmentID); err != nil {
					return err
				}
				out.Result, out.Replayed = res, true
				als, err := tx.PatientSafetyAlerts(ctx, a.ClinicID, n.PatientID)
				for _, al := range als {
					if al.AssessmentID == k.AssessmentID {
						out.Alerts = append(out.Alerts, al)
					}
				}
				return err
			case clinic.ErrorCode(err) != clinic.NotFound:
				return err
			}
		}
		e := s.Entry(a, service.ActAssessmentRecord, n.PatientID)
		var err error
		out, err = s.storeAssessment(ctx, tx, e, n.PatientID, n.Instrument, n.Answers, res, takenAt, n.Source)
		if err != nil {
			return err
		}
		if n.IdempotencyKey != "" {
			return tx.CreateIdempotencyKey(ctx, record.IdempotencyKey{ClinicID: a.ClinicID, UserID: a.UserID,
				Key: n.IdempotencyKey, Fingerprint: fp, AssessmentID: out.Assessment.ID, CreatedAt: now})
		}
		return nil
	})
	if err != nil {
		return Recorded{}, clinic.Wrap(err, "Could not record the questionnaire.")
	}
	if out.Replayed {
		// The replay read a patient's assessment back: that read is recorded.
		e := s.Entry(a, service.ActPatientRead, n.PatientID)
		e.RecordType, e.RecordID = "assessment", out.Assessment.ID
		if err := s.AuditRead(ctx, e); err != nil {
			return Recorded{}, err
		}
	}
	return out, nil
}

// respondentRule is who may record what: a patient (signed in, or
// answering through a link) records only a questionnaire a patient fills
// in — never a clinician's rating such as the MADRS or the CADSS — and
// never chooses when it was taken: their answers are taken now. Staff
// record any instrument at the time they say.
func respondentRule(role clinic.Role, instrument string, takenAt time.Time) error {
	if role != clinic.RolePatient && role != roleLink {
		return nil
	}
	if in, ok := scales.Lookup(instrument); ok && in.Respondent != scales.Patient {
		return clinic.Errorf(clinic.Forbidden, "%s is rated by a clinician; patients answer only their own questionnaires.", in.Name)
	}
	if !takenAt.IsZero() {
		return clinic.Errorf(clinic.Forbidden, "Your answers are recorded as given now; the time they were taken cannot be chosen.")
	}
	return nil
}

// validateAssessment scores the answers and checks the time taken.
func validateAssessment(instrument string, answers []int, takenAt, now time.Time) (scales.Result, time.Time, error) {
	res, err := scales.Score(instrument, answers)
	if err != nil {
		return res, takenAt, err
	}
	if takenAt.IsZero() { // nothing entered; a typed zero time is refused where it is read
		takenAt = now
	}
	takenAt = takenAt.UTC()
	return res, takenAt, clinic.TakenAt.Check(takenAt, now)
}

// storeAssessment writes a scored assessment, its audit row and its
// safety alerts inside tx. e is the audit entry for the write.
func (s *Service) storeAssessment(ctx context.Context, tx Tx, e clinic.AuditEntry, patientID int64, instrument string,
	answers []int, res scales.Result, takenAt time.Time, source string) (Recorded, error) {
	now := s.Now()
	as := clinic.Assessment{ClinicID: e.ClinicID, PatientID: patientID, Instrument: instrument, TakenAt: takenAt,
		Total: res.Total, Answers: answers, Source: source}
	id, err := tx.CreateAssessment(ctx, as, now)
	if err != nil {
		return Recorded{}, err
	}
	as.ID = id
	e.RecordType, e.RecordID = "assessment", id
	if err := tx.AppendAudit(ctx, e); err != nil {
		return Recorded{}, err
	}
	out := Recorded{Assessment: as, Result: res}
	if out.ClosedLinks, err = closeOpenLinks(ctx, tx, as, now); err != nil {
		return Recorded{}, err
	}
	for _, al := range alertsFor(instrument, answers, res) {
		al.ClinicID, al.PatientID, al.AssessmentID, al.CreatedAt = e.ClinicID, patientID, id, now
		if al.ID, err = tx.CreateSafetyAlert(ctx, al); err != nil {
			return Recorded{}, err
		}
		ae := e
		ae.Action, ae.RecordType, ae.RecordID = "alert.raise", "safety_alert", al.ID
		if err := tx.AppendAudit(ctx, ae); err != nil {
			return Recorded{}, err
		}
		out.Alerts = append(out.Alerts, al)
	}
	return out, nil
}

// alertsFor decides which safety alerts a scored questionnaire raises: a
// suicide item above 0 (PHQ-9 item 9, QIDS-SR16 item 12, MADRS item 10) or
// a high C-SSRS screener risk.
func alertsFor(instrument string, answers []int, res scales.Result) []record.SafetyAlert {
	in, _ := scales.Lookup(instrument)
	var out []record.SafetyAlert
	for _, f := range res.Flags {
		switch f {
		case scales.FlagSuicidality:
			n := in.SuicideItem
			it := in.Items[n-1]
			answer := fmt.Sprint(answers[n-1])
			for _, o := range it.Options {
				if o.Value == answers[n-1] {
					answer = fmt.Sprintf("%d (%s)", o.Value, o.Text)
				}
			}
			out = append(out, record.SafetyAlert{Kind: record.AlertSuicidality,
				Detail: fmt.Sprintf("%s item %d (suicidal thoughts) answered %s.", in.Name, n, answer)})
		case scales.FlagRiskHigh:
			out = append(out, record.SafetyAlert{Kind: record.AlertCSSRSHigh,
				Detail: "C-SSRS screener: high suicide risk (recent intent, a plan, or suicidal behaviour)."})
		}
	}
	return out
}

// fingerprint identifies a submission for Idempotency-Key checks.
func fingerprint(patientID int64, instrument string, answers []int, takenAt time.Time) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d|%s|%v|", patientID, instrument, answers)
	if !takenAt.IsZero() {
		fmt.Fprint(h, takenAt.UTC().Format(time.RFC3339Nano))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// closeOpenLinks marks the patient's open links for the same questionnaire
// as answered by this assessment (however it was given) and cancels their
// pending messages, so nobody is reminded to answer twice.
func closeOpenLinks(ctx context.Context, tx Tx, as clinic.Assessment, now time.Time) ([]int64, error) {
	ls, err := tx.PatientLinks(ctx, as.ClinicID, as.PatientID)
	if err != nil {
		return nil, err
	}
	var closed []int64
	for _, l := range ls {
		if l.Instrument != as.Instrument || !l.Open(now) {
			continue
		}
		used, err := tx.UseLink(ctx, l.ID, as.ID, now)
		if err != nil {
			return nil, err
		}
		if !used {
			continue
		}
		if err := tx.CloseLinkOutbox(ctx, l.ID, record.OutboxCancelled); err != nil {
			return nil, err
		}
		closed = append(closed, l.ID)
	}
	return closed, nil
}
