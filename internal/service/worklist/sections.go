package worklist

import (
	"context"
	"net/url"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/scales"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/session"
)

// The sections of the day-to-day care around the sessions: REMS forms
// due, questionnaires overdue, waitlist offers, stock near expiry and
// counts due. Each reads one bounded query (store/treatment/worklist.go).

// remsLookback is how far back unsigned REMS forms are listed: the 7-day
// window (§1.5, session.FormDueWithin) and as long again, so a form that
// went overdue stays in sight until it is signed (the REMS queue's reach).
const remsLookback = 2 * session.FormDueWithin

// remsItems: the Spravato REMS Patient Monitoring Form is due within 7
// days of each esketamine session (§1.5). A prescriber signs it, a nurse
// completes its answers; both see it.
func (s *Service) remsItems(ctx context.Context, q Queries, a service.Actor, now time.Time) ([]Item, error) {
	if !service.Allowed(a.Role, service.ActREMSSign) && !service.Allowed(a.Role, service.ActSessionChart) {
		return nil, nil
	}
	rows, err := q.UnsignedREMSForms(ctx, a.ClinicID, now.Add(-remsLookback), maxItems)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not read the REMS forms.")
	}
	verb := "complete"
	if service.Allowed(a.Role, service.ActREMSSign) {
		verb = "complete and sign"
	}
	var out []Item
	for _, r := range rows {
		due := r.At.Add(session.FormDueWithin)
		what := "REMS monitoring form due by " + due.In(now.Location()).Format("Mon 2 Jan") + ": " + verb + " it"
		if now.After(due) {
			what = "REMS monitoring form overdue (due " + due.In(now.Location()).Format("Mon 2 Jan") + "): " + verb + " it now"
		}
		out = append(out, Item{Urgency: UrgentSign, Kind: "REMS form", PatientID: r.PatientID, PatientName: r.PatientName,
			What: what, Since: due, Link: "/treatment/" + itoa(r.ID) + "/rems"})
	}
	return out, nil
}

// Questionnaires overdue: a link sent to a patient in an active course
// (dosed within activeCourse) and still unanswered a day later. Clinic
// default: the next-day questionnaire is read at 24 h ± 4 h (design.md
// §3's visit window), so a link unanswered after 24 h has missed its
// window and wants a reminder or a call. Links older than linkLookback are
// past following up.
const (
	linkOverdueAfter = 24 * time.Hour
	linkLookback     = 14 * 24 * time.Hour // clinic default
	// activeCourse: a dose within the last 28 days, the longest of the
	// fixed-time readouts (design.md §3) — clinic default.
	activeCourse = 28 * 24 * time.Hour
)

func (s *Service) overdueLinkItems(ctx context.Context, q Queries, a service.Actor, now time.Time) ([]Item, error) {
	if !service.Allowed(a.Role, service.ActLinkCreate) {
		return nil, nil
	}
	rows, err := q.OverdueLinks(ctx, a.ClinicID, now.Add(-linkLookback), now.Add(-linkOverdueAfter), now.Add(-activeCourse), maxItems)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not read the questionnaire links.")
	}
	var out []Item
	for _, r := range rows {
		name := r.What
		if in, ok := scales.Lookup(r.What); ok {
			name = in.Name
		}
		out = append(out, Item{Urgency: UrgentFollowUp, Kind: "questionnaire overdue", PatientID: r.PatientID, PatientName: r.PatientName,
			What:  name + " sent " + r.At.In(now.Location()).Format("Mon 2 Jan") + " and not answered: remind the patient or send a new link",
			Since: r.At, Link: "/patients/" + itoa(r.PatientID) + "#questionnaires"})
	}
	return out, nil
}

// Waitlist offers: a waiting patient for whom the calendar has a free
// slot in the next offerAhead that fits their dates, days and times.
const (
	offerAhead     = 7 * 24 * time.Hour // clinic default: a week's notice is what a waitlist offer is for
	maxOfferChecks = 50                 // entries searched per list, oldest first
)

func (s *Service) offerItems(ctx context.Context, q Queries, a service.Actor, now time.Time) ([]Item, error) {
	if !service.Allowed(a.Role, service.ActWaitlistManage) || !service.Allowed(a.Role, service.ActAppointmentBook) {
		return nil, nil
	}
	wl, err := q.Waitlist(ctx, a.ClinicID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not read the waitlist.")
	}
	if len(wl) == 0 {
		return nil, nil
	}
	setup, err := service.LoadCalendarSetup(ctx, q, a.ClinicID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not read the calendar.")
	}
	appts, err := q.Appointments(ctx, a.ClinicID, now.Add(-24*time.Hour), now.Add(offerAhead+24*time.Hour))
	if err != nil {
		return nil, clinic.Wrap(err, "Could not read the calendar.")
	}
	cal, err := setup.Calendar(appts)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not build the calendar.")
	}
	var out []Item
	for i, w := range wl {
		if i == maxOfferChecks {
			break
		}
		from, to := now, now.Add(offerAhead)
		if w.Earliest.After(from) {
			from = w.Earliest
		}
		if !w.Latest.IsZero() && w.Latest.Before(to) {
			to = w.Latest
		}
		if !from.Before(to) {
			continue
		}
		e := w.Schedule()
		slots, err := cal.Slots(schedule.Request{Kind: e.Kind, PatientID: e.PatientID, From: from, To: to, ProviderID: e.ProviderID,
			Days: e.Days, After: e.After, Before: e.Before}, 1)
		if err != nil || len(slots) == 0 {
			continue // a kind the calendar no longer has, or nothing free: nothing to offer
		}
		sl := slots[0]
		local := sl.Start.In(setup.Loc)
		v := url.Values{"date": {local.Format(time.DateOnly)}, "time": {local.Format("15:04")},
			"patient_id": {itoa(w.PatientID)}, "kind": {string(w.Kind)}, "waitlist": {itoa(w.ID)},
			"patient": {w.PatientName}}
		if sl.ResourceID != 0 {
			v.Set("resource", itoa(sl.ResourceID))
		} else {
			v.Set("provider", itoa(sl.ProviderID))
		}
		out = append(out, Item{Urgency: UrgentOffer, Kind: "waitlist offer", PatientID: w.PatientID, PatientName: w.PatientName,
			What:  "Waiting since " + w.AddedAt.In(setup.Loc).Format("2 Jan") + " for a " + string(w.Kind) + ": offer " + local.Format("Mon 2 Jan 15:04"),
			Since: w.AddedAt, Link: "/calendar/book?" + v.Encode()})
	}
	return out, nil
}

// Stock: lots on hand that expire within expirySoon (or have expired and
// wait to be returned or destroyed), and containers on hand not counted
// within countEvery.
const (
	// expirySoon: clinic default, a month to use a lot or arrange its return.
	expirySoon = 30 * 24 * time.Hour
	// countEvery: the clinic has no count schedule of its own, so a weekly
	// count of each container on hand (clinic default). The law's floor is
	// the biennial inventory (21 CFR 1304.11, §5.4, ledger.InventoryDue);
	// a count a week finds a loss long before that, inside the one business
	// day the DEA allows for reporting it (21 CFR 1301.76(b), §5.4).
	countEvery = 7 * 24 * time.Hour
	// stockLookback: expired lots are still listed (to be destroyed or
	// returned) this long after expiry; older ones are left to the ledger.
	stockLookback = 90 * 24 * time.Hour
)

func (s *Service) stockItems(ctx context.Context, q Queries, a service.Actor, now time.Time) ([]Item, error) {
	if !service.Allowed(a.Role, service.ActLedgerRecord) {
		return nil, nil
	}
	es, err := q.LiveLedgerEntries(ctx, a.ClinicID, now.Add(-stockLookback))
	if err != nil {
		return nil, clinic.Wrap(err, "Could not read the ledger.")
	}
	if len(es) == 0 {
		return nil, nil
	}
	l, err := ledger.Replay(es)
	if err != nil {
		return nil, clinic.Wrap(err, "The stored ledger does not replay; it needs investigation.")
	}
	counted := map[int64]time.Time{}
	for _, e := range l.Entries() {
		if (e.Kind == ledger.Count || e.Kind == ledger.Receive) && l.Effective(e.ID) && e.At.After(counted[e.ContainerID]) {
			counted[e.ContainerID] = e.At
		}
	}
	var out []Item
	for _, c := range l.Containers() {
		if c.Balance <= 0 {
			continue // nothing on hand: nothing to count or to use up
		}
		lot := string(c.Drug) + " lot " + c.Lot
		switch {
		case c.Expired(now):
			out = append(out, Item{Urgency: UrgentStock, Kind: "lot expired", What: lot + " expired " + c.LastDay() +
				" with stock on hand: return it or destroy it with two witnesses", Since: c.Expires, Link: "/ledger#container-" + itoa(c.ID)})
		case c.Expires.Sub(now) <= expirySoon:
			out = append(out, Item{Urgency: UrgentStock, Kind: "lot near expiry", What: lot + " expires after " + c.LastDay() +
				": use it first or arrange its return", Since: c.Expires.Add(-expirySoon), Link: "/ledger#container-" + itoa(c.ID)})
		}
		if last := counted[c.ID]; now.Sub(last) >= countEvery {
			out = append(out, Item{Urgency: UrgentStock, Kind: "count due", What: lot + " (container " + itoa(c.ID) +
				") last counted or received " + last.In(now.Location()).Format("Mon 2 Jan") + ": count it", Since: last.Add(countEvery),
				Link: "/ledger?count=" + itoa(c.ID) + "#count-form"})
		}
	}
	return out, nil
}
