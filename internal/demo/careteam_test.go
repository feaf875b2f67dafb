package demo_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"onset/internal/clinic"
	"onset/internal/demo"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/outreach"
	"onset/internal/store"
)

// The demo's last day: the clinician's worklist has something in every
// section a clinician acts on and the administrator's the stock; the
// calendar has the therapist's sessions, one by video; a consultation
// note is signed; the clinic has its own note template.
func TestDemoCareTeamDay(t *testing.T) {
	t.Parallel()
	d := runDemo(t, store.SQLite, 1, 60)
	ctx := t.Context()
	users, err := d.svc.Users(ctx, d.sys)
	if err != nil {
		t.Fatal(err)
	}
	actor := func(role clinic.Role) service.Actor {
		for _, u := range users {
			if u.Role == role {
				return service.Actor{UserID: u.ID, ClinicID: u.ClinicID, Role: u.Role, Name: u.Name}
			}
		}
		t.Fatalf("no %s", role)
		return service.Actor{}
	}
	kinds := func(a service.Actor) []string {
		items, err := d.svc.WorkItems(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range items {
			if !slices.Contains(out, it.Kind) {
				out = append(out, it.Kind)
			}
		}
		return out
	}
	got := kinds(actor(clinic.RoleClinician))
	for _, want := range []string{"safety alert", "REMS form", "review screening", "draft note", "questionnaire overdue",
		"waitlist offer", "lot near expiry", "count due"} {
		if !slices.Contains(got, want) {
			t.Errorf("the clinician's worklist has no %q: %q", want, got)
		}
	}
	// Served, the demo's mail server refuses the address with a typo.
	if _, err := d.svc.RunOutbox(ctx, outreach.OutboxOptions{Sender: bouncer{}}); err != nil {
		t.Fatal(err)
	}
	if got := kinds(actor(clinic.RoleAdmin)); !slices.Contains(got, "lot near expiry") || !slices.Contains(got, "safety alert") ||
		!slices.Contains(got, "failed message") {
		t.Errorf("the administrator's worklist: %q", got)
	}
	cal, err := d.svc.Calendar(ctx, d.sys, runNow, runNow.AddDate(0, 0, 10))
	if err != nil {
		t.Fatal(err)
	}
	therapy, video := 0, 0
	for _, a := range cal.Appointments {
		if schedule.IsTherapy(a.Kind) {
			therapy++
			if a.Video && a.JoinLink != "" {
				video++
			}
		}
	}
	if therapy < 2 || video < 1 {
		t.Errorf("%d therapy sessions on the calendar, %d by video", therapy, video)
	}
	ts, err := d.svc.NoteTemplates(ctx, actor(clinic.RoleClinician))
	if err != nil || !slices.ContainsFunc(ts, func(x record.NoteTemplate) bool { return x.Name == "Infusion day" && x.ID != 0 }) {
		t.Errorf("the clinic's templates: %+v %v", ts, err)
	}
}

// bouncer delivers everything but what the demo's mail server refuses.
type bouncer struct{}

func (bouncer) Send(_ context.Context, m outreach.Message) error {
	if demo.Bounces(m.Recipient) {
		return outreach.Permanent(errors.New("550 No such user here"))
	}
	return nil
}
