package delivery

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"onset/internal/service/outreach"
)

// testTLS makes a certificate for 127.0.0.1 and a client config that
// trusts it, as a clinic's relay with its own certificate would have.
func testTLS(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test relay"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}

func sink(t *testing.T, opts SinkOptions) *Sink {
	t.Helper()
	s, err := StartSink(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func emailTo(t *testing.T, raw string, clientTLS *tls.Config) *Email {
	t.Helper()
	e, err := ParseSMTPURL(raw)
	if err != nil {
		t.Fatal(err)
	}
	if clientTLS != nil {
		e.WithTLSConfig(clientTLS)
	}
	return e
}

var questionnaire = outreach.Message{Channel: outreach.ChannelEmail, Recipient: "olive@example.org",
	Subject: "A short questionnaire from Lakeside Clinic", ClinicName: "Lakeside Clinic", ReplyTo: "desk@lakeside.example",
	Body: "Hello Olive,\nplease answer: https://clinic.example/q/TOKEN\n", HTML: `<p>Hello Olive,</p><p><a href="https://clinic.example/q/TOKEN">Answer</a></p>`}

// parts reads a received message as a mail client would: its headers and
// each part of its multipart/alternative body by content type.
func parts(t *testing.T, r Received) (mail.Header, map[string]string) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatalf("not a mail message: %v\n%s", err, r.Data)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q, want multipart/alternative", m.Header.Get("Content-Type"))
	}
	out := map[string]string{}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p) // multipart decodes quoted-printable itself
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		out[ct] = string(b)
	}
	return m.Header, out
}

func TestEmailOverSTARTTLSWithAuth(t *testing.T) {
	t.Parallel()
	srvTLS, cliTLS := testTLS(t)
	s := sink(t, SinkOptions{TLS: srvTLS, User: "onset", Password: "relay secret"})
	e := emailTo(t, fmt.Sprintf("smtp://onset:relay%%20secret@127.0.0.1:%d?from=noreply@lakeside.example", s.Port()), cliTLS)
	if err := e.Check(t.Context()); err != nil {
		t.Fatalf("check: %v", err)
	}
	if err := e.Send(t.Context(), questionnaire); err != nil {
		t.Fatalf("send: %v", err)
	}
	got := s.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages arrived, want 1", len(got))
	}
	if got[0].From != "noreply@lakeside.example" || len(got[0].To) != 1 || got[0].To[0] != "olive@example.org" {
		t.Errorf("envelope from %q to %v", got[0].From, got[0].To)
	}
	h, body := parts(t, got[0])
	from, _ := mail.ParseAddress(h.Get("From"))
	if from == nil || from.Name != "Lakeside Clinic" || from.Address != "noreply@lakeside.example" {
		t.Errorf("From %q", h.Get("From"))
	}
	if got[0].Subject() != questionnaire.Subject || h.Get("Reply-To") != "<desk@lakeside.example>" || h.Get("Message-Id") == "" || h.Get("Date") == "" {
		t.Errorf("headers: Subject %q Reply-To %q Message-Id %q Date %q", got[0].Subject(), h.Get("Reply-To"), h.Get("Message-Id"), h.Get("Date"))
	}
	if !strings.Contains(body["text/plain"], "https://clinic.example/q/TOKEN") {
		t.Errorf("text part %q", body["text/plain"])
	}
	if !strings.Contains(body["text/html"], `<a href="https://clinic.example/q/TOKEN">`) {
		t.Errorf("HTML part %q", body["text/html"])
	}
}

// A clinic that set its own sender address sends from it.
func TestEmailFromTheClinicsAddress(t *testing.T) {
	t.Parallel()
	s := sink(t, SinkOptions{})
	e := emailTo(t, fmt.Sprintf("smtp://127.0.0.1:%d?from=noreply@host.example&tls=none", s.Port()), nil)
	m := questionnaire
	m.From = "desk@lakeside.example"
	if err := e.Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	got := s.Messages()
	if len(got) != 1 || got[0].From != "desk@lakeside.example" {
		t.Fatalf("envelope: %+v", got)
	}
	h, _ := parts(t, got[0])
	if from, _ := mail.ParseAddress(h.Get("From")); from == nil || from.Address != "desk@lakeside.example" {
		t.Errorf("From %q", h.Get("From"))
	}
}

func TestEmailOverImplicitTLS(t *testing.T) {
	t.Parallel()
	srvTLS, cliTLS := testTLS(t)
	s := sink(t, SinkOptions{TLS: srvTLS, Implicit: true, User: "onset", Password: "pw"})
	e := emailTo(t, fmt.Sprintf("smtps://onset:pw@127.0.0.1:%d?from=noreply@lakeside.example", s.Port()), cliTLS)
	plain := questionnaire
	plain.HTML = ""
	if err := e.Send(t.Context(), plain); err != nil {
		t.Fatalf("send: %v", err)
	}
	got := s.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages arrived, want 1", len(got))
	}
	m, err := mail.ReadMessage(bytes.NewReader(got[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if ct, _, _ := mime.ParseMediaType(m.Header.Get("Content-Type")); ct != "text/plain" {
		t.Errorf("a message without HTML has Content-Type %q, want text/plain", ct)
	}
}

func TestEmailRefusals(t *testing.T) {
	t.Parallel()
	srvTLS, cliTLS := testTLS(t)
	s := sink(t, SinkOptions{TLS: srvTLS, User: "onset", Password: "right", Refuse: func(to string) bool { return strings.HasPrefix(to, "gone@") }})
	url := func(pass string) string {
		return fmt.Sprintf("smtp://onset:%s@127.0.0.1:%d?from=noreply@lakeside.example", pass, s.Port())
	}

	// A wrong password is said at start and keeps the message for a retry.
	wrong := emailTo(t, url("wrong"), cliTLS)
	if err := wrong.Check(t.Context()); err == nil {
		t.Error("check with a wrong password passed")
	} else if strings.Contains(err.Error(), "wrong") {
		t.Errorf("the error shows the password: %v", err)
	}
	if err := wrong.Send(t.Context(), questionnaire); err == nil || outreach.IsPermanent(err) {
		t.Errorf("wrong password: %v (permanent %v), want a retried failure", err, outreach.IsPermanent(err))
	}

	// A certificate the client does not trust is refused: no plain fallback.
	untrusted := emailTo(t, url("right"), nil)
	if err := untrusted.Send(t.Context(), questionnaire); err == nil {
		t.Error("sent to a server with an untrusted certificate")
	}

	// A recipient the server refuses for good is permanent, and unnamed.
	right := emailTo(t, url("right"), cliTLS)
	gone := questionnaire
	gone.Recipient = "gone@example.org"
	err := right.Send(t.Context(), gone)
	if !outreach.IsPermanent(err) {
		t.Errorf("refused recipient: %v, want permanent", err)
	}
	if err != nil && strings.Contains(err.Error(), "gone@") {
		t.Errorf("the error names the patient's address: %v", err)
	}

	// Nothing listening: a retried failure that names the server.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	down := emailTo(t, fmt.Sprintf("smtp://127.0.0.1:%d?from=noreply@lakeside.example", port), cliTLS)
	if err := down.Send(t.Context(), questionnaire); err == nil || outreach.IsPermanent(err) || !strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("server down: %v", err)
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages arrived through refusals", n)
	}
}

func TestParseSMTPURL(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ raw, want string }{
		{"smtp://u:secret@mail.example:2525?from=a@b.example", "smtp://u:…@mail.example:2525 (from a@b.example)"},
		{"smtps://mail.example?from=a@b.example", "smtps://mail.example:465 (from a@b.example)"},
		{"smtp://mail.example?from=a@b.example", "smtp://mail.example:587 (from a@b.example)"},
		{"smtp://127.0.0.1:25?from=a@b.example&tls=none", "smtp://127.0.0.1:25 (from a@b.example)"},
		{"http://mail.example?from=a@b.example", "error: smtp://"},
		{"smtp://mail.example", "error: ?from="},
		{"smtp://mail.example?from=not-an-address", "error: ?from="},
		{"smtp://mail.example:99999?from=a@b.example", "error: port"},
		{"smtp://mail.example?from=a@b.example&tls=none", "error: tls=none"},
		{"smtp://u:secret@mail.example?from=a@b.example&tls=maybe", "error: tls="},
		{"smtp://:secret@?from=a@b.example", "error: no host"},
	} {
		e, err := ParseSMTPURL(c.raw)
		got := ""
		if err != nil {
			got = "error: " + err.Error()
			if strings.Contains(got, "secret") {
				t.Errorf("%s: the error shows the password: %s", c.raw, got)
			}
		} else {
			got = e.String()
		}
		snippet, wantErr := strings.CutPrefix(c.want, "error: ")
		if wantErr != strings.HasPrefix(got, "error: ") || !strings.Contains(got, snippet) {
			t.Errorf("ParseSMTPURL(%q) = %q, want %q", c.raw, got, c.want)
		}
	}
}
