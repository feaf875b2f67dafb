package delivery

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"onset/internal/service/outreach"
)

const (
	testSID   = "AC0123456789abcdef"
	testToken = "tok-S3cret-9f8e7d" // must never show in an error or String()
	testTo    = "+15557654321"
	testBody  = "Hello Ana, please answer a short questionnaire: https://clinic.example/q/SECRETLINKTOKEN"
)

// received is what the fake provider saw of one request.
type received struct {
	method, path, user, pass, contentType string
	form                                  url.Values
}

type fakeProvider struct {
	mu   sync.Mutex
	reqs []received
}

func (f *fakeProvider) got() []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.reqs...)
}

// newProvider starts a local server speaking the Messages API: it records
// each request, then lets answer reply. query is the SMS URL's query.
func newProvider(t *testing.T, query string, answer http.HandlerFunc) (*SMS, *fakeProvider) {
	t.Helper()
	f := &fakeProvider{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ := r.BasicAuth()
		rec := received{method: r.Method, path: r.URL.Path, user: user, pass: pass, contentType: r.Header.Get("Content-Type")}
		if err := r.ParseForm(); err == nil {
			rec.form = r.PostForm
		}
		f.mu.Lock()
		f.reqs = append(f.reqs, rec)
		f.mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(srv.Close)
	s, err := ParseSMSURL("http://" + testSID + ":" + testToken + "@" + strings.TrimPrefix(srv.URL, "http://") + "?" + query)
	if err != nil {
		t.Fatalf("ParseSMSURL: %v", err)
	}
	return s, f
}

func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func smsTo(to string) outreach.Message {
	return outreach.Message{Channel: outreach.ChannelSMS, Recipient: to, Body: testBody}
}

// leaks reports what an error must never carry.
func leaks(t *testing.T, err error) {
	t.Helper()
	for _, secret := range []string{testToken, testTo, "5557654321", testBody, "SECRETLINKTOKEN"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q carries %q", err, secret)
		}
	}
}

func TestSMSSendPostsTheMessage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		query, field, value, absent string
	}{
		{"from=%2B15550001111", "From", "+15550001111", "MessagingServiceSid"},
		{"messaging_service=MG0123456789abcdef", "MessagingServiceSid", "MG0123456789abcdef", "From"},
		// The clinic's own number (clinic settings) wins over the configured one.
		{"from=%2B15550001111&clinic=%2B15550002222", "From", "+15550002222", "MessagingServiceSid"},
		{"messaging_service=MG0123456789abcdef&clinic=%2B15550002222", "From", "+15550002222", "MessagingServiceSid"},
	} {
		query, clinicFrom, _ := strings.Cut(c.query, "&clinic=")
		s, f := newProvider(t, query, reply(http.StatusCreated, `{"sid":"SM0123","status":"queued"}`))
		m := smsTo(testTo)
		m.From, _ = url.QueryUnescape(clinicFrom)
		if err := s.Send(context.Background(), m); err != nil {
			t.Fatalf("%s: Send: %v", c.query, err)
		}
		reqs := f.got()
		if len(reqs) != 1 {
			t.Fatalf("%s: provider got %d requests, want 1", c.query, len(reqs))
		}
		r := reqs[0]
		if r.method != http.MethodPost || r.path != "/2010-04-01/Accounts/"+testSID+"/Messages.json" {
			t.Errorf("%s: %s %s", c.query, r.method, r.path)
		}
		if r.user != testSID || r.pass != testToken {
			t.Errorf("%s: basic auth %q:%q", c.query, r.user, r.pass)
		}
		if r.contentType != "application/x-www-form-urlencoded" {
			t.Errorf("%s: content type %q", c.query, r.contentType)
		}
		if r.form.Get("To") != testTo || r.form.Get("Body") != testBody || r.form.Get(c.field) != c.value || r.form.Has(c.absent) {
			t.Errorf("%s: form %v", c.query, r.form)
		}
	}
}

func TestSMSSendAnswers(t *testing.T) {
	t.Parallel()
	long := `{"code":30001,"message":"` + strings.Repeat("x", maxSMSAnswer) + `"}`
	for _, c := range []struct {
		name      string
		answer    http.HandlerFunc
		permanent bool
		says      []string
		silent    string // what the error must not say
	}{
		{"busy", reply(429, `{"code":20429,"message":"Too Many Requests"}`), false, []string{"SMS provider busy (429)", "20429"}, ""},
		{"failed", reply(500, `{"code":20500,"message":"Internal Server Error"}`), false, []string{"(500)", "20500"}, ""},
		{"unavailable", reply(503, `<html>down</html>`), false, []string{"(503)"}, "html"},
		{"unsubscribed", reply(400, `{"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400}`), true,
			[]string{"(400)", "21610", "Attempt to send to unsubscribed recipient"}, ""},
		{"provider quotes the number", reply(400, `{"code":21211,"message":"The 'To' number `+testTo+` is not valid."}`), true,
			[]string{"21211", "…4321 is not valid"}, ""},
		{"provider quotes the digits", reply(400, `{"code":21211,"message":"Number 15557654321 is not valid."}`), true,
			[]string{"Number …4321 is not valid"}, ""},
		{"bad credentials: kept for when they are fixed", reply(401, `{"code":20003,"message":"Authenticate"}`), false, []string{"(401)", "20003", "--sms-url"}, ""},
		{"not JSON", reply(404, `<html>no such page</html>`), true, []string{"(404)"}, "html"},
		{"redirect", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/elsewhere", http.StatusFound) }, false,
			[]string{"unexpected answer", "(302)"}, ""},
		// Beyond the 64 KiB read the JSON is cut, so no detail is shown.
		{"oversized answer", reply(400, long), true, []string{"(400)"}, "xxxx"},
	} {
		s, f := newProvider(t, "from=%2B15550001111", c.answer)
		err := s.Send(context.Background(), smsTo(testTo))
		if err == nil {
			t.Errorf("%s: Send succeeded", c.name)
			continue
		}
		if n := len(f.got()); n != 1 {
			t.Errorf("%s: provider got %d requests, want 1", c.name, n)
		}
		if outreach.IsPermanent(err) != c.permanent {
			t.Errorf("%s: permanent = %v, want %v (%v)", c.name, !c.permanent, c.permanent, err)
		}
		for _, want := range c.says {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not say %q", c.name, err, want)
			}
		}
		if c.silent != "" && strings.Contains(err.Error(), c.silent) {
			t.Errorf("%s: error %q says %q", c.name, err, c.silent)
		}
		leaks(t, err)
	}
}

// A provider that does not answer in time is retried later; the request
// did reach it.
func TestSMSSendTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	s, f := newProvider(t, "from=%2B15550001111", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release) // runs before the server's Close
	s.SetTimeout(50 * time.Millisecond)
	err := s.Send(context.Background(), smsTo(testTo))
	if err == nil || outreach.IsPermanent(err) || !strings.Contains(err.Error(), "did not answer in time") {
		t.Fatalf("Send = %v, want a transient timeout", err)
	}
	if n := len(f.got()); n != 1 {
		t.Errorf("provider got %d requests, want 1", n)
	}
	leaks(t, err)
}

func TestSMSSendUnreachable(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := strings.TrimPrefix(srv.URL, "http://")
	srv.Close() // nothing listens there now
	s, err := ParseSMSURL("http://" + testSID + ":" + testToken + "@" + addr + "?from=%2B15550001111")
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), smsTo(testTo))
	if err == nil || outreach.IsPermanent(err) || !strings.Contains(err.Error(), "unreachable") {
		t.Fatalf("Send = %v, want a transient unreachable error", err)
	}
	leaks(t, err)
}

// A message that can never go is refused before any request is made.
func TestSMSSendRefusesBadMessages(t *testing.T) {
	t.Parallel()
	s, f := newProvider(t, "from=%2B15550001111", reply(http.StatusCreated, `{"sid":"SM0123"}`))
	for _, m := range []outreach.Message{
		smsTo("5557654321"),        // no +
		smsTo("+1555"),             // too short
		smsTo("+1234567890123456"), // 16 digits
		smsTo("+1 555 765 4321"),
		smsTo("ana@example.com"),
		smsTo(""),
		{Channel: outreach.ChannelEmail, Recipient: testTo, Body: testBody},
		{Channel: outreach.ChannelSMS, Recipient: testTo, Body: "  "},
	} {
		err := s.Send(context.Background(), m)
		if !outreach.IsPermanent(err) {
			t.Errorf("%q/%q: Send = %v, want a permanent error", m.Channel, m.Recipient, err)
			continue
		}
		if len(m.Recipient) > 4 && strings.Contains(err.Error(), m.Recipient) {
			t.Errorf("error %q carries the recipient", err)
		}
		leaks(t, err)
	}
	if n := len(f.got()); n != 0 {
		t.Errorf("provider got %d requests, want none", n)
	}
}

func TestParseSMSURL(t *testing.T) {
	t.Parallel()
	cred := testSID + ":" + testToken + "@"
	for _, c := range []struct {
		raw, want string // want: String() on success, a phrase of the error otherwise
		ok        bool
	}{
		{"https://" + cred + "api.twilio.com?from=%2B15550001111", "https://" + testSID + ":xxxxx@api.twilio.com?from=%2B15550001111", true},
		{"https://" + cred + "api.twilio.com?from=+15550001111", "from=%2B15550001111", true}, // a raw + decodes as a space
		{"https://" + cred + "sms.example/twilio/?messaging_service=MG01", "https://" + testSID + ":xxxxx@sms.example/twilio?messaging_service=MG01", true},
		{"http://" + cred + "127.0.0.1:8080?from=%2B15550001111", "http://" + testSID + ":xxxxx@127.0.0.1:8080", true},
		{"http://" + cred + "localhost:8080?from=%2B15550001111", "localhost", true},
		{"https://" + cred + "api.twilio.com", "from=", false},
		{"https://" + cred + "api.twilio.com?from=%2B15550001111&messaging_service=MG01", "not both", false},
		{"https://" + cred + "api.twilio.com?from=15550001111", "E.164", false},
		{"https://" + cred + "api.twilio.com?form=%2B15550001111", `unknown parameter "form"`, false},
		{"http://" + cred + "api.twilio.com?from=%2B15550001111", "use https", false},
		{"ftp://" + cred + "api.twilio.com?from=%2B15550001111", "must look like", false},
		{"https://" + testSID + "@api.twilio.com?from=%2B15550001111", "auth token", false},
		{"https://:" + testToken + "@api.twilio.com?from=%2B15550001111", "account SID", false},
		{"https://" + testSID + ":" + testToken + "?from=%2B15550001111", "must look like", false}, // the @ forgotten
		{"https://" + cred + "api.twilio.com:bad?from=%2B15550001111", "must look like", false},
		{"", "must look like", false},
	} {
		s, err := ParseSMSURL(c.raw)
		switch {
		case c.ok && err != nil:
			t.Errorf("ParseSMSURL(%q): %v", c.raw, err)
		case c.ok:
			if got := s.String(); !strings.Contains(got, c.want) || strings.Contains(got, testToken) {
				t.Errorf("ParseSMSURL(%q).String() = %q, want %q without the token", c.raw, got, c.want)
			}
			if s.AuthToken() != testToken {
				t.Errorf("ParseSMSURL(%q).AuthToken() = %q", c.raw, s.AuthToken())
			}
		case err == nil:
			t.Errorf("ParseSMSURL(%q) succeeded, want an error saying %q", c.raw, c.want)
		default:
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("ParseSMSURL(%q) = %q, want it to say %q", c.raw, err, c.want)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("ParseSMSURL(%q) error carries the token: %q", c.raw, err)
			}
		}
	}
}
