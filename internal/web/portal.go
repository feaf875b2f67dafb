package web

import (
	"net/http"
	"onset/internal/web/page"
	"strings"

	"onset/internal/record"
	"onset/internal/service/accounts"
	"onset/internal/service/messaging"
)

// The patient's own page: what they have to do first (questionnaires due),
// then their next visit and what to bring, their messages with the care
// team, how they are doing, how the clinic reaches them, and where to get
// help now. Staff see the clinical
// record (patient.html); a patient does not get the staff view reused.

// portalChoices are how a patient may ask to be reached, in their words.
var portalChoices = []struct{ Value, Label string }{
	{record.ContactEmail, "Email"},
	{record.ContactSMS, "Text messages"},
	{record.ContactBoth, "Email and text messages"},
	{record.ContactNone, "No messages (I will check the portal)"},
}

// portalVisit is the next visit as the portal shows it.
type portalVisit struct {
	When, Visit, Where string
	Instructions       []string
	Video              bool   // by video: no need to come in
	JoinLink           string // the video visit's link or how to join
	JoinURL            bool   // JoinLink is an https link
}

func (s *Server) portalPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal, rec record.PatientRecord, data map[string]any) error {
	ctx := r.Context()
	pd := s.TakePending(r, p) // a refused message comes back here, refilled
	in, err := s.Svc.PatientThreads(ctx, p.Actor, rec.Patient.ID)
	if err != nil {
		return err
	}
	data["Threads"], data["MessageForm"], data["MessageMax"] = in.Threads, page.Refill(pd, "messages"), messaging.MaxBody
	if pd.FormFor == "messages" {
		data["MessageError"] = pd.Error
	}
	pb, err := s.Svc.PatientBookingPage(ctx, p.Actor, rec.Patient.ID)
	if err != nil {
		return err
	}
	for _, a := range pb.Appointments {
		if a.Status == record.AppointmentBooked && a.Start.After(pb.Now) {
			data["Next"] = portalVisit{When: a.Start.In(pb.Location).Format("Monday 2 January 2006 at 15:04 MST"),
				Visit: page.KindName(a.Kind), Where: a.ResourceName, Instructions: pb.Settings.VisitInstructions(a.Kind),
				Video: a.Video, JoinLink: a.JoinLink, JoinURL: strings.HasPrefix(a.JoinLink, "https://")}
			break
		}
	}
	pref, optedOut, err := s.Svc.OwnContact(ctx, p.Actor, rec.Patient.ID)
	if err != nil {
		return err
	}
	data["Preference"], data["OptedOut"], data["Choices"] = pref, optedOut, portalChoices
	data["ClinicName"], data["Crisis"] = pb.Settings.Name, s.CrisisText(r, p.ClinicID)
	s.Render(w, r, http.StatusOK, "portal", page.Page{Title: "Your page", Principal: p, Data: data,
		Flash: pd.Notice, Warning: pd.Warning, Error: pd.Error})
	return nil
}
