package signoff

import (
	"context"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Session sign-off and lock, addenda (issue 5 item 8) and Spravato REMS
// patient enrolment (item 6). A clinician signs a discharged session;
// from then on every write to it is refused, both here (each use case
// re-reads the session inside its transaction, holding its row) and by
// the database's triggers (migration 0007). Later information goes into
// addenda: new notes, each timestamped and signed by its author, never
// edited.

const maxAddendumLen = 4000

// SignSession signs a discharged session, locking its record. An
// esketamine session needs a complete REMS Patient Monitoring Form (it is
// built from the record, which cannot change afterwards); a form not yet
// signed is signed by the same clinician in the same transaction.
func (s *Service) SignSession(ctx context.Context, a service.Actor, sessionID int64) (record.TreatmentSession, error) {
	ts, err := service.LoadSession(ctx, s.store.Read(), a, service.ActSessionSign, sessionID)
	if err != nil {
		return ts, err
	}
	now := s.Now()
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if ts, err = service.LockOpenSession(ctx, tx, ts); err != nil {
			if ts.Signed() {
				return clinic.Errorf(clinic.Conflict, "This session was already signed by %s on %s UTC.", ts.SignedByName, ts.SignedAt.Format("2006-01-02 15:04"))
			}
			return err
		}
		if ts.Status != record.SessionDischarged {
			return clinic.Errorf(clinic.Conflict, "Only a discharged session can be signed (this one is %s).", ts.Status)
		}
		if ts.Drug == record.DrugEsketamine {
			rec, err := tx.SessionRecord(ctx, a.ClinicID, ts.ID)
			if err != nil {
				return err
			}
			rules, err := service.SessionRulesIn(ctx, tx, a.ClinicID)
			if err != nil {
				return err
			}
			missing := record.BuildREMSForm(rec, rules.Alerts).Missing()
			if len(missing) == 0 && rec.REMS == nil {
				missing = []string{"the form's answers"}
			}
			if len(missing) > 0 {
				return clinic.Errorf(clinic.Invalid, "The session cannot be signed while its REMS Patient Monitoring Form is incomplete. Missing: %s.",
					strings.Join(missing, ", "))
			}
			if rec.REMS.SignedAt.IsZero() {
				if err := tx.SignREMSForm(ctx, a.ClinicID, ts.ID, a.UserID, service.ActorName(a), now); err != nil {
					return err
				}
				if err := tx.AppendAudit(ctx, s.SessionEntry(a, service.ActREMSSign, ts)); err != nil {
					return err
				}
			}
		}
		if err := tx.SignTreatmentSession(ctx, a.ClinicID, ts.ID, a.UserID, service.ActorName(a), now); err != nil {
			return err
		}
		ts.SignedBy, ts.SignedByName, ts.SignedAt = a.UserID, service.ActorName(a), now
		return tx.AppendAudit(ctx, s.SessionEntry(a, service.ActSessionSign, ts))
	})
	return ts, clinic.Wrap(err, "Could not sign the session.")
}

// AddAddendum adds a signed note to a closed (discharged or cancelled)
// session, signed or not. It never changes what was recorded.
func (s *Service) AddAddendum(ctx context.Context, a service.Actor, sessionID int64, body string) (record.Addendum, error) {
	ts, err := service.LoadSession(ctx, s.store.Read(), a, service.ActSessionAddendum, sessionID)
	if err != nil {
		return record.Addendum{}, err
	}
	if ts.Status != record.SessionDischarged && ts.Status != record.SessionCancelled {
		return record.Addendum{}, clinic.Errorf(clinic.Conflict, "Addenda are for closed sessions; while the session is %s, record it in the session itself.", ts.Status)
	}
	ad := record.Addendum{ClinicID: a.ClinicID, SessionID: ts.ID, AuthorID: a.UserID, AuthorName: service.ActorName(a), AuthorRole: a.Role,
		CreatedAt: s.Now()}
	if ad.Body, err = (clinic.Text{Name: "the addendum", Max: maxAddendumLen, Lines: true, Required: true}).Clean(body); err != nil {
		return ad, err
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if ad.ID, err = tx.CreateAddendum(ctx, ad); err != nil {
			return err
		}
		e := s.SessionEntry(a, service.ActSessionAddendum, ts)
		e.RecordType, e.RecordID = "session_addendum", ad.ID
		return tx.AppendAudit(ctx, e)
	})
	return ad, clinic.Wrap(err, "Could not save the addendum.")
}

// REMSEnrolmentInput is an enrolment record as staff enter it.
type REMSEnrolmentInput struct {
	Enrolled      string // "yes" or "no"
	EnrolledOn    string // YYYY-MM-DD; required when enrolled, empty otherwise
	REMSPatientID string // optional
}

// remsIDText is the REMS patient ID as it appears on the enrolment.
var remsIDText = clinic.Text{Name: "the REMS patient ID as it appears on the enrolment", Max: 40}

// spravatoApproval is the day the FDA approved Spravato (5 March 2019) and
// with it the REMS: no enrolment can be earlier.
var spravatoApproval = time.Date(2019, 3, 5, 0, 0, 0, 0, time.UTC)

// RecordREMSEnrolment records whether a patient is enrolled in the
// Spravato REMS (clinical-reference §1.5: enrolment is required before the
// first outpatient treatment). Each record is kept; the latest counts.
func (s *Service) RecordREMSEnrolment(ctx context.Context, a service.Actor, patientID int64, in REMSEnrolmentInput) (record.REMSEnrolment, error) {
	if err := service.AuthorizePatient(a, service.ActREMSEnrol, patientID); err != nil {
		return record.REMSEnrolment{}, err
	}
	now := s.Now()
	e := record.REMSEnrolment{ClinicID: a.ClinicID, PatientID: patientID, RecordedBy: a.UserID, RecordedByName: service.ActorName(a), RecordedAt: now}
	on := strings.TrimSpace(in.EnrolledOn)
	var err error
	if e.REMSPatientID, err = remsIDText.Clean(in.REMSPatientID); err != nil {
		return e, err
	}
	switch strings.TrimSpace(in.Enrolled) {
	case "yes":
		e.Enrolled = true
		d, err := time.Parse(time.DateOnly, on)
		switch {
		case on == "":
			return e, clinic.Errorf(clinic.Invalid, "Enter the date the patient was enrolled in the REMS.")
		case err != nil:
			return e, clinic.Errorf(clinic.Invalid, "Enter the enrolment date as YYYY-MM-DD.")
		case d.After(now):
			return e, clinic.Errorf(clinic.Invalid, "The enrolment date %s is in the future.", on)
		case d.Before(spravatoApproval):
			return e, clinic.Errorf(clinic.Invalid, "The enrolment date %s is before the Spravato REMS began (2019-03-05).", on)
		}
		e.EnrolledOn = d
	case "no":
		if on != "" || e.REMSPatientID != "" {
			return e, clinic.Errorf(clinic.Invalid, "Leave the enrolment date and REMS patient ID empty when the patient is not enrolled.")
		}
	default:
		return e, clinic.Errorf(clinic.Invalid, "Choose whether the patient is enrolled in the REMS: yes or no.")
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := tx.Patient(ctx, a.ClinicID, patientID); err != nil {
			return err
		}
		var err error
		if e.ID, err = tx.CreateREMSEnrolment(ctx, e); err != nil {
			return err
		}
		ae := s.Entry(a, service.ActREMSEnrol, patientID)
		ae.RecordType, ae.RecordID = "rems_enrolment", e.ID
		return tx.AppendAudit(ctx, ae)
	})
	return e, clinic.Wrap(err, "Could not save the REMS enrolment.")
}

// REMSEnrolled reports whether a patient is currently enrolled in the
// Spravato REMS (audited). Booking uses it to refuse esketamine
// appointments for unenrolled patients; patients may ask about their own.
func (s *Service) REMSEnrolled(ctx context.Context, a service.Actor, patientID int64) (bool, error) {
	if err := service.AuthorizePatient(a, service.ActREMSStatus, patientID); err != nil {
		return false, err
	}
	ok, err := service.EnrolledInREMS(ctx, s.store.Read(), a.ClinicID, patientID)
	if err != nil {
		return false, clinic.Wrap(err, "Could not read the REMS enrolment.")
	}
	e := s.Entry(a, service.ActREMSStatus, patientID)
	e.RecordType, e.RecordID = "patient", patientID
	return ok, s.AuditRead(ctx, e)
}
