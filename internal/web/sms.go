package web

import (
	"encoding/xml"
	"net/http"
	"onset/internal/web/page"
	"strings"

	"onset/internal/delivery"
	"onset/internal/service/accounts"
	"onset/internal/service/consent"
)

// SMSWebhook is where the SMS provider posts patients' replies: the
// provider's auth token signs each request, over the URL it called.
type SMSWebhook struct {
	AuthToken string
	URL       string // the webhook's public address, exactly as the provider is configured to call it
}

// smsInbound takes a reply from the SMS provider (Twilio's webhook
// shape): it checks the request's signature, honours STOP/START/HELP and
// answers with TwiML. A request that is not signed by the provider is
// refused and changes nothing.
func (s *Server) smsInbound(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	hook := s.opts.SMSWebhook
	if hook == nil {
		http.NotFound(w, r)
		return nil
	}
	if !delivery.VerifyTwilioSignature(hook.AuthToken, hook.URL, r.PostForm, r.Header.Get("X-Twilio-Signature")) {
		s.Log.WarnContext(r.Context(), "SMS webhook: a request without a valid signature was refused", "request", page.RequestID(r))
		http.Error(w, "signature does not match", http.StatusForbidden)
		return nil
	}
	reply, err := s.Svc.HandleSMSReply(r.Context(), consent.SMSReply{From: r.PostForm.Get("From"), Body: r.PostForm.Get("Body"),
		Address: page.ClientAddress(r), RequestID: page.RequestID(r)})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Response>`)
	if reply != "" {
		b.WriteString("<Message>")
		xml.EscapeText(&b, []byte(reply))
		b.WriteString("</Message>")
	}
	b.WriteString("</Response>")
	_, err = w.Write([]byte(b.String()))
	return err
}
