package measurement

import (
	"context"
	"slices"
	"strings"
	"time"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/service"
)

// reminderBefore is how long before expiry an unanswered link is reminded.
const reminderBefore = 24 * time.Hour

// NewLink is what staff choose when they send a questionnaire.
type NewLink struct {
	PatientID  int64
	Instrument string
	Reason     string
}

// IssuedLink is a new link with its token, shown once.
type IssuedLink struct {
	Link   record.QuestionnaireLink
	Token  string
	Queued bool // an invitation (and a reminder) were queued for delivery
}

// CreateLink issues a single-use link for the patient to answer one
// questionnaire on their own device. The token is random and stored only
// as a hash; if the patient has an email address or a phone number an
// invitation and a reminder are queued in the outbox.
func (s *Service) CreateLink(ctx context.Context, a service.Actor, n NewLink) (IssuedLink, error) {
	if err := service.AuthorizePatient(a, service.ActLinkCreate, n.PatientID); err != nil {
		return IssuedLink{}, err
	}
	in, ok := scales.Lookup(n.Instrument)
	if !ok {
		return IssuedLink{}, clinic.Errorf(clinic.Invalid, "Choose a questionnaire from the list.")
	}
	if in.Respondent != scales.Patient {
		return IssuedLink{}, clinic.Errorf(clinic.Invalid, "%s is rated by a clinician; patients cannot answer it through a link.", in.Name)
	}
	var err error
	if n.Reason, err = (clinic.Text{Name: "the reason", Max: 200}).Clean(n.Reason); err != nil {
		return IssuedLink{}, err
	}
	now := s.Now()
	var out IssuedLink
	err = s.store.WithTx(ctx, func(tx Tx) error {
		p, err := tx.Patient(ctx, a.ClinicID, n.PatientID)
		if err != nil {
			return err
		}
		l := record.QuestionnaireLink{ClinicID: a.ClinicID, PatientID: p.ID, Instrument: in.ID, Reason: n.Reason,
			CreatedBy: a.UserID, CreatedAt: now, ExpiresAt: now.Add(scales.LinkLifetime)}
		out, err = s.issueLink(ctx, tx, s.Entry(a, service.ActLinkCreate, p.ID), l, p)
		return err
	})
	return out, clinic.Wrap(err, "Could not create the questionnaire link.")
}

// issueLink stores a link and queues its messages, with the audit row, inside tx.
func (s *Service) issueLink(ctx context.Context, tx Tx, e clinic.AuditEntry, l record.QuestionnaireLink, p clinic.Patient) (IssuedLink, error) {
	token := auth.NewToken()
	l.TokenHash = auth.HashToken(token)
	id, err := tx.CreateLink(ctx, l)
	if err != nil {
		return IssuedLink{}, err
	}
	l.ID = id
	out := IssuedLink{Link: l, Token: token}
	contacts, err := service.ContactsOf(ctx, tx, p)
	if err != nil {
		return IssuedLink{}, err
	}
	for _, c := range contacts { // by each way the patient chose to be reached
		msgs := []record.OutboxMessage{{Kind: "invite", DueAt: l.CreatedAt}}
		if remind := l.ExpiresAt.Add(-reminderBefore); remind.After(l.CreatedAt) {
			msgs = append(msgs, record.OutboxMessage{Kind: "reminder", DueAt: remind})
		}
		for _, m := range msgs {
			m.ClinicID, m.PatientID, m.LinkID, m.Channel, m.Recipient, m.Token, m.CreatedAt =
				l.ClinicID, l.PatientID, id, c.Channel, c.Recipient, token, l.CreatedAt
			if _, err := tx.CreateOutboxMessage(ctx, m); err != nil {
				return IssuedLink{}, err
			}
		}
		out.Queued = true
	}
	e.RecordType, e.RecordID = "questionnaire_link", id
	return out, tx.AppendAudit(ctx, e)
}

// LinkForm is what a questionnaire link shows: the questionnaire and at
// most the patient's first name, nothing else from the record.
type LinkForm struct {
	FirstName  string
	Instrument scales.Instrument
	ExpiresAt  time.Time
	ClinicID   int64
	ClinicName string // as the clinic's settings name it, so the patient knows who asks
}

// Link errors, in plain words for a patient on their phone.
var (
	errLinkInvalid = clinic.Errorf(clinic.NotFound, "This questionnaire link is not valid. Check that you opened the whole link from your message, or ask your clinic for a new one.")
	errLinkUsed    = clinic.Errorf(clinic.Conflict, "This questionnaire has already been answered with this link, so it cannot be answered again. If you need to, ask your clinic for a new link.")
	errLinkExpired = clinic.Errorf(clinic.Conflict, "This questionnaire link has expired. Ask your clinic for a new one.")
)

// openLink finds the link for a token and checks that it is still open.
func (s *Service) openLink(ctx context.Context, q Queries, token string, now time.Time) (record.QuestionnaireLink, error) {
	token = strings.TrimSpace(token)
	if token == "" || len(token) > 100 {
		return record.QuestionnaireLink{}, errLinkInvalid
	}
	l, err := q.LinkByTokenHash(ctx, auth.HashToken(token))
	switch {
	case clinic.ErrorCode(err) == clinic.NotFound:
		return l, errLinkInvalid
	case err != nil:
		return l, clinic.Wrap(err, "Could not open the questionnaire.")
	case !l.UsedAt.IsZero():
		return l, errLinkUsed
	case !now.Before(l.ExpiresAt):
		return l, errLinkExpired
	}
	return l, nil
}

// linkActor is who answers through a link: no account, the link's clinic.
func linkActor(l record.QuestionnaireLink, address, requestID string) service.Actor {
	return service.Actor{ClinicID: l.ClinicID, Role: roleLink, Name: "questionnaire link", Address: address, RequestID: requestID}
}

// OpenLink returns the questionnaire a link asks for. Showing the first
// name is a read of patient data, so it is audited.
func (s *Service) OpenLink(ctx context.Context, token, address, requestID string) (LinkForm, error) {
	l, err := s.openLink(ctx, s.store.Read(), token, s.Now())
	if err != nil {
		return LinkForm{}, err
	}
	p, err := s.store.Read().Patient(ctx, l.ClinicID, l.PatientID)
	if err != nil {
		return LinkForm{}, clinic.Wrap(err, "Could not open the questionnaire.")
	}
	st, _, err := service.ClinicSettingsIn(ctx, s.store.Read(), l.ClinicID)
	if err != nil {
		return LinkForm{}, clinic.Wrap(err, "Could not open the questionnaire.")
	}
	in, _ := scales.Lookup(l.Instrument)
	e := s.Entry(linkActor(l, address, requestID), "link.open", l.PatientID)
	e.RecordType, e.RecordID = "questionnaire_link", l.ID
	return LinkForm{FirstName: p.GivenName, Instrument: in, ExpiresAt: l.ExpiresAt, ClinicID: l.ClinicID, ClinicName: st.Name},
		s.AuditRead(ctx, e)
}

// SubmitLink records the answers given through a link, once. A used,
// expired or unknown link, or invalid answers, change nothing.
func (s *Service) SubmitLink(ctx context.Context, token string, answers []int, address, requestID string) (Recorded, error) {
	now := s.Now()
	l, err := s.openLink(ctx, s.store.Read(), token, now)
	if err != nil {
		return Recorded{}, err
	}
	if err := respondentRule(roleLink, l.Instrument, time.Time{}); err != nil {
		return Recorded{}, err
	}
	res, takenAt, err := validateAssessment(l.Instrument, answers, now, now)
	if err != nil {
		return Recorded{}, err
	}
	var out Recorded
	err = s.store.WithTx(ctx, func(tx Tx) error {
		// Check again inside the transaction: the link may have been used meanwhile.
		if l, err = s.openLink(ctx, tx, token, now); err != nil {
			return err
		}
		e := s.Entry(linkActor(l, address, requestID), service.ActAssessmentRecord, l.PatientID)
		if out, err = s.storeAssessment(ctx, tx, e, l.PatientID, l.Instrument, answers, res, takenAt, SourceLink); err != nil {
			return err
		}
		if !slices.Contains(out.ClosedLinks, l.ID) {
			return errLinkUsed // a concurrent submission used it first: roll back
		}
		return nil
	})
	return out, clinic.Wrap(err, "Could not record your answers.")
}

// PatientLinks lists a patient's questionnaire links (never their tokens).
func (s *Service) PatientLinks(ctx context.Context, a service.Actor, patientID int64) ([]record.QuestionnaireLink, error) {
	if err := service.AuthorizePatient(a, service.ActPatientRead, patientID); err != nil {
		return nil, err
	}
	ls, err := s.store.Read().PatientLinks(ctx, a.ClinicID, patientID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the questionnaire links.")
	}
	e := s.Entry(a, "link.list", patientID)
	e.RecordType = "questionnaire_link"
	return ls, s.AuditRead(ctx, e)
}
