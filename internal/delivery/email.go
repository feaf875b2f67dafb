package delivery

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"onset/internal/service/outreach"
)

// Email sends messages over SMTP. Build it with ParseSMTPURL.
type Email struct {
	host       string
	port       int
	implicit   bool // smtps://: TLS from the first byte; smtp://: STARTTLS
	policy     gomail.TLSPolicy
	user, pass string
	from       string // the envelope and From address
	name       string // the From name when a message names no clinic
	tlsConfig  *tls.Config
	timeout    time.Duration
}

// ParseSMTPURL reads an SMTP server's URL:
//
//	smtp://user:password@host:587?from=clinic@example.org&name=My+Clinic   (STARTTLS, required)
//	smtps://user:password@host:465?from=clinic@example.org                 (TLS from the start)
//
// A server on this machine (127.0.0.1, ::1, localhost) may be reached
// without TLS with tls=none, for a local relay; anything else must be
// encrypted, because messages carry questionnaire links.
func ParseSMTPURL(raw string) (*Email, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("the SMTP URL does not parse: write it as smtp://user:password@host:587?from=clinic@example.org")
	}
	e := &Email{host: u.Hostname(), policy: gomail.TLSMandatory, timeout: 30 * time.Second}
	switch u.Scheme {
	case "smtp":
		e.port = 587
	case "smtps":
		e.port, e.implicit = 465, true
	default:
		return nil, fmt.Errorf("the SMTP URL must start with smtp:// (STARTTLS) or smtps:// (TLS), not %q", u.Scheme+"://")
	}
	if e.host == "" {
		return nil, errors.New("the SMTP URL names no host")
	}
	if p := u.Port(); p != "" {
		if e.port, err = strconv.Atoi(p); err != nil || e.port < 1 || e.port > 65535 {
			return nil, fmt.Errorf("the SMTP URL's port %q is not a port number", p)
		}
	}
	if u.User != nil {
		e.user = u.User.Username()
		e.pass, _ = u.User.Password()
	}
	q := u.Query()
	from, err := mail.ParseAddress(q.Get("from"))
	if err != nil || from.Name != "" {
		return nil, errors.New("the SMTP URL needs the sender's address: add ?from=clinic@example.org")
	}
	e.from, e.name = from.Address, q.Get("name")
	switch q.Get("tls") {
	case "", "required":
	case "none":
		if !loopback(e.host) || e.implicit {
			return nil, errors.New("tls=none is allowed only for an smtp:// server on this machine: messages carry questionnaire links")
		}
		e.policy = gomail.NoTLS
	default:
		return nil, fmt.Errorf("the SMTP URL's tls=%q is not known: leave it out (TLS required) or use tls=none for a local relay", q.Get("tls"))
	}
	return e, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WithTLSConfig uses c for the server's certificate (tests trust a test CA).
func (e *Email) WithTLSConfig(c *tls.Config) *Email { e.tlsConfig = c; return e }

// String names the server without its password.
func (e *Email) String() string {
	scheme := "smtp"
	if e.implicit {
		scheme = "smtps"
	}
	user := ""
	if e.user != "" {
		user = e.user + ":…@"
	}
	return fmt.Sprintf("%s://%s%s:%d (from %s)", scheme, user, e.host, e.port, e.from)
}

func (e *Email) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(e.port), gomail.WithTimeout(e.timeout), gomail.WithTLSPortPolicy(e.policy)}
	if e.implicit {
		opts = []gomail.Option{gomail.WithPort(e.port), gomail.WithTimeout(e.timeout), gomail.WithSSL()}
	}
	if e.tlsConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(e.tlsConfig))
	} else {
		opts = append(opts, gomail.WithTLSConfig(&tls.Config{ServerName: e.host, MinVersion: tls.VersionTLS12}))
	}
	if e.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(e.user), gomail.WithPassword(e.pass))
	}
	return gomail.NewClient(e.host, opts...)
}

// Check connects, authenticates and disconnects: serve calls it at start
// so a wrong host or password is said at once, not when a patient waits.
func (e *Email) Check(ctx context.Context) error {
	c, err := e.client()
	if err != nil {
		return e.explain(err)
	}
	if err := c.DialWithContext(ctx); err != nil {
		return e.explain(err)
	}
	return c.Close()
}

// Send delivers one email: a text part, and an HTML part when the message
// has one. A recipient the server refuses for good is Permanent; anything
// else (connection, TLS, sign-in, a busy server) is retried later.
func (e *Email) Send(ctx context.Context, m outreach.Message) error {
	if m.Channel != outreach.ChannelEmail {
		return outreach.Permanent(fmt.Errorf("the email sender cannot send a %q message", m.Channel))
	}
	msg := gomail.NewMsg()
	name := m.ClinicName
	if name == "" {
		name = e.name
	}
	from := e.from
	if m.From != "" {
		from = m.From // the clinic's own address (clinic settings)
	}
	if err := msg.FromFormat(name, from); err != nil {
		return outreach.Permanent(errors.New("the sender's name or address is not valid in an email"))
	}
	if err := msg.To(m.Recipient); err != nil {
		return outreach.Permanent(errors.New("the patient's email address is not valid"))
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return outreach.Permanent(errors.New("the clinic's reply address is not valid"))
		}
	}
	msg.Subject(m.Subject)
	msg.SetMessageID()
	msg.SetDate()
	msg.SetUserAgent("Onset")
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	c, err := e.client()
	if err != nil {
		return e.explain(err)
	}
	return e.explain(c.DialAndSendWithContext(ctx, msg))
}

// explain turns go-mail's errors into ones that say what to do and never
// name the recipient (errors reach the outbox page and the log).
func (e *Email) explain(err error) error {
	if err == nil {
		return nil
	}
	var se *gomail.SendError
	if errors.As(err, &se) {
		code := se.ErrorCode()
		switch {
		case se.Reason == gomail.ErrSMTPRcptTo && !se.IsTemp():
			return outreach.Permanent(fmt.Errorf("the mail server refused the recipient's address (%d %s)", code, se.EnhancedStatusCode()))
		case se.IsTemp():
			return fmt.Errorf("the mail server asked to try again later (%d): %s", code, se.Reason)
		default:
			return fmt.Errorf("the mail server refused the message (%d): %s", code, se.Reason)
		}
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("could not reach the mail server %s:%d: %v", e.host, e.port, err)
	}
	return fmt.Errorf("mail server %s:%d: %v", e.host, e.port, err)
}
