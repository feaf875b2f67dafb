package app_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/booking"
	"onset/internal/store/storetest"
)

// A therapist is a provider of therapy sessions only; an integration
// session by video holds the therapist and the patient but no room (Room A
// stays free for a consultation at the same time), shows as "Video" with
// its join link, and moves as a video visit. An infusion by video, a join
// link without video and a plain-http link are refused.
func TestBookingTherapyByVideo(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newBookingEnv(t, engine)
			sys := service.System(e.clinicID)
			th := e.therapist(t, "Tess Ther")
			if _, err := e.svc.AddProvider(ctx, sys, record.BookingProvider{UserID: th.UserID,
				Kinds: []schedule.Kind{schedule.Infusion}}); clinic.ErrorCode(err) != clinic.Invalid {
				t.Errorf("a therapist giving infusions: %v", err)
			}
			tp, err := e.svc.AddProvider(ctx, sys, record.BookingProvider{UserID: th.UserID})
			if err != nil || len(tp.Kinds) != 2 {
				t.Fatalf("the therapist as a provider: %+v %v", tp, err)
			}
			at := berlin(t, "2026-06-02 10:00")
			ap, err := e.svc.BookAppointment(ctx, e.nurse, booking.BookingInput{PatientID: e.patient, Kind: schedule.TherapyIntegration,
				Start: at, ProviderID: tp.ID, Video: true, JoinLink: "https://meet.example.org/tess-integration"})
			if err != nil {
				t.Fatal(err)
			}
			if !ap.Video || ap.ResourceID != 0 || ap.ResourceName != "Video" || ap.ProviderName != "Tess Ther" ||
				ap.JoinLink != "https://meet.example.org/tess-integration" {
				t.Errorf("the video visit %+v", ap)
			}
			// Room A is free at that time; the therapist is not.
			if _, err := e.svc.BookAppointment(ctx, e.nurse, booking.BookingInput{PatientID: e.other, Kind: schedule.Consultation,
				Start: at, ResourceID: e.room, ProviderID: e.drA}); err != nil {
				t.Errorf("Room A during a video visit: %v", err)
			}
			if _, err := e.svc.BookAppointment(ctx, e.nurse, booking.BookingInput{PatientID: e.other, Kind: schedule.TherapyPreparation,
				Start: at, ProviderID: tp.ID, Video: true}); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("the therapist twice at once: %v", err)
			}
			for _, bad := range []booking.BookingInput{
				{PatientID: e.other, Kind: schedule.Infusion, Start: at, Video: true},
				{PatientID: e.other, Kind: schedule.TherapyPreparation, Start: at, ResourceID: e.room, JoinLink: "https://x.example"},
				{PatientID: e.other, Kind: schedule.TherapyPreparation, Start: at, Video: true, JoinLink: "http://meet.example.org/x"},
			} {
				if _, err := e.svc.BookAppointment(ctx, e.nurse, bad); clinic.ErrorCode(err) != clinic.Invalid {
					t.Errorf("%+v: %v, want invalid", bad, err)
				}
			}
			moved, err := e.svc.MoveAppointment(ctx, e.nurse, ap.ID, at.Add(2*time.Hour), 0)
			if err != nil || !moved.Video || moved.ResourceID != 0 || moved.JoinLink != ap.JoinLink {
				t.Errorf("moved %+v %v", moved, err)
			}
		})
	}
}
