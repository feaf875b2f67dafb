package delivery

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// SMSSink is a real HTTP server on this machine that answers the SMS
// provider's Messages API and keeps what it was asked to send: `onset
// demo` sends the demo clinic's text messages to it, so a newcomer sees
// them on the demo mailbox page without an SMS account.
type SMSSink struct {
	srv *http.Server
	ln  net.Listener

	mu   sync.Mutex
	sent []Texted
}

// Texted is one text message the SMSSink accepted.
type Texted struct {
	To, From, Body string
	At             time.Time
}

// sinkSID and sinkToken are the SMSSink's account: it is on this machine
// only, so they guard nothing and are fixed.
const sinkSID, sinkToken = "ACdemo", "demo-token"

// StartSMSSink listens on 127.0.0.1 on a free port and serves until Close.
func StartSMSSink() (*SMSSink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &SMSSink{ln: ln}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2010-04-01/Accounts/{sid}/Messages.json", s.messages)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

// URL is the --sms-url that sends to this sink, from the given number.
func (s *SMSSink) URL(from string) string {
	return fmt.Sprintf("http://%s:%s@%s?from=%s", sinkSID, sinkToken, s.ln.Addr(), strings.ReplaceAll(from, "+", "%2B"))
}

// Texts returns what the sink was asked to send, oldest first.
func (s *SMSSink) Texts() []Texted {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Texted(nil), s.sent...)
}

// Close stops the server.
func (s *SMSSink) Close() error { return s.srv.Close() }

func (s *SMSSink) messages(w http.ResponseWriter, r *http.Request) {
	sid, token, ok := r.BasicAuth()
	if !ok || sid != sinkSID || token != sinkToken || r.PathValue("sid") != sinkSID {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"code":20003,"message":"Authenticate"}`)
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("To") == "" || r.PostForm.Get("Body") == "" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"code":21604,"message":"A 'To' phone number and a 'Body' are required."}`)
		return
	}
	s.mu.Lock()
	s.sent = append(s.sent, Texted{To: r.PostForm.Get("To"), From: r.PostForm.Get("From"), Body: r.PostForm.Get("Body"), At: time.Now()})
	n := len(s.sent)
	if n > 1000 {
		s.sent = append([]Texted(nil), s.sent[n-1000:]...)
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, `{"sid":"SM%032d","status":"queued"}`, n)
}
