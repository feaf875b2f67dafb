package page

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"onset/internal/clinic"
	"onset/internal/service/accounts"
)

// Every form follows post/redirect/get: a POST answers with a redirect,
// never with a page, so reloading or refreshing what the browser shows
// can never send the form again. What the next page has to say — "Dose
// recorded.", or the refusal and the typed values to refill — waits here,
// on the server, for the browser session that sent the form and the page
// it was sent back to. No text in a URL can put words on a page.
//
// The board lives in this process: a notice is shown by the next request
// of the same sign-in, normally milliseconds later, and forgotten after
// noticeTTL. Behind a load balancer, route a sign-in to one process.

const (
	noticeTTL = 2 * time.Minute
	// maxNotices bounds the board's memory; past it the oldest waiting
	// notices are the ones dropped (a notice is a courtesy, never a record).
	maxNotices = 10000
)

// Pending is what the next page of a sign-in shows.
type Pending struct {
	Notice  string     // a confirmation
	Warning string     // done, but needs attention (an alert was raised)
	Error   string     // why a form was refused
	Form    url.Values // the refused form, to refill it (secrets removed)
	FormFor string     // which form that was, by the last path segment of its action: "vitals", "dose"
	expires time.Time
}

type noticeKey struct{ session, path string }

type noticeBoard struct {
	mu  sync.Mutex
	now func() time.Time
	m   map[noticeKey]Pending
}

func newNoticeBoard(now func() time.Time) *noticeBoard {
	return &noticeBoard{now: now, m: map[noticeKey]Pending{}}
}

func (b *noticeBoard) put(session, path string, p Pending) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	p.expires = now.Add(noticeTTL)
	if len(b.m) >= maxNotices {
		for k, v := range b.m {
			if now.After(v.expires) || len(b.m) >= maxNotices {
				delete(b.m, k)
			}
		}
	}
	b.m[noticeKey{session, path}] = p
}

func (b *noticeBoard) take(session, path string) (Pending, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := noticeKey{session, path}
	p, ok := b.m[k]
	if ok {
		delete(b.m, k)
	}
	return p, ok && !b.now().After(p.expires)
}

// secretFields never wait on the board: a refused form comes back
// without them and they are typed again.
var secretFields = []string{"csrf", "password", "code", "witness_password", "witness1_password", "witness2_password",
	"witness_code", "witness1_code", "witness2_code"}

// RedirectWarn sends the browser to target and shows warning there.
func (s *Kit) RedirectWarn(w http.ResponseWriter, r *http.Request, p *accounts.Principal, target, warning string) {
	if p != nil && p.SessionHash != "" {
		s.notices.put(p.SessionHash, pathOf(target), Pending{Warning: warning})
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// RedirectDone sends the browser to target and shows notice there.
func (s *Kit) RedirectDone(w http.ResponseWriter, r *http.Request, p *accounts.Principal, target, notice string) {
	if p != nil && p.SessionHash != "" && notice != "" {
		s.notices.put(p.SessionHash, pathOf(target), Pending{Notice: notice})
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// RedirectRefused sends the browser back to target after a refused form,
// where the page shows why and refills the form. Errors that are not the
// person's to fix are returned for the error page.
func (s *Kit) RedirectRefused(w http.ResponseWriter, r *http.Request, p *accounts.Principal, target string, err error) error {
	if _, ok := UserError(err); !ok || p == nil || p.SessionHash == "" {
		return err
	}
	s.Refuse(w, r, p, target, clinic.ErrorMessage(err))
	return nil
}

// Refuse redirects to target, which shows msg beside the refilled form.
func (s *Kit) Refuse(w http.ResponseWriter, r *http.Request, p *accounts.Principal, target, msg string) {
	form := url.Values{}
	for k, v := range r.PostForm {
		form[k] = v
	}
	for _, k := range secretFields {
		form.Del(k)
	}
	s.notices.put(p.SessionHash, pathOf(target), Pending{Error: msg, Form: form,
		FormFor: r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]})
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// TakePending returns what waits for this page, once.
func (s *Kit) TakePending(r *http.Request, p *accounts.Principal) Pending {
	if p == nil || p.SessionHash == "" || r.Method != http.MethodGet || IsBackground(r) {
		return Pending{}
	}
	pd, _ := s.notices.take(p.SessionHash, r.URL.Path)
	return pd
}

// pathOf is a same-site target's path, without query or fragment.
func pathOf(target string) string {
	if i := strings.IndexAny(target, "?#"); i >= 0 {
		return target[:i]
	}
	return target
}

// IsBackground reports a page's own refresh of its live parts (live.js
// sends the header): it is not the person's activity, so it neither takes
// a waiting notice nor keeps the sign-in alive.
// Event streams (/events/...) are background traffic too.
func IsBackground(r *http.Request) bool {
	return r.Header.Get("X-Onset-Background") == "1" || strings.HasPrefix(r.URL.Path, "/events/")
}

// Pages without a sign-in show only these notices, named in the URL by key.
var signedOutNotices = map[string]string{
	"signed-out":   "You are signed out.",
	"expired":      clinic.ErrorMessage(accounts.ErrSessionExpired),
	"password-set": "Your password is set: sign in with it.",
}

// Refill is the refused form to show again when it was the one named
// (the last segment of its action), else an empty one.
func Refill(pd Pending, formFor string) url.Values {
	if pd.FormFor == formFor && pd.Form != nil {
		return pd.Form
	}
	return url.Values{}
}
