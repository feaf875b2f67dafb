package service_test

import (
	"testing"
	"time"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/demo"
	"onset/internal/service"
	"onset/internal/session"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// The demo clinic has an IV session with an acknowledged BP alert and
// esketamine sessions whose REMS forms are signed and still due.
func TestDemoTreatmentSessions(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	now := time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)
	db := storetest.Open(t, store.SQLite)
	svc := service.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: func() time.Time { return now }})
	if _, err := svc.LoadDemo(ctx, "Demo", demo.Generate(1, now, 30)); err != nil {
		t.Fatal(err)
	}
	cl, err := db.Reader().FirstClinic(ctx)
	if err != nil {
		t.Fatal(err)
	}
	q, err := svc.REMSQueue(ctx, service.System(cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	var signed, due int
	for _, r := range q {
		switch r.Status {
		case session.FormSigned:
			signed++
		case session.FormIncomplete:
			due++
		}
	}
	if signed != 1 || due != 1 {
		t.Fatalf("REMS queue %+v", q)
	}
	var ivAlerts, ivSessions, signedSessions, addenda int
	page, err := svc.ListPatients(ctx, service.System(cl.ID), "", 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range page.Patients {
		ss, err := db.Reader().PatientTreatmentSessions(ctx, cl.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ss {
			if s.Status != service.SessionDischarged {
				t.Errorf("demo session %d is %s", s.ID, s.Status)
			}
			if s.Signed() {
				signedSessions++
				ad, err := db.Reader().SessionAddenda(ctx, cl.ID, s.ID)
				if err != nil {
					t.Fatal(err)
				}
				addenda += len(ad)
			}
			if s.Drug == service.DrugEsketamine {
				if ok, err := svc.REMSEnrolled(ctx, service.System(cl.ID), p.ID); err != nil || !ok {
					t.Errorf("demo esketamine patient %d not REMS-enrolled (%v)", p.ID, err)
				}
			}
			if s.Route != clinic.RouteIV {
				continue
			}
			ivSessions++
			rec, err := db.Reader().SessionRecord(ctx, cl.ID, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range rec.Alerts {
				if !a.Open() && a.Kind == session.AlertBPRise {
					ivAlerts++
				}
			}
		}
	}
	if signedSessions != 2 || addenda != 1 {
		t.Errorf("%d signed demo sessions with %d addenda, want 2 and 1", signedSessions, addenda)
	}
	if ivSessions != 1 || ivAlerts != 1 {
		t.Errorf("%d IV sessions with %d acknowledged BP alerts", ivSessions, ivAlerts)
	}
}
