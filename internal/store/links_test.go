package store_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// seedPatient adds a patient, a user and an assessment to a new clinic.
func seedPatient(t *testing.T, db *store.DB) (clinicID, patientID, userID, assessmentID int64) {
	t.Helper()
	ctx := t.Context()
	clinicID = seedClinic(t, db)
	err := db.WithTx(ctx, func(q *store.Queries) error {
		var err error
		if patientID, err = q.CreatePatient(ctx, clinic.Patient{ClinicID: clinicID, MRN: "L-1", GivenName: "Lee", FamilyName: "Link",
			Sex: "male", BirthDate: now.AddDate(-40, 0, 0), CreatedAt: now}); err != nil {
			return err
		}
		if userID, err = q.CreateUser(ctx, clinic.User{ClinicID: clinicID, Email: "doc@example.org", Name: "Doc",
			Role: clinic.RoleClinician, PasswordHash: "h", CreatedAt: now}); err != nil {
			return err
		}
		assessmentID, err = q.CreateAssessment(ctx, clinic.Assessment{ClinicID: clinicID, PatientID: patientID, Instrument: "phq9",
			TakenAt: now, Total: 3, Answers: []int{1, 1, 1, 0, 0, 0, 0, 0, 0}, Source: "link"}, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return
}

func TestLinksRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid, pid, uid, aid := seedPatient(t, db)
		l := record.QuestionnaireLink{ClinicID: cid, PatientID: pid, Instrument: "phq9", TokenHash: "hash-1", Reason: "weekly",
			ScheduleKey: "c1:week:1", CreatedBy: uid, CreatedAt: now, ExpiresAt: now.Add(72 * time.Hour)}
		var id int64
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var err error
			id, err = q.CreateLink(ctx, l)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Reader().LinkByTokenHash(ctx, "hash-1")
		if err != nil || got.ID != id || got.ScheduleKey != "c1:week:1" || got.CreatedBy != uid || !got.ExpiresAt.Equal(l.ExpiresAt) ||
			!got.UsedAt.IsZero() || got.CourseID != 0 {
			t.Fatalf("got %+v (%v)", got, err)
		}
		if _, err := db.Reader().LinkByTokenHash(ctx, "hash-2"); clinic.ErrorCode(err) != clinic.NotFound {
			t.Errorf("unknown hash: %v", err)
		}
		// The same schedule slot twice is a conflict; links made by hand have no slot and never clash.
		dup := l
		dup.TokenHash = "hash-3"
		err = db.WithTx(ctx, func(q *store.Queries) error { _, err := q.CreateLink(ctx, dup); return err })
		if clinic.ErrorCode(err) != clinic.Conflict {
			t.Errorf("duplicate slot: %v", err)
		}
		for _, h := range []string{"hand-1", "hand-2"} {
			byHand := l
			byHand.TokenHash, byHand.ScheduleKey = h, ""
			if err := db.WithTx(ctx, func(q *store.Queries) error { _, err := q.CreateLink(ctx, byHand); return err }); err != nil {
				t.Errorf("link by hand: %v", err)
			}
		}
		// A link is used once.
		for i, want := range []bool{true, false} {
			var used bool
			err := db.WithTx(ctx, func(q *store.Queries) error {
				var err error
				used, err = q.UseLink(ctx, id, aid, now.Add(time.Hour))
				return err
			})
			if err != nil || used != want {
				t.Errorf("use %d: %v %v", i, used, err)
			}
		}
		got, _ = db.Reader().Link(ctx, cid, id)
		if got.AssessmentID != aid || !got.UsedAt.Equal(now.Add(time.Hour)) {
			t.Errorf("used link %+v", got)
		}
		if _, err := db.Reader().Link(ctx, cid+1, id); clinic.ErrorCode(err) != clinic.NotFound {
			t.Errorf("another clinic's link: %v", err)
		}
		ls, err := db.Reader().PatientLinks(ctx, cid, pid)
		if err != nil || len(ls) != 3 {
			t.Errorf("patient links %d (%v)", len(ls), err)
		}
	})
}

func TestAlertsAndIdempotencyRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid, pid, uid, aid := seedPatient(t, db)
		var id int64
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var err error
			id, err = q.CreateSafetyAlert(ctx, record.SafetyAlert{ClinicID: cid, PatientID: pid, AssessmentID: aid,
				Kind: record.AlertSuicidality, Detail: "PHQ-9 item 9", CreatedAt: now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		open, err := db.Reader().OpenSafetyAlerts(ctx, cid, 10)
		if err != nil || len(open) != 1 || open[0].PatientName != "Lee Link" || !open[0].Open() {
			t.Fatalf("open %+v (%v)", open, err)
		}
		for i, want := range []bool{true, false} {
			var ok bool
			err := db.WithTx(ctx, func(q *store.Queries) error {
				var err error
				ok, err = q.AcknowledgeSafetyAlert(ctx, cid, id, uid, "called", now.Add(time.Hour))
				return err
			})
			if err != nil || ok != want {
				t.Errorf("ack %d: %v %v", i, ok, err)
			}
		}
		al, err := db.Reader().SafetyAlert(ctx, cid, id)
		if err != nil || al.Open() || al.AcknowledgerName != "Doc" || al.Note != "called" {
			t.Errorf("acknowledged %+v (%v)", al, err)
		}
		if open, _ := db.Reader().OpenSafetyAlerts(ctx, cid, 10); len(open) != 0 {
			t.Error("acknowledged alert still open")
		}
		k := record.IdempotencyKey{ClinicID: cid, UserID: uid, Key: "k", Fingerprint: "f", AssessmentID: aid, CreatedAt: now}
		if err := db.WithTx(ctx, func(q *store.Queries) error { return q.CreateIdempotencyKey(ctx, k) }); err != nil {
			t.Fatal(err)
		}
		if err := db.WithTx(ctx, func(q *store.Queries) error { return q.CreateIdempotencyKey(ctx, k) }); clinic.ErrorCode(err) != clinic.Conflict {
			t.Errorf("duplicate key: %v", err)
		}
		got, err := db.Reader().IdempotencyKey(ctx, uid, "k")
		if err != nil || got.AssessmentID != aid || got.Fingerprint != "f" {
			t.Errorf("key %+v (%v)", got, err)
		}
		if _, err := db.Reader().IdempotencyKey(ctx, uid, "other"); clinic.ErrorCode(err) != clinic.NotFound {
			t.Errorf("unknown key: %v", err)
		}
	})
}

func TestOutboxRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid, pid, _, _ := seedPatient(t, db)
		var msgs []int64
		err := db.WithTx(ctx, func(q *store.Queries) error {
			lid, err := q.CreateLink(ctx, record.QuestionnaireLink{ClinicID: cid, PatientID: pid, Instrument: "phq9",
				TokenHash: "h", CreatedAt: now, ExpiresAt: now.Add(72 * time.Hour)})
			if err != nil {
				return err
			}
			for _, due := range []time.Time{now, now.Add(48 * time.Hour)} {
				id, err := q.CreateOutboxMessage(ctx, record.OutboxMessage{ClinicID: cid, PatientID: pid, LinkID: lid, Kind: "invite",
					Channel: "email", Recipient: "lee@example.org", Token: "secret", DueAt: due, CreatedAt: now})
				if err != nil {
					return err
				}
				msgs = append(msgs, id)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		claim := func(at time.Time) []record.OutboxMessage {
			var due []record.OutboxMessage
			if err := db.WithTx(ctx, func(q *store.Queries) error {
				var err error
				due, err = q.ClaimDueOutboxMessages(ctx, at, at.Add(10*time.Minute), 10)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return due
		}
		due := claim(now.Add(time.Minute))
		if len(due) != 1 || due[0].ID != msgs[0] || due[0].Token != "secret" {
			t.Fatalf("due %+v", due)
		}
		// Held: a second run (another process) does not take it again until
		// the hold ends, when a run that died without marking it is retried.
		if again := claim(now.Add(2 * time.Minute)); len(again) != 0 {
			t.Fatalf("claimed twice: %+v", again)
		}
		if after := claim(now.Add(12 * time.Minute)); len(after) != 1 || after[0].ID != msgs[0] {
			t.Fatalf("after the hold: %+v", after)
		}
		err = db.WithTx(ctx, func(q *store.Queries) error {
			if err := q.MarkOutboxFailed(ctx, msgs[0], "down", now.Add(time.Hour)); err != nil {
				return err
			}
			return q.MarkOutboxSent(ctx, msgs[0], now.Add(2*time.Hour))
		})
		if err != nil {
			t.Fatal(err)
		}
		var expired int64
		err = db.WithTx(ctx, func(q *store.Queries) error {
			expired, err = q.ExpireOutbox(ctx, cid, now.Add(73*time.Hour))
			return err
		})
		if err != nil || expired != 1 {
			t.Fatalf("expired %d (%v)", expired, err)
		}
		all, err := db.Reader().OutboxMessages(ctx, cid, 10)
		if err != nil || len(all) != 2 {
			t.Fatalf("all %+v (%v)", all, err)
		}
		for _, m := range all {
			if m.Token != "" {
				t.Errorf("message %d (%s) still holds its token", m.ID, m.Status)
			}
			if m.ID == msgs[0] && (m.Status != record.OutboxSent || m.Attempts != 2 || m.LastError != "down") {
				t.Errorf("sent message %+v", m)
			}
			if m.ID == msgs[1] && m.Status != record.OutboxExpired {
				t.Errorf("expired message %+v", m)
			}
		}
	})
}
