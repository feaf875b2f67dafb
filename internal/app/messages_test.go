package app_test

import (
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/messaging"
	"onset/internal/service/outreach"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// messageEnv is a clinic with two patients who each have a portal
// account, a nurse and a clinician.
type messageEnv struct {
	env
	ann, bob                    clinic.Patient
	annUser, bobUser            service.Actor // the patients, signed in to the portal
	nurse, clinician, frontDesk service.Actor
}

func newMessageEnv(t *testing.T, engine store.Engine) messageEnv {
	t.Helper()
	ctx := t.Context()
	e := messageEnv{env: newEnv(t, engine)}
	sys := service.System(e.clinic)
	mk := func(mrn, given, email, phone string) clinic.Patient {
		p, err := e.svc.CreatePatient(ctx, sys, record.NewPatient{MRN: mrn, GivenName: given, FamilyName: "Reed", Sex: "female",
			BirthDate: "1982-04-05", Email: email, Phone: phone})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	e.ann, e.bob = mk("M-1", "Ann", "ann@example.org", "+13105550199"), mk("M-2", "Bob", "bob@example.org", "+13105550198")
	user := func(role clinic.Role, name string, patientID int64) service.Actor {
		u, err := e.svc.CreateUser(ctx, sys, record.NewUser{Email: strings.ToLower(name) + "@example.org", Name: name, Role: role,
			Password: "a long password", PatientID: patientID})
		if err != nil {
			t.Fatal(err)
		}
		return service.Actor{UserID: u.ID, ClinicID: e.clinic, Role: role, PatientID: patientID, Name: name}
	}
	e.annUser, e.bobUser = user(clinic.RolePatient, "AnnPortal", e.ann.ID), user(clinic.RolePatient, "BobPortal", e.bob.ID)
	e.nurse, e.clinician = user(clinic.RoleNurse, "Nina", 0), user(clinic.RoleClinician, "Carl", 0)
	e.frontDesk = user(clinic.RoleFrontDesk, "Fran", 0)
	return e
}

// audits counts the clinic's audit rows of action about patientID.
func (e messageEnv) audits(t *testing.T, action string, patientID int64) int {
	t.Helper()
	rows, err := e.svc.AuditLog(t.Context(), service.System(e.clinic), clinic.AuditFilter{Action: action, PatientID: patientID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// A patient writes; staff read, assign and answer; the patient is told a
// message waits, in words that say nothing of it; another patient cannot
// find the conversation; every read and write is on the audit trail.
func TestSecureMessages(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newMessageEnv(t, engine)
			posted, err := e.svc.StartThread(ctx, e.annUser, messaging.NewThread{PatientID: e.ann.ID, Subject: "Friday",
				Body: "Can I move my Friday visit?\r\nThe afternoon suits me better."})
			if err != nil {
				t.Fatal(err)
			}
			if posted.Alert != nil || posted.Notices != 0 || posted.Message.Sender != record.SenderPatient ||
				posted.Message.Body != "Can I move my Friday visit?\nThe afternoon suits me better." {
				t.Fatalf("posted %+v", posted)
			}
			tid := posted.Thread.ID
			if als, err := e.svc.OpenAlerts(ctx, e.clinician); err != nil || len(als) != 0 {
				t.Fatalf("a message without self-harm wording raised %+v %v", als, err)
			}

			// Another patient: not found, whatever they try; not even listed.
			if _, err := e.svc.OpenThread(ctx, e.bobUser, tid); clinic.ErrorCode(err) != clinic.NotFound {
				t.Errorf("another patient opens the thread: %v", err)
			}
			if _, err := e.svc.PostMessage(ctx, e.bobUser, tid, "hello"); clinic.ErrorCode(err) != clinic.NotFound {
				t.Errorf("another patient writes in the thread: %v", err)
			}
			if _, err := e.svc.PatientThreads(ctx, e.bobUser, e.ann.ID); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("another patient lists the threads: %v", err)
			}
			if _, err := e.svc.StartThread(ctx, e.bobUser, messaging.NewThread{PatientID: e.ann.ID, Body: "x"}); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a patient writes as another: %v", err)
			}
			if _, err := e.svc.ClinicThreads(ctx, e.bobUser, messaging.ShowAll); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a patient lists the clinic's threads: %v", err)
			}
			if _, err := e.svc.AssignThread(ctx, e.annUser, tid, e.nurse.UserID); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a patient assigns: %v", err)
			}

			// Staff see it unread until one of them marks it read.
			unread := func(want int) {
				t.Helper()
				if n, err := e.svc.UnreadThreads(ctx, e.nurse); err != nil || n != want {
					t.Errorf("unread threads %d (%v), want %d", n, err, want)
				}
			}
			unread(1)
			pg, err := e.svc.OpenThread(ctx, e.nurse, tid)
			if err != nil || len(pg.Messages) != 1 || !pg.Messages[0].ReadAt.IsZero() || pg.Patient.ID != e.ann.ID ||
				len(pg.Assignees) != 3 || pg.Crisis {
				t.Fatalf("the nurse's view %+v %v", pg, err)
			}
			unread(1) // a glance is not an answer
			name, err := e.svc.AssignThread(ctx, e.nurse, tid, e.clinician.UserID)
			if err != nil || name != "Carl" {
				t.Fatalf("assign: %q %v", name, err)
			}
			if _, err := e.svc.AssignThread(ctx, e.nurse, tid, e.annUser.UserID); clinic.ErrorCode(err) != clinic.Invalid {
				t.Errorf("assigned to a patient: %v", err)
			}
			list := func(a service.Actor, show string) []record.Thread {
				t.Helper()
				ts, err := e.svc.ClinicThreads(ctx, a, show)
				if err != nil {
					t.Fatal(err)
				}
				return ts
			}
			if mine := list(e.clinician, messaging.ShowMine); len(mine) != 1 || mine[0].AssigneeName != "Carl" || mine[0].StaffUnread != 1 {
				t.Errorf("the clinician's threads %+v", mine)
			}
			if len(list(e.nurse, messaging.ShowMine)) != 0 || len(list(e.nurse, messaging.ShowUnassigned)) != 0 ||
				len(list(e.frontDesk, messaging.ShowAll)) != 1 {
				t.Error("filters: the nurse has none, nobody's are none, all is one")
			}
			if _, err := e.svc.ClinicThreads(ctx, e.nurse, "everything"); clinic.ErrorCode(err) != clinic.Invalid {
				t.Errorf("an unknown filter: %v", err)
			}
			if err := e.svc.MarkThreadRead(ctx, e.clinician, tid); err != nil {
				t.Fatal(err)
			}
			unread(0)
			if pg, _ := e.svc.OpenThread(ctx, e.clinician, tid); pg.Messages[0].ReadBy != e.clinician.UserID || pg.Messages[0].ReadAt.IsZero() {
				t.Errorf("read state %+v", pg.Messages[0])
			}

			// The clinician answers twice: one notice, by email (how Ann is reached).
			r1, err := e.svc.PostMessage(ctx, e.clinician, tid, "Yes: Friday at 15:00 is free. Shall I book it?")
			if err != nil || r1.Notices != 1 || r1.Message.Sender != record.SenderStaff {
				t.Fatalf("reply %+v %v", r1, err)
			}
			if r2, err := e.svc.PostMessage(ctx, e.clinician, tid, "Also: bring your medication list."); err != nil || r2.Notices != 0 {
				t.Fatalf("second reply %+v %v", r2, err)
			}
			rec := &recorder{}
			run := func() []outreach.Message {
				t.Helper()
				before := len(rec.msgs)
				if _, err := e.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "https://clinic.example", Sender: rec}); err != nil {
					t.Fatal(err)
				}
				return rec.msgs[before:]
			}
			sent := run()
			if len(sent) != 1 || sent[0].Recipient != "ann@example.org" || sent[0].Channel != outreach.ChannelEmail ||
				!strings.Contains(sent[0].Body, "https://clinic.example/messages/"+strconv.FormatInt(tid, 10)) ||
				!strings.Contains(sent[0].Subject, "waiting in your patient portal") || !strings.Contains(sent[0].Body, "Hello Ann") {
				t.Fatalf("the notice %+v", sent)
			}
			for _, w := range []string{"Friday", "15:00", "medication", "Carl", "book"} {
				if strings.Contains(sent[0].Subject+sent[0].Body+sent[0].HTML, w) {
					t.Errorf("the notice says %q:\n%s\n%s", w, sent[0].Subject, sent[0].Body)
				}
			}
			if again := run(); len(again) != 0 {
				t.Fatalf("sent again: %+v", again)
			}

			// Ann reads in the portal: the answers are read, by her.
			if in, err := e.svc.PatientThreads(ctx, e.annUser, e.ann.ID); err != nil || len(in.Threads) != 1 || in.Threads[0].PatientUnread != 2 ||
				in.Patient.ID != e.ann.ID {
				t.Fatalf("Ann's threads %+v %v", in, err)
			}
			pg, err = e.svc.OpenThread(ctx, e.annUser, tid)
			if err != nil || len(pg.Messages) != 3 || pg.Messages[1].ReadAt.IsZero() || pg.Messages[2].ReadBy != e.annUser.UserID ||
				pg.Assignees != nil || pg.Crisis {
				t.Fatalf("Ann's view %+v %v", pg, err)
			}
			if in, _ := e.svc.PatientThreads(ctx, e.annUser, e.ann.ID); in.Threads[0].PatientUnread != 0 {
				t.Errorf("still unread for Ann: %+v", in.Threads[0])
			}
			if _, err := e.svc.PostMessage(ctx, e.annUser, tid, "Yes please."); err != nil {
				t.Fatal(err)
			}
			unread(1)

			// An answer Ann reads in the portal before the notice goes is not announced.
			if _, err := e.svc.PostMessage(ctx, e.nurse, tid, "Booked."); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.OpenThread(ctx, e.annUser, tid); err != nil {
				t.Fatal(err)
			}
			if late := run(); len(late) != 0 {
				t.Errorf("a notice of a message already read: %+v", late)
			}

			// Every read and write, on the record.
			for action, want := range map[string]int{
				"message.send": 5, "message.assign": 1, "message.mark_read": 4, "notice.queue": 2,
				"message-notice.send": 1, "message-notice.close": 1,
			} {
				if n := e.audits(t, action, e.ann.ID); n != want {
					t.Errorf("%d %s audit rows, want %d", n, action, want)
				}
			}
			if n := e.audits(t, "message.read", e.ann.ID); n != 4 {
				t.Errorf("%d message.read audit rows, want 4 (each opening)", n)
			}
			if n := e.audits(t, "message.list", 0); n < 6 {
				t.Errorf("%d message.list audit rows, want every list", n)
			}
		})
	}
}

// A patient's message with self-harm wording raises one safety alert,
// shown with the clinic's open alerts and the patient's, pointing at the
// message; their page shows the crisis text until the care team answers.
// A message without such wording raises none.
func TestMessageSelfHarmRaisesSafetyAlert(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newMessageEnv(t, engine)
			posted, err := e.svc.StartThread(ctx, e.annUser, messaging.NewThread{PatientID: e.ann.ID,
				Body: "I keep thinking I want to end my life"})
			if err != nil {
				t.Fatal(err)
			}
			if posted.Alert == nil || posted.Alert.Kind != record.AlertMessageSelfHarm || posted.Alert.MessageID != posted.Message.ID ||
				!posted.Message.Alerted || !strings.Contains(posted.Alert.Detail, "end my life") {
				t.Fatalf("posted %+v", posted)
			}
			als, err := e.svc.OpenAlerts(ctx, e.clinician)
			if err != nil || len(als) != 1 || als[0].ID != posted.Alert.ID || als[0].ThreadID != posted.Thread.ID ||
				als[0].PatientName != "Ann Reed" || als[0].AssessmentID != 0 {
				t.Fatalf("open alerts %+v %v", als, err)
			}
			if pa, err := e.svc.PatientAlerts(ctx, e.nurse, e.ann.ID); err != nil || len(pa) != 1 {
				t.Fatalf("the patient's alerts %+v %v", pa, err)
			}
			if n := e.audits(t, "alert.raise", e.ann.ID); n != 1 {
				t.Errorf("%d alert.raise rows", n)
			}
			pg, err := e.svc.OpenThread(ctx, e.annUser, posted.Thread.ID)
			if err != nil || !pg.Crisis {
				t.Fatalf("the patient's page shows no crisis text: %+v %v", pg, err)
			}
			if pg, _ := e.svc.OpenThread(ctx, e.nurse, posted.Thread.ID); !pg.Messages[0].Alerted {
				t.Error("staff do not see that the message raised an alert")
			}

			// Staff words, even these, raise nothing; the care team's answer ends the crisis banner.
			if r, err := e.svc.PostMessage(ctx, e.clinician, posted.Thread.ID, "We are calling you now. If you feel you may act on thoughts of suicide, call 988."); err != nil || r.Alert != nil {
				t.Fatalf("staff reply %+v %v", r, err)
			}
			if pg, _ := e.svc.OpenThread(ctx, e.annUser, posted.Thread.ID); pg.Crisis {
				t.Error("the crisis banner stays after the care team answered")
			}
			// A message without such wording raises none; the alert is acknowledged as any other.
			if r, err := e.svc.StartThread(ctx, e.bobUser, messaging.NewThread{PatientID: e.bob.ID, Subject: "Skills",
				Body: "My coping skills are getting better; the nausea was killing me though."}); err != nil || r.Alert != nil {
				t.Fatalf("a plain message %+v %v", r, err)
			}
			if _, err := e.svc.AcknowledgeAlert(ctx, e.clinician, posted.Alert.ID, "Called Ann; safety plan reviewed."); err != nil {
				t.Fatal(err)
			}
			if als, _ := e.svc.OpenAlerts(ctx, e.clinician); len(als) != 0 {
				t.Errorf("open alerts after acknowledging: %+v", als)
			}
		})
	}
}

// What a message may be: text of at most 4000 characters, valid UTF-8,
// no control characters; the subject optional and short. A refused
// message stores nothing.
func TestMessageTextRefused(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newMessageEnv(t, store.SQLite)
	for _, n := range []messaging.NewThread{
		{Body: ""}, {Body: "  \n "}, {Body: strings.Repeat("é", messaging.MaxBody+1)}, {Body: "bad \xff bytes"},
		{Body: "a NUL \x00 here"}, {Body: "ok", Subject: strings.Repeat("s", 201)}, {Body: "ok", Subject: "two\nlines"},
	} {
		n.PatientID = e.ann.ID
		if _, err := e.svc.StartThread(ctx, e.annUser, n); clinic.ErrorCode(err) != clinic.Invalid {
			t.Errorf("%.40q: %v, want invalid", n.Body+"|"+n.Subject, err)
		}
	}
	if in, _ := e.svc.PatientThreads(ctx, e.nurse, e.ann.ID); len(in.Threads) != 0 {
		t.Fatalf("a refused message stored %+v", in)
	}
	if _, err := e.svc.StartThread(ctx, e.annUser, messaging.NewThread{PatientID: e.ann.ID, Body: strings.Repeat("é", messaging.MaxBody)}); err != nil {
		t.Errorf("4000 characters: %v", err)
	}
}
