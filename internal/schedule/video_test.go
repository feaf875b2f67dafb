package schedule

import (
	"testing"
	"time"

	"onset/internal/clinic"
)

// A video visit holds its provider and the patient, never a chair or
// room: with Room A taken, an integration session by video still books,
// and the provider is then busy for it. A kind that is not held by video
// (an infusion) is refused.
func TestVideoVisits(t *testing.T) {
	t.Parallel()
	at := ny(t, time.October, 6, 10, 0) // a Tuesday
	c := fixture(t, Booking{ID: 1, PatientID: 7, Slot: slot(t, fixture(t), Consultation, at, 10, 100)})
	// The room is busy and Dr Carl is too: nothing in person, nothing by video with him.
	if _, err := c.Slots(Request{Kind: TherapyIntegration, From: at, To: at.Add(time.Minute)}, 1); err != nil {
		t.Fatal(err)
	}
	video, err := c.SlotAt(TherapyIntegration, at.Add(time.Hour), 0, 100)
	if err != nil || !video.Video || video.ResourceID != 0 {
		t.Fatalf("video slot %+v %v", video, err)
	}
	if err := c.Book(Booking{ID: 2, PatientID: 8, Slot: video}); err != nil {
		t.Fatalf("a video visit refused: %v", err)
	}
	// No chair or room holds it: Chair 1 (the first resource) is free then.
	if err := c.Check(slot(t, c, Injection, at.Add(time.Hour), 1, 101), 9); err != nil {
		t.Errorf("Chair 1 during the video visit: %v", err)
	}
	// The room is free at 11:00, Dr Carl is not.
	inPerson := slot(t, c, Consultation, at.Add(time.Hour), 10, 100)
	wantErr(t, c.Check(inPerson, 9), clinic.Conflict, "Dr Carl is already booked")
	// A search by video finds the provider's next free time and no room.
	got, err := c.Slots(Request{Kind: TherapyPreparation, PatientID: 9, From: at.Add(time.Hour), To: at.Add(4 * time.Hour), Video: true}, 1)
	if err != nil || len(got) != 1 || !got[0].Video || got[0].ResourceID != 0 || !got[0].Start.Equal(at.Add(2*time.Hour)) {
		t.Fatalf("video search %+v %v", got, err)
	}
	if _, err := c.Slots(Request{Kind: Infusion, From: at, To: at.Add(time.Hour), Video: true}, 1); err == nil {
		t.Error("an infusion by video was offered")
	}
	bad := slot(t, c, Infusion, at.Add(3*time.Hour), 1, 100)
	bad.ResourceID, bad.Video = 0, true
	wantErr(t, c.Check(bad, 9), clinic.Invalid, "not held by video")
	// Cancelling the video visit frees the provider.
	if _, err := c.Cancel(2); err != nil {
		t.Fatal(err)
	}
	if err := c.Check(inPerson, 9); err != nil {
		t.Errorf("after the cancellation: %v", err)
	}
	if !IsTherapy(TherapyIntegration) || IsTherapy(Consultation) || !VideoAllowed(TherapyPreparation) || VideoAllowed(Esketamine) {
		t.Error("IsTherapy or VideoAllowed disagree with the default types")
	}
}
