package app_test

import (
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/measurement"
	"onset/internal/service/outreach"
	"onset/internal/store/storetest"
)

// A clinic's settings sign its messages and set their clock, and its
// quiet hours hold messages until they end — by the clinic's wall clock,
// across a change to daylight saving time.
func TestClinicSettingsSignAndQuietMessages(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newMEnv(t, engine)
			ctx := t.Context()
			admin := service.Actor{ClinicID: e.clinic, Role: clinic.RoleAdmin, Name: "Admin"}
			if _, err := e.svc.SaveClinicSettings(ctx, e.nurse, record.ClinicSettings{Name: "X", Timezone: "UTC"}); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Fatalf("a nurse saved the clinic's settings: %v", err)
			}
			if _, err := e.svc.SaveClinicSettings(ctx, admin, record.ClinicSettings{Name: "Lakeside Clinic", Timezone: "America/Los_Angeles",
				SenderName: "Lakeside Care Team", ReplyTo: "desk@lakeside.example", QuietFrom: "21:00", QuietUntil: "08:00"}); err != nil {
				t.Fatal(err)
			}
			// Saturday 7 March 2026, 22:00 PST: quiet. The night ends at 08:00 PDT
			// on Sunday, after the clocks go forward: 15:00 UTC, 9 hours later.
			e.clock.Set(time.Date(2026, 3, 8, 6, 0, 0, 0, time.UTC))
			if _, err := e.svc.CreateLink(ctx, e.nurse, measurement.NewLink{PatientID: e.patient, Instrument: "phq9"}); err != nil {
				t.Fatal(err)
			}
			rec := &recorder{}
			run := func() outreach.OutboxReport {
				rep, err := e.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "https://clinic.example", Sender: rec})
				if err != nil {
					t.Fatal(err)
				}
				return rep
			}
			if rep := run(); rep.Deferred != 1 || rep.Sent != 0 {
				t.Fatalf("in quiet hours: %+v", rep)
			}
			e.clock.Set(time.Date(2026, 3, 8, 14, 59, 0, 0, time.UTC)) // 07:59 PDT
			if rep := run(); rep.Sent != 0 {
				t.Fatalf("before the quiet hours end: %+v", rep)
			}
			e.clock.Set(time.Date(2026, 3, 8, 15, 0, 0, 0, time.UTC)) // 08:00 PDT
			if rep := run(); rep.Sent != 1 {
				t.Fatalf("when the quiet hours end: %+v", rep)
			}
			m := rec.msgs[0]
			if m.ClinicName != "Lakeside Care Team" || m.ReplyTo != "desk@lakeside.example" ||
				!strings.Contains(m.Subject, "Lakeside Clinic") || !strings.Contains(m.Body, "PDT") {
				t.Errorf("message: %+v", m)
			}
			st, err := e.svc.ClinicSettings(ctx, admin)
			if err != nil || st.Name != "Lakeside Clinic" || st.SavedByName != "Admin" || st.CrisisText == "" {
				t.Errorf("settings in force: %+v %v", st, err)
			}
		})
	}
}
