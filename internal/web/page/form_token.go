package page

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/accounts"
)

// Every form that posts renders a fresh random token as a hidden field
// ({{formToken}} in the templates); the route wrapper hands a sent token
// to the use case (service.WithFormToken), whose write transaction stores
// it once (service/forms.go): the same form sent twice stores one record.
// The sign-in steps record nothing and take no token.

const formTokenField = "form_token"

// NewFormToken is 128 random bits in hex, for one rendered form.
func NewFormToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func validFormToken(s string) bool {
	if len(s) != 32 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

var errFormToken = clinic.Errorf(clinic.Invalid, "This form could not be read. Reload the page and send it again; nothing was changed.")

// WithFormToken puts the form's token, if it sent one, in the request's
// context for the use case.
func WithFormToken(r *http.Request, rt Route, p *accounts.Principal) (*http.Request, error) {
	tok := r.PostForm.Get(formTokenField)
	if tok == "" || rt.SignIn() {
		return r, nil
	}
	if !validFormToken(tok) {
		return r, errFormToken
	}
	var clinicID, userID int64
	if p != nil {
		clinicID, userID = p.ClinicID, p.UserID
	}
	return r.WithContext(service.WithFormToken(r.Context(), tok, clinicID, userID)), nil
}
