package page

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"onset/internal/clinic"
	"onset/internal/service/accounts"
)

// The refusals of package web's route wrapper.
var (
	ErrCrossOrigin = clinic.Errorf(clinic.Forbidden, "This request came from another site and was refused. Nothing was changed.")
	ErrCSRF        = clinic.Errorf(clinic.Forbidden, "This form has expired or did not come from Onset. Reload the page and try again; nothing was changed.")
	ErrNeedMFA     = clinic.Errorf(clinic.Unauthenticated, "Finish two-step sign-in first.")
)

// ErrUnreadableForm explains a form body that could not be parsed; an
// oversized body keeps its own error so it is reported as too large.
func ErrUnreadableForm(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return clinic.Errorf(clinic.Invalid, "The form could not be read.")
}

// StatusOf is the one place where error codes become HTTP statuses.
func StatusOf(code clinic.Code) int {
	switch code {
	case clinic.Invalid:
		return http.StatusBadRequest
	case clinic.NotFound:
		return http.StatusNotFound
	case clinic.Conflict:
		return http.StatusConflict
	case clinic.Forbidden:
		return http.StatusForbidden
	case clinic.Unauthenticated:
		return http.StatusUnauthorized
	default:
		return http.StatusInternalServerError
	}
}

var headings = map[clinic.Code]string{
	clinic.Invalid:         "Please check what you entered",
	clinic.NotFound:        "Not found",
	clinic.Conflict:        "That conflicts with existing data",
	clinic.Forbidden:       "Not allowed",
	clinic.Unauthenticated: "Please sign in",
	clinic.Internal:        "Something went wrong",
}

// RenderError answers err as JSON for the API, as an OperationOutcome for
// the FHIR API and as a page otherwise.
// Internal details are logged with the request ID and never shown.
func (s *Kit) RenderError(w http.ResponseWriter, r *http.Request, p *accounts.Principal, err error) {
	code := clinic.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code, err = clinic.Invalid, clinic.Errorf(clinic.Invalid, "The request is too large.")
	}
	status := StatusOf(code)
	if status == http.StatusInternalServerError {
		s.Log.ErrorContext(r.Context(), "request failed", "request_id", RequestID(r), "route", RouteOf(r), "error", err)
	}
	msg := clinic.ErrorMessage(err)
	if IsFHIR(r) && s.fhirError != nil {
		s.fhirError(w, status, err)
		return
	}
	if IsAPI(r) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{
			"code": string(code), "message": msg, "request_id": RequestID(r)}})
		return
	}
	// A page that needs a sign-in sends a browser to the sign-in step it is missing.
	if code == clinic.Unauthenticated && r.Method == http.MethodGet {
		target := "/login?next=" + url.QueryEscape(r.URL.RequestURI())
		if errors.Is(err, accounts.ErrSessionExpired) {
			target += "&notice=expired"
		}
		if errors.Is(err, ErrNeedMFA) && p != nil {
			target = "/login/mfa"
			if !p.MFAEnabled {
				target = "/mfa/setup"
			}
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	data := map[string]string{"Heading": headings[code], "Message": msg}
	if status == http.StatusInternalServerError {
		data["RequestID"] = RequestID(r)
	}
	s.Render(w, r, status, "error", Page{Title: headings[code], Principal: p, Data: data})
}

// UserError reports whether err is the person's to fix on the same page.
func UserError(err error) (int, bool) {
	switch clinic.ErrorCode(err) {
	case clinic.Invalid:
		return http.StatusBadRequest, true
	case clinic.Conflict:
		return http.StatusConflict, true
	}
	return 0, false
}
