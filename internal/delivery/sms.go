package delivery

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"onset/internal/service/outreach"
)

// SMS sends text messages through a provider speaking the Twilio Messages
// API (Twilio itself, or a compatible one at another base URL). Configure
// it before the first Send; after that it is safe for concurrent use.
type SMS struct {
	base       string // scheme://host[/path], no credentials, no trailing slash
	accountSID string
	authToken  string
	from       string // the sender number, or
	service    string // the Messaging Service SID that picks one
	client     *http.Client
}

const (
	defaultSMSTimeout = 10 * time.Second
	maxSMSAnswer      = 64 << 10 // an error answer is small; more is not read
)

var e164 = regexp.MustCompile(`^\+[0-9]{8,15}$`)

// errSMSURL shows the expected shape; it never echoes the URL given,
// which holds the auth token.
var errSMSURL = errors.New("SMS URL must look like https://ACCOUNT_SID:AUTH_TOKEN@api.twilio.com?from=%2B15551234567 (or ?messaging_service=MG…)")

// ParseSMSURL builds an SMS sender from
// https://ACCOUNT_SID:AUTH_TOKEN@host[/path]?from=%2B15551234567, or with
// messaging_service=MG… in place of from. Plain http is allowed only to
// localhost, for tests and local stand-ins: elsewhere it would send the
// token in the clear.
func ParseSMSURL(raw string) (*SMS, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		// url's own error may quote the token (a URL missing its @).
		return nil, errSMSURL
	}
	switch host := u.Hostname(); {
	case u.Scheme == "https":
	case u.Scheme == "http" && loopback(host):
	case u.Scheme == "http":
		return nil, fmt.Errorf("SMS URL: plain http to %s would send the auth token unencrypted; use https", host)
	default:
		return nil, errSMSURL
	}
	token, _ := u.User.Password() // nil-safe
	if u.User == nil || u.User.Username() == "" || token == "" {
		return nil, fmt.Errorf("SMS URL needs the account SID and auth token as user and password: %w", errSMSURL)
	}
	q := u.Query()
	for k := range q {
		if k != "from" && k != "messaging_service" {
			return nil, fmt.Errorf("SMS URL: unknown parameter %q (want from or messaging_service)", k)
		}
	}
	s := &SMS{
		base:       (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: strings.TrimRight(u.Path, "/")}).String(),
		accountSID: u.User.Username(),
		authToken:  token,
		from:       q.Get("from"),
		service:    q.Get("messaging_service"),
		client:     &http.Client{Timeout: defaultSMSTimeout, CheckRedirect: noRedirects},
	}
	if rest, ok := strings.CutPrefix(s.from, " "); ok {
		s.from = "+" + rest // a + written raw in a query string decodes as a space
	}
	switch {
	case s.from == "" && s.service == "":
		return nil, errors.New("SMS URL needs from=%2B… (the sending number) or messaging_service=MG…")
	case s.from != "" && s.service != "":
		return nil, errors.New("SMS URL: give from or messaging_service, not both")
	case s.from != "" && !e164.MatchString(s.from):
		return nil, errors.New("SMS URL: from must be an E.164 number such as +15551234567 (%2B15551234567 in the URL)")
	}
	return s, nil
}

// A redirected POST would arrive as a GET elsewhere; an API never needs it.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// AuthToken is the secret the provider signs its webhooks with.
func (s *SMS) AuthToken() string { return s.authToken }

// SetTimeout bounds each request to the provider (10 s unless set).
func (s *SMS) SetTimeout(d time.Duration) { s.client.Timeout = d }

// String describes the sender with the auth token redacted.
func (s *SMS) String() string {
	u, _ := url.Parse(s.base)
	u.User = url.UserPassword(s.accountSID, s.authToken)
	q := url.Values{}
	if s.from != "" {
		q.Set("from", s.from)
	} else {
		q.Set("messaging_service", s.service)
	}
	u.RawQuery = q.Encode()
	return u.Redacted()
}

// Send posts one text message. A refusal retrying cannot fix (a bad
// number, an opted-out recipient) is outreach.Permanent; a busy or
// unreachable provider is a plain error, retried later. Errors name the
// recipient by its last four digits and never carry the body.
func (s *SMS) Send(ctx context.Context, m outreach.Message) error {
	to := maskNumber(m.Recipient)
	switch {
	case m.Channel != outreach.ChannelSMS:
		return outreach.Permanent(fmt.Errorf("SMS sender cannot deliver a %q message", m.Channel))
	case !e164.MatchString(m.Recipient):
		return outreach.Permanent(fmt.Errorf("SMS to %s: not an E.164 number (+ and 8-15 digits)", to))
	case strings.TrimSpace(m.Body) == "":
		return outreach.Permanent(fmt.Errorf("SMS to %s: empty message", to))
	}
	form := url.Values{"To": {m.Recipient}, "Body": {m.Body}}
	switch {
	case m.From != "":
		form.Set("From", m.From) // the clinic's own number (clinic settings)
	case s.service != "":
		form.Set("MessagingServiceSid", s.service)
	default:
		form.Set("From", s.from)
	}
	endpoint := s.base + "/2010-04-01/Accounts/" + url.PathEscape(s.accountSID) + "/Messages.json"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return outreach.Permanent(fmt.Errorf("SMS to %s: %w", to, err))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(s.accountSID, s.authToken)

	resp, err := s.client.Do(req)
	if err != nil {
		return unreachable(to, err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, maxSMSAnswer))
	code := resp.StatusCode
	detail := providerDetail(answer, m)
	switch {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusTooManyRequests:
		return fmt.Errorf("SMS to %s: SMS provider busy (429)%s", to, detail)
	case code >= 500:
		return fmt.Errorf("SMS to %s: SMS provider failed (%d)%s", to, code, detail)
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		// The clinic's credentials, not the message: keep it for when they are fixed.
		return fmt.Errorf("SMS provider refused Onset's credentials (%d)%s: check --sms-url's account SID and auth token", code, detail)
	case code >= 400:
		return outreach.Permanent(fmt.Errorf("SMS to %s: SMS provider refused the message (%d)%s", to, code, detail))
	}
	// 1xx/3xx: a base URL pointing somewhere other than the API.
	return fmt.Errorf("SMS to %s: unexpected answer from the SMS provider (%d)", to, code)
}

// unreachable describes a request that got no answer. It drops url.Error's
// wrapping, which quotes the endpoint, and keeps the cause for errors.Is.
func unreachable(to string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("SMS to %s: SMS provider did not answer in time: %w", to, err)
	}
	return fmt.Errorf("SMS to %s: SMS provider unreachable: %w", to, err)
}

// providerDetail is ": CODE MESSAGE" from a Twilio-shaped JSON error, or
// "". The message may quote the number (masked here) or, conceivably, the
// body (which holds a link's token); it is cut short, as it ends up in the
// outbox's failure column.
func providerDetail(answer []byte, m outreach.Message) string {
	var e struct {
		Code    any    `json:"code"`
		Message string `json:"message"`
	}
	d := json.NewDecoder(bytes.NewReader(answer))
	d.UseNumber()
	if d.Decode(&e) != nil || (e.Code == nil && e.Message == "") {
		return ""
	}
	msg := e.Message
	if len(m.Body) >= 16 { // shorter text could be ordinary words
		msg = strings.ReplaceAll(msg, m.Body, "[message]")
	}
	if m.Recipient != "" { // Send has checked it; ReplaceAll of "" would fill msg
		masked := maskNumber(m.Recipient)
		msg = strings.ReplaceAll(msg, m.Recipient, masked)
		msg = strings.ReplaceAll(msg, strings.TrimPrefix(m.Recipient, "+"), masked)
	}
	if r := []rune(msg); len(r) > 200 {
		msg = string(r[:200]) + "…"
	}
	var b strings.Builder
	b.WriteString(":")
	if e.Code != nil {
		fmt.Fprintf(&b, " %v", e.Code)
	}
	if msg != "" {
		fmt.Fprintf(&b, " %q", msg)
	}
	return b.String()
}

// maskNumber keeps only the last four digits: enough to tell numbers apart
// in a log, too little to call one.
func maskNumber(n string) string {
	r := []rune(n)
	if len(r) <= 4 {
		return "…"
	}
	return "…" + string(r[len(r)-4:])
}
