package app_test

import (
	"slices"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/messaging"
	"onset/internal/store/storetest"
)

// A therapist reads and answers the conversations of the patients on
// their caseload, and may be given them; another patient's conversation
// is not found, is not listed or counted, and cannot be given to them.
// Their reads and writes are audited like anyone's.
func TestTherapistMessages(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newMessageEnv(t, engine)
			sys := service.System(e.clinic)
			u, err := e.svc.CreateUser(ctx, sys, record.NewUser{Email: "tess@example.org", Name: "Tess", Role: clinic.RoleTherapist,
				Password: "a long password"})
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.AssignTherapist(ctx, sys, e.ann.ID, u.ID); err != nil {
				t.Fatal(err)
			}
			th := service.Actor{UserID: u.ID, ClinicID: e.clinic, Role: clinic.RoleTherapist, Name: "Tess", Caseload: []int64{e.ann.ID}}
			ann, err := e.svc.StartThread(ctx, e.annUser, messaging.NewThread{PatientID: e.ann.ID, Body: "About my integration session"})
			if err != nil {
				t.Fatal(err)
			}
			bob, err := e.svc.StartThread(ctx, e.bobUser, messaging.NewThread{PatientID: e.bob.ID, Body: "About my bill"})
			if err != nil {
				t.Fatal(err)
			}
			ts, err := e.svc.ClinicThreads(ctx, th, messaging.ShowAll)
			if err != nil || len(ts) != 1 || ts[0].ID != ann.Thread.ID {
				t.Fatalf("the therapist's conversations: %+v %v", ts, err)
			}
			if n, err := e.svc.UnreadThreads(ctx, th); err != nil || n != 1 {
				t.Errorf("the therapist's unread count %d %v, want 1 (the nurse's is 2)", n, err)
			}
			if _, err := e.svc.OpenThread(ctx, th, bob.Thread.ID); err == nil {
				t.Error("the therapist opened another patient's conversation")
			}
			if _, err := e.svc.PostMessage(ctx, th, bob.Thread.ID, "hello"); err == nil {
				t.Error("the therapist wrote in another patient's conversation")
			}
			if _, err := e.svc.PatientThreads(ctx, th, e.bob.ID); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("the therapist lists another patient's conversations: %v", err)
			}
			// Given Ann's conversation; Bob's cannot be given to them.
			if _, err := e.svc.AssignThread(ctx, e.nurse, ann.Thread.ID, u.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.AssignThread(ctx, e.nurse, bob.Thread.ID, u.ID); clinic.ErrorCode(err) != clinic.Invalid {
				t.Errorf("Bob's conversation given to Ann's therapist: %v", err)
			}
			pg, err := e.svc.OpenThread(ctx, e.nurse, bob.Thread.ID)
			if err != nil || slices.ContainsFunc(pg.Assignees, func(a messaging.Assignee) bool { return a.ID == u.ID }) {
				t.Errorf("Bob's conversation offers Ann's therapist: %+v %v", pg.Assignees, err)
			}
			if mine, err := e.svc.ClinicThreads(ctx, th, messaging.ShowMine); err != nil || len(mine) != 1 {
				t.Errorf("the therapist's own conversations: %+v %v", mine, err)
			}
			if pg, err := e.svc.OpenThread(ctx, th, ann.Thread.ID); err != nil || len(pg.Messages) != 1 {
				t.Fatalf("the therapist opens Ann's conversation: %+v %v", pg, err)
			}
			if _, err := e.svc.PostMessage(ctx, th, ann.Thread.ID, "See you on Tuesday."); err != nil {
				t.Fatal(err)
			}
			if n := e.audits(t, "message.send", e.ann.ID); n != 2 {
				t.Errorf("%d message.send audit rows for Ann, want 2 (hers and the therapist's)", n)
			}
			if n := e.audits(t, "message.read", e.ann.ID); n < 1 {
				t.Errorf("no message.read audit row")
			}
		})
	}
}
