package store_test

import (
	"strconv"
	"testing"
	"time"

	"onset/internal/record"
	"onset/internal/store"
	"onset/internal/store/messaging"
	"onset/internal/store/storetest"
)

// A message is kept as written and read once; a safety alert comes from
// an assessment or from a message, never neither and never both.
func TestMessagesKeptAndAlertSources(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid, pid, uid, aid := seedPatient(t, db)
		var tid, mid int64
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var err error
			if tid, err = q.CreateThread(ctx, record.Thread{ClinicID: cid, PatientID: pid, Subject: "Hello", CreatedAt: now}); err != nil {
				return err
			}
			if mid, err = q.CreateMessage(ctx, record.Message{ClinicID: cid, ThreadID: tid, PatientID: pid, Sender: record.SenderPatient,
				Body: "first words", CreatedAt: now.Add(time.Minute)}); err != nil {
				return err
			}
			if _, err = q.CreateSafetyAlert(ctx, record.SafetyAlert{ClinicID: cid, PatientID: pid, MessageID: mid,
				Kind: record.AlertMessageSelfHarm, Detail: "d", CreatedAt: now}); err != nil {
				return err
			}
			_, err = q.CreateSafetyAlert(ctx, record.SafetyAlert{ClinicID: cid, PatientID: pid, AssessmentID: aid,
				Kind: record.AlertSuicidality, Detail: "d", CreatedAt: now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		als, err := db.Reader().PatientSafetyAlerts(ctx, cid, pid)
		if err != nil || len(als) != 2 {
			t.Fatalf("alerts %+v %v", als, err)
		}
		for _, a := range als {
			if a.Kind == record.AlertMessageSelfHarm && (a.MessageID != mid || a.ThreadID != tid || a.AssessmentID != 0) ||
				a.Kind == record.AlertSuicidality && (a.AssessmentID != aid || a.MessageID != 0 || a.ThreadID != 0) {
				t.Errorf("alert %+v", a)
			}
		}
		ts, err := db.Reader().ThreadsOfClinic(ctx, cid, messaging.ThreadsAll, uid, 10)
		if err != nil || len(ts) != 1 || ts[0].StaffUnread != 1 || ts[0].Messages != 1 || ts[0].PatientName != "Lee Link" ||
			!ts[0].LastMessageAt.Equal(now.Add(time.Minute)) {
			t.Fatalf("threads %+v %v", ts, err)
		}
		err = db.WithTx(ctx, func(q *store.Queries) error {
			n, err := q.MarkMessagesRead(ctx, cid, tid, record.SenderPatient, uid, now)
			if n != 1 {
				t.Errorf("marked %d", n)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ms, err := db.Reader().ThreadMessages(ctx, cid, tid)
		if err != nil || len(ms) != 1 || ms[0].ReadBy != uid || !ms[0].ReadAt.Equal(now) || !ms[0].Alerted {
			t.Fatalf("messages %+v %v", ms, err)
		}
		for _, stmt := range []string{"UPDATE messages SET body = 'changed'", "DELETE FROM messages",
			"UPDATE messages SET read_at = NULL, read_by = NULL",
			// neither source, and both
			"INSERT INTO safety_alerts (clinic_id, patient_id, kind, detail, created_at) SELECT clinic_id, patient_id, kind, detail, created_at FROM safety_alerts",
			"UPDATE safety_alerts SET assessment_id = " + strconv.FormatInt(aid, 10) + " WHERE message_id IS NOT NULL"} {
			if err := db.RawExecForTest(ctx, stmt); err == nil {
				t.Errorf("%s was allowed", stmt)
			}
		}
	})
}
