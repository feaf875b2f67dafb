package delivery

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"mime"
	"net"
	"net/mail"
	"strconv"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Sink is a real SMTP server on this machine that keeps what it receives
// in memory: `onset demo` sends the demo clinic's email to it (and shows
// it on the demo mailbox page), and the tests send to it. It speaks SMTP
// with STARTTLS and AUTH PLAIN when configured, as a clinic's relay would.
type Sink struct {
	srv  *smtp.Server
	ln   net.Listener
	opts SinkOptions

	mu       sync.Mutex
	messages []Received
}

// SinkOptions configure a Sink; the zero value accepts everything in the clear.
type SinkOptions struct {
	TLS            *tls.Config       // offer STARTTLS with this certificate
	Implicit       bool              // with TLS: speak TLS from the first byte (smtps) instead
	User, Password string            // require AUTH PLAIN with these
	Refuse         func(string) bool // recipients to refuse for good (550)
	Keep           int               // messages kept, newest last; 0 keeps 1,000
}

// Received is one message the Sink accepted.
type Received struct {
	From string
	To   []string
	Data []byte // the message as sent: headers and MIME body
	At   time.Time
}

// StartSink listens on 127.0.0.1 on a free port and serves until Close.
func StartSink(opts SinkOptions) (*Sink, error) {
	if opts.Keep <= 0 {
		opts.Keep = 1000
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	if opts.Implicit && opts.TLS != nil {
		ln = tls.NewListener(ln, opts.TLS)
	}
	s := &Sink{ln: ln, opts: opts}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: s}, nil }))
	s.srv.Domain = "localhost"
	if !opts.Implicit {
		s.srv.TLSConfig = opts.TLS
	}
	s.srv.AllowInsecureAuth = opts.TLS == nil || opts.Implicit
	s.srv.MaxMessageBytes = 1 << 20
	s.srv.MaxRecipients = 10
	s.srv.ReadTimeout, s.srv.WriteTimeout = 30*time.Second, 30*time.Second
	go s.srv.Serve(ln)
	return s, nil
}

// Port is the port the Sink listens on.
func (s *Sink) Port() int {
	_, port, _ := net.SplitHostPort(s.ln.Addr().String())
	n, _ := strconv.Atoi(port)
	return n
}

// Messages returns what the Sink has received, oldest first.
func (s *Sink) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.messages...)
}

// Close stops the server.
func (s *Sink) Close() error { return s.srv.Close() }

func (s *Sink) keep(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, r)
	if over := len(s.messages) - s.opts.Keep; over > 0 {
		s.messages = append([]Received(nil), s.messages[over:]...)
	}
}

type sinkSession struct {
	sink   *Sink
	authed bool
	cur    Received
}

var errAuthRequired = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}

func (ss *sinkSession) AuthMechanisms() []string {
	if ss.sink.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *sinkSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != ss.sink.opts.User || pass != ss.sink.opts.Password {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	if ss.sink.opts.User != "" && !ss.authed {
		return errAuthRequired
	}
	ss.cur = Received{From: from}
	return nil
}

func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if ss.sink.opts.Refuse != nil && ss.sink.opts.Refuse(to) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	ss.cur.To = append(ss.cur.To, to)
	return nil
}

func (ss *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(ss.cur.To) == 0 {
		return errors.New("no recipients")
	}
	ss.cur.Data, ss.cur.At = b, time.Now()
	ss.sink.keep(ss.cur)
	ss.cur = Received{}
	return nil
}

func (ss *sinkSession) Reset()        { ss.cur = Received{} }
func (ss *sinkSession) Logout() error { return nil }

// Subject returns a received message's Subject header, decoded, for the
// demo mailbox page.
func (r Received) Subject() string {
	m, err := mail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		return ""
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		return m.Header.Get("Subject")
	}
	return subj
}
