package demo_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/record"
	"onset/internal/session"
	"onset/internal/store/storetest"
)

// Every demo session went through the room's use cases: checked in
// against a signed plan, dosed, discharged once the discharge rules
// passed (checked again here at the moment of discharge), signed by a
// clinician (but for today's and the REMS form left to do); esketamine
// patients are REMS-enrolled. One IV session had a blood pressure alert,
// acknowledged, and an addendum; one esketamine form is incomplete and the
// others signed. Every dose is drawn from the ledger, which reconciles.
func TestRunSessions(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			d := runDemo(t, engine, 1, 60)
			ctx := t.Context()
			rules := record.DefaultSessionRules()
			page, err := d.svc.ListPatients(ctx, d.sys, "", 1)
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[clinic.Route]int{}
			var acked, addenda, unsigned int
			doses := map[int64]bool{}
			for id := int64(1); id <= int64(page.Total); id++ {
				ss, err := d.db.Reader().PatientTreatmentSessions(ctx, d.res.ClinicID, id)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range ss {
					kinds[s.Route]++
					rec, err := d.db.Reader().SessionRecord(ctx, d.res.ClinicID, s.ID)
					if err != nil {
						t.Fatal(err)
					}
					if s.Status != record.SessionDischarged || rec.Dose == nil || len(rec.Vitals) < 3 {
						t.Errorf("session %d: %s, %d vital signs", s.ID, s.Status, len(rec.Vitals))
						continue
					}
					doses[rec.Dose.AdministrationID] = true
					// The record as it stood at discharge: an alert acknowledged
					// later was open then.
					before := rec
					before.Alerts = nil
					for _, a := range rec.Alerts {
						if !a.Open() {
							acked++
						}
						if a.AckAt.After(s.DischargedAt) {
							a.AckAt = time.Time{}
						}
						before.Alerts = append(before.Alerts, a)
					}
					if unmet := record.DischargeBlockers(before, s.DischargedAt, rules); len(unmet) > 0 {
						t.Errorf("session %d was discharged with %v", s.ID, unmet)
					}
					if !s.Signed() {
						unsigned++
					}
					ad, err := d.db.Reader().SessionAddenda(ctx, d.res.ClinicID, s.ID)
					if err != nil {
						t.Fatal(err)
					}
					addenda += len(ad)
					if s.Drug == record.DrugEsketamine {
						if ok, err := d.svc.REMSEnrolled(ctx, d.sys, id); err != nil || !ok {
							t.Errorf("esketamine session %d of a patient not enrolled (%v)", s.ID, err)
						}
					}
				}
			}
			t.Logf("sessions by route %v, %d unsigned", kinds, unsigned)
			if kinds[clinic.RouteIV] < 5 || kinds[clinic.RouteEsketamine] < 2 || acked != 1 || addenda != 1 || unsigned == 0 {
				t.Errorf("sessions %v, %d acknowledged alerts, %d addenda, %d unsigned", kinds, acked, addenda, unsigned)
			}
			q, err := d.svc.REMSQueue(ctx, d.sys)
			if err != nil {
				t.Fatal(err)
			}
			forms := map[session.FormStatus]int{}
			for _, r := range q {
				forms[r.Status]++
			}
			if forms[session.FormSigned] == 0 || forms[session.FormIncomplete] != 1 {
				t.Errorf("REMS forms %v", forms)
			}
			v, err := d.svc.Ledger(ctx, d.nurse)
			if err != nil {
				t.Fatal(err)
			}
			entries := map[ledger.Kind]int{}
			for _, e := range v.Entries {
				entries[e.Kind]++
				if e.Kind == ledger.Draw && !doses[e.AdministrationID] {
					t.Errorf("draw %d is for no session dose", e.ID)
				}
			}
			if len(v.Discrepancies) != 0 || entries[ledger.Draw] != len(doses) || entries[ledger.Receive] != len(v.Containers) ||
				entries[ledger.Count] == 0 || entries[ledger.Waste] == 0 {
				t.Errorf("ledger: %d containers, entries %v, %d doses, discrepancies %v", len(v.Containers), entries, len(doses), v.Discrepancies)
			}
		})
	}
}
