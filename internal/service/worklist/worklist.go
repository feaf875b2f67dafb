package worklist

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Urgency orders the worklist: lower first.
const (
	UrgentSafety   = 0 // a patient may be at risk
	UrgentSign     = 1 // a record waits for its signature
	UrgentDraft    = 2 // the actor's own unfinished notes
	UrgentDelivery = 3 // a patient did not get a message
	UrgentFollowUp = 4 // a patient in a course has not answered a questionnaire
	UrgentOffer    = 5 // a waiting patient could take a free slot
	UrgentStock    = 6 // controlled-substance stock to use, return or count
)

// Item is one thing to do.
type Item struct {
	Urgency int
	// Kind: "safety alert", "sign session", "REMS form", "sign plan", "review screening",
	// "draft note", "failed message", "questionnaire overdue", "waitlist offer",
	// "lot near expiry", "lot expired", "count due".
	Kind        string
	PatientID   int64
	PatientName string
	What        string
	Since       time.Time
	Link        string
	More        bool // stands for the items of its kind beyond perKind
}

// signWindow is how far back unsigned sessions are listed.
const signWindow = 30 * 24 * time.Hour

// maxItems bounds each section's read; perKind how many of one kind the
// list shows (the rest are one "more" item leading to where they all are),
// so that fifty unsigned sessions do not push the stock out of sight.
const (
	maxItems = 200
	perKind  = 25
)

// moreLinks is where all items of a kind are, for the "more" item.
var moreLinks = map[string]string{
	"REMS form": "/rems", "failed message": "/outbox", "waitlist offer": "/calendar", "lot near expiry": "/ledger",
	"lot expired": "/ledger", "count due": "/ledger",
}

// WorkItems gathers the actor's items, most urgent first, then oldest
// first. Each section is there only for a role that may act on it. The
// read is audited once.
func (s *Service) WorkItems(ctx context.Context, a service.Actor) ([]Item, error) {
	return s.WorkItemsOfKind(ctx, a, "")
}

// WorkItemsOfKind is WorkItems narrowed to one kind, every item of it
// (the "more" item's page); "" is the whole list.
func (s *Service) WorkItemsOfKind(ctx context.Context, a service.Actor, kind string) ([]Item, error) {
	if err := service.Authorize(a, service.ActWorklist); err != nil {
		return nil, err
	}
	out, total, err := s.gather(ctx, a, kind)
	if err != nil {
		return nil, err
	}
	if kind == "" {
		s.counts.put(a, total, s.Now())
	}
	e := s.Entry(a, service.ActWorklist, 0)
	e.RecordType = "worklist"
	return out, s.AuditRead(ctx, e)
}

// gather reads every section the actor's role may act on: the items shown
// (at most perKind of a kind, then one "more") and how many there are.
func (s *Service) gather(ctx context.Context, a service.Actor, kind string) ([]Item, int, error) {
	q := s.store.Read()
	_, loc, err := service.ClinicSettingsIn(ctx, q, a.ClinicID)
	if err != nil {
		return nil, 0, clinic.Wrap(err, "Could not read the clinic's settings.")
	}
	now := s.Now().In(loc) // the sections write dates in the clinic's zone
	var out []Item
	if service.Allowed(a.Role, service.ActAlertAck) {
		als, err := q.OpenSafetyAlerts(ctx, a.ClinicID, maxItems)
		if err != nil {
			return nil, 0, clinic.Wrap(err, "Could not read the safety alerts.")
		}
		for _, al := range als {
			link := "/patients/" + itoa(al.PatientID) + "#alert-" + itoa(al.ID)
			if al.ThreadID != 0 {
				link = "/messages/" + itoa(al.ThreadID) // a message's alert: the message itself, to answer
			}
			out = append(out, Item{Urgency: UrgentSafety, Kind: "safety alert", PatientID: al.PatientID, PatientName: al.PatientName,
				What: al.Detail, Since: al.CreatedAt, Link: link})
		}
	}
	if service.Allowed(a.Role, service.ActSessionSign) {
		ss, err := q.UnsignedSessions(ctx, a.ClinicID, now.Add(-signWindow), maxItems)
		if err != nil {
			return nil, 0, clinic.Wrap(err, "Could not read the sessions.")
		}
		for _, ts := range ss {
			out = append(out, Item{Urgency: UrgentSign, Kind: "sign session", PatientID: ts.PatientID, PatientName: ts.PatientName,
				What: "Discharged by " + ts.What + ": review and sign", Since: ts.At, Link: "/treatment/" + itoa(ts.ID)})
		}
	}
	if service.Allowed(a.Role, service.ActPlanSign) {
		ps, err := q.DraftPlans(ctx, a.ClinicID, maxItems)
		if err != nil {
			return nil, 0, clinic.Wrap(err, "Could not read the plans.")
		}
		for _, p := range ps {
			out = append(out, Item{Urgency: UrgentSign, Kind: "sign plan", PatientID: p.PatientID,
				What:  "Plan version " + strconv.Itoa(p.Version) + " drafted by " + p.CreatedByName + ": review and sign",
				Since: p.CreatedAt, Link: "/patients/" + itoa(p.PatientID) + "/plans/" + itoa(p.ID)})
		}
	}
	if service.Allowed(a.Role, service.ActScreeningOverride) {
		ins, err := q.IntakesAwaitingOverride(ctx, a.ClinicID, maxItems)
		if err != nil {
			return nil, 0, clinic.Wrap(err, "Could not read the intakes.")
		}
		for _, in := range ins {
			out = append(out, Item{Urgency: UrgentSign, Kind: "review screening", PatientID: in.PatientID,
				What: "The screen excluded treatment: review, or override with a reason", Since: in.RecordedAt,
				Link: "/patients/" + itoa(in.PatientID) + "/intake"})
		}
	}
	if service.Allowed(a.Role, service.ActNoteWrite) {
		ns, err := q.DraftNotesBy(ctx, a.ClinicID, a.UserID)
		if err != nil {
			return nil, 0, clinic.Wrap(err, "Could not read your notes.")
		}
		for _, n := range ns {
			if service.AuthorizePatient(a, service.ActNoteWrite, n.PatientID) != nil {
				continue // a therapist's patient since taken off their caseload
			}
			what := "Finish and sign your " + n.Kind + " note"
			out = append(out, Item{Urgency: UrgentDraft, Kind: "draft note", PatientID: n.PatientID, What: what, Since: n.CreatedAt,
				Link: "/notes/" + itoa(n.ID)})
		}
	}
	if service.Allowed(a.Role, service.ActOutboxRetry) {
		ms, err := q.OutboxMessages(ctx, a.ClinicID, maxItems)
		if err != nil {
			return nil, 0, clinic.Wrap(err, "Could not read the outbox.")
		}
		for _, m := range ms {
			if m.Status != record.OutboxFailed {
				continue
			}
			out = append(out, Item{Urgency: UrgentDelivery, Kind: "failed message", PatientID: m.PatientID,
				What: "Not delivered: " + m.LastError, Since: m.CreatedAt, Link: "/outbox"})
		}
	}
	for _, section := range []func(context.Context, Queries, service.Actor, time.Time) ([]Item, error){
		s.remsItems, s.overdueLinkItems, s.offerItems, s.stockItems,
	} {
		items, err := section(ctx, q, a, now)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, items...)
	}
	slices.SortStableFunc(out, func(x, y Item) int {
		if x.Urgency != y.Urgency {
			return x.Urgency - y.Urgency
		}
		return x.Since.Compare(y.Since)
	})
	total := len(out)
	shown, seen := out[:0:0], map[string]int{}
	for _, it := range out {
		seen[it.Kind]++
		switch n := seen[it.Kind]; {
		case kind != "" && it.Kind != kind:
		case kind != "" || n <= perKind || it.Urgency == UrgentSafety:
			shown = append(shown, it)
		case n == perKind+1:
			link := moreLinks[it.Kind]
			if link == "" {
				link = "/worklist?kind=" + url.QueryEscape(it.Kind)
			}
			shown = append(shown, Item{Urgency: it.Urgency, Kind: it.Kind, More: true, Since: it.Since, Link: link})
		}
	}
	for i := range shown {
		if shown[i].More {
			shown[i].What = strconv.Itoa(seen[shown[i].Kind]-perKind) + " more"
		}
	}
	if err := s.names(ctx, q, a.ClinicID, shown); err != nil {
		return nil, 0, err
	}
	return shown, total, nil
}

// names fills the patient names the lists did not carry, once per patient.
func (s *Service) names(ctx context.Context, q Queries, clinicID int64, items []Item) error {
	known := map[int64]string{}
	for i := range items {
		it := &items[i]
		if it.PatientName != "" || it.PatientID == 0 {
			continue
		}
		if n, ok := known[it.PatientID]; ok {
			it.PatientName = n
			continue
		}
		p, err := q.Patient(ctx, clinicID, it.PatientID)
		if err != nil {
			return clinic.Wrap(err, "Could not read a patient.")
		}
		it.PatientName, known[it.PatientID] = p.Name(), p.Name()
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
