package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/service/messaging"
	"onset/internal/store"
)

var threadLocation = regexp.MustCompile(`^/messages/(\d+)`)

// threadOf is the conversation a send redirected to.
func threadOf(t *testing.T, res *http.Response) string {
	t.Helper()
	m := threadLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("send: %d to %q\n%s", res.StatusCode, res.Header.Get("Location"), body(res))
	}
	return m[1]
}

// A patient writes from the portal; a refused message comes back with
// why and what was typed, and stores nothing; self-harm wording brings the
// crisis text to the top of the conversation at once and the alert to the
// clinician's home page; staff list, open, assign, mark read and answer;
// another patient's conversation is not found.
func TestMessagesPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	pat := f.signIn(clinic.RolePatient)
	nurse := f.signIn(clinic.RoleNurse)
	clin := f.signIn(clinic.RoleClinician)
	own := "/patients/" + strconv.FormatInt(f.patient, 10)

	// The portal: the to-do list first, then (further down) Messages.
	portal := pat.getBody(own, http.StatusOK)
	if todo, msgs := strings.Index(portal, `id="todo"`), strings.Index(portal, `id="messages"`); todo < 0 || msgs < todo ||
		!strings.Contains(portal, "Write to your care team") {
		t.Fatalf("the portal's sections: to-do at %d, messages at %d", todo, msgs)
	}

	// Refused: empty, too long, bad UTF-8, a NUL. Each comes back to the
	// portal's form with the reason and the subject typed; nothing is stored.
	for _, c := range []struct{ body, want string }{
		{"   ", "Write the message."},
		{strings.Repeat("a", messaging.MaxBody+1), "Keep the message to 4000 characters or fewer"},
		{"bad \xff bytes", "not valid text"},
		{"a NUL \x00 here", "invisible control"},
	} {
		res := pat.post(own+"/messages", url.Values{"subject": {"About Friday"}, "body": {c.body}, "back": {"portal"}})
		if loc := res.Header.Get("Location"); loc != own+"#write" {
			t.Fatalf("%.20q: refused to %q (%d)", c.body, loc, res.StatusCode)
		}
		page := pat.follow(res)
		if !strings.Contains(page, c.want) || !strings.Contains(page, `id="form-error"`) ||
			!strings.Contains(page, `name="subject" maxlength="200" value="About Friday"`) {
			t.Errorf("%.20q: the portal does not say %q or lost the subject", c.body, c.want)
		}
	}
	if b := pat.getBody(own+"/messages", http.StatusOK); !strings.Contains(b, `id="threads-none"`) {
		t.Fatal("a refused message was stored")
	}

	// A plain question: sent once, even if the form is sent twice.
	form := url.Values{"subject": {"About Friday"}, "body": {"Can I move my Friday visit?\nAfternoon is better."},
		"back": {"portal"}, "form_token": {strings.Repeat("ab", 16)}}
	res := pat.post(own+"/messages", form)
	plain := threadOf(t, res)
	page := pat.follow(res)
	if !strings.Contains(page, "Can I move my Friday visit?\nAfternoon is better.") || !strings.Contains(page, "Message sent.") ||
		strings.Contains(page, "crisis-now") || !strings.Contains(page, `id="crisis"`) {
		t.Errorf("the conversation after a plain message:\n%s", page)
	}
	if again := pat.post(own+"/messages", form); again.StatusCode != http.StatusSeeOther || threadLocation.MatchString(again.Header.Get("Location")) {
		t.Errorf("the same form sent twice: %d to %q", again.StatusCode, again.Header.Get("Location"))
	}

	// Self-harm wording: the crisis text first, with tap-to-call numbers.
	res = pat.post(own+"/messages", url.Values{"body": {"I keep thinking I want to end my life"}})
	crisis := threadOf(t, res)
	page = pat.follow(res)
	top, subject := strings.Index(page, `class="card crisis crisis-now" id="crisis"`), strings.Index(page, `id="thread-subject"`)
	if top < 0 || top > subject || !strings.Contains(page, `href="tel:988"`) || !strings.Contains(page, "your care team has been alerted") {
		t.Errorf("the crisis text is not at the top of the conversation (at %d, heading at %d):\n%s", top, subject, page)
	}
	if n := f.auditCount("alert.raise", f.patient); n != 1 {
		t.Errorf("%d alerts raised, want 1", n)
	}

	// The clinician's home page: the open alert, with the way to the message.
	home := clin.getBody("/", http.StatusOK)
	if !strings.Contains(home, `id="open-alerts"`) || !strings.Contains(home, `href="/messages/`+crisis+`">Read the message`) {
		t.Errorf("the clinician's open alerts:\n%s", home)
	}

	// Staff: both unread, in the menu and the list; the patient's page links them.
	list := nurse.getBody("/messages", http.StatusOK)
	if !strings.Contains(list, `<span class="count" aria-label="2 unread">2</span>`) || !strings.Contains(list, `id="thread-`+plain+`"`) ||
		!strings.Contains(list, `id="thread-`+crisis+`"`) || strings.Count(list, "thread-unread") != 2 {
		t.Errorf("the clinic's messages:\n%s", list)
	}
	if !strings.Contains(nurse.getBody(own, http.StatusOK), `id="patient-messages-link"`) {
		t.Error("the patient's page does not link their messages")
	}
	nurse.getBody("/messages?show=bogus", http.StatusBadRequest)
	conv := nurse.getBody("/messages/"+plain, http.StatusOK)
	if !strings.Contains(conv, "Mark read (1 unread)") || !strings.Contains(conv, `id="assign-user"`) ||
		!strings.Contains(conv, "Pat (patient)") {
		t.Errorf("the nurse's view of the conversation:\n%s", conv)
	}
	clinID := strconv.FormatInt(f.users[clinic.RoleClinician].ID, 10)
	if b := nurse.follow(nurse.post("/messages/"+plain+"/assign", url.Values{"user": {clinID}})); !strings.Contains(b, "Assigned to Test clinician.") ||
		!strings.Contains(b, `<strong id="thread-assignee">Test clinician</strong>`) {
		t.Errorf("after assigning:\n%s", b)
	}
	if b := nurse.follow(nurse.post("/messages/"+plain+"/assign", url.Values{"user": {strconv.FormatInt(f.users[clinic.RolePatient].ID, 10)}})); !strings.Contains(b, "Choose a member of staff") {
		t.Error("a conversation assigned to a patient account")
	}
	if mine := clin.getBody("/messages?show=mine", http.StatusOK); !strings.Contains(mine, `id="thread-`+plain+`"`) || strings.Contains(mine, `id="thread-`+crisis+`"`) {
		t.Errorf("the clinician's own:\n%s", mine)
	}
	if !strings.Contains(nurse.getBody("/messages?show=mine", http.StatusOK), `id="threads-none"`) {
		t.Error("the nurse has conversations of their own")
	}
	if b := nurse.follow(nurse.post("/messages/"+plain+"/read", nil)); !strings.Contains(b, "Marked read.") || !strings.Contains(b, `id="all-read"`) {
		t.Errorf("after marking read:\n%s", b)
	}
	if b := nurse.refused("/messages/"+plain+"/reply", url.Values{"body": {""}}); !strings.Contains(b, "Write the message.") {
		t.Errorf("an empty answer:\n%s", b)
	}
	if b := nurse.follow(nurse.post("/messages/"+plain+"/reply", url.Values{"body": {"Yes, Friday at 15:00."}})); !strings.Contains(b, "Message sent.") ||
		!strings.Contains(b, "Yes, Friday at 15:00.") {
		t.Errorf("after answering:\n%s", b)
	}

	// The patient reads the answer; the care team's words are marked read by them.
	if b := pat.getBody("/messages/"+plain, http.StatusOK); !strings.Contains(b, "Yes, Friday at 15:00.") || !strings.Contains(b, "(care team)") ||
		strings.Contains(b, `id="assign-user"`) || strings.Contains(b, "safety alert raised") {
		t.Errorf("the patient's view:\n%s", b)
	}
	if res := pat.get("/messages"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != own+"/messages" {
		t.Errorf("a patient's /messages: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}

	// Another patient's conversation: not found, to read or to write in.
	other, err := f.svc.StartThread(t.Context(), actorOf(f.users[clinic.RoleNurse]), messaging.NewThread{PatientID: f.other, Body: "For P-2 only"})
	if err != nil {
		t.Fatal(err)
	}
	theirs := "/messages/" + strconv.FormatInt(other.Thread.ID, 10)
	if res := pat.get(theirs); res.StatusCode != http.StatusNotFound || strings.Contains(body(res), "For P-2 only") {
		t.Errorf("another patient's conversation: %d", res.StatusCode)
	}
	if res := pat.post(theirs+"/reply", url.Values{"body": {"hello"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("writing in another patient's conversation: %d", res.StatusCode)
	}
	pat.getBody("/patients/"+strconv.FormatInt(f.other, 10)+"/messages", http.StatusForbidden)

	// Every read and write on the record.
	for action, least := range map[string]int{"message.send": 4, "message.read": 4, "message.list": 4, "message.assign": 1,
		"message.mark_read": 2} {
		if n := f.auditCount(action, 0); n < least {
			t.Errorf("%d %s audit rows, want at least %d", n, action, least)
		}
	}
}
