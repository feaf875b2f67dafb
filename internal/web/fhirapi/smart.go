package fhirapi

import (
	"encoding/json"
	"errors"
	"net/http"

	"onset/internal/clinic"
	"onset/internal/service/accounts"
	"onset/internal/service/backend"
)

// SMART Backend Services (SMART App Launch 2.x): a registered client gets
// an access token at TokenPath with a signed JWT assertion, and uses it
// as a bearer token on the FHIR API (scope system/*.read: reads and
// $export). The token endpoint speaks OAuth 2.0, not FHIR: its answers and
// errors are OAuth JSON (RFC 6749 §5).

// TokenPath is the token endpoint (served by web, outside /fhir, so its
// errors are OAuth's).
const TokenPath = "/auth/token"

// tokenURL is the token endpoint's absolute URL: the aud a client's
// assertion must name.
func (api *API) tokenURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || api.secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + TokenPath
}

// smartConfiguration answers GET /fhir/.well-known/smart-configuration.
func (api *API) smartConfiguration(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	scopes := []string{"system/*.read", "system/*.rs"}
	for _, t := range backend.ScopeTypes {
		scopes = append(scopes, "system/"+t+".read")
	}
	algs := make([]string, len(backend.Algorithms))
	for i, a := range backend.Algorithms {
		algs[i] = string(a)
	}
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(map[string]any{
		"token_endpoint":                                   api.tokenURL(r),
		"token_endpoint_auth_methods_supported":            []string{"private_key_jwt"},
		"token_endpoint_auth_signing_alg_values_supported": algs,
		"grant_types_supported":                            []string{backend.GrantType},
		"scopes_supported":                                 scopes,
		"capabilities":                                     []string{"client-confidential-asymmetric"},
	})
}

// Token answers POST /auth/token: an access token for a client whose
// signed assertion checks out, or an OAuth error. It writes every answer
// itself (never an error page).
func (api *API) Token(w http.ResponseWriter, r *http.Request, address, requestID string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	tok, err := api.svc.IssueBackendToken(r.Context(), backend.TokenRequest{GrantType: r.PostForm.Get("grant_type"),
		AssertionType: r.PostForm.Get("client_assertion_type"), Assertion: r.PostForm.Get("client_assertion"),
		Scope: r.PostForm.Get("scope"), TokenURL: api.tokenURL(r), Address: address, RequestID: requestID})
	if err != nil {
		var oe *backend.OAuthError
		status, body := http.StatusInternalServerError, map[string]string{"error": "server_error",
			"error_description": "The token could not be issued; try again."}
		if errors.As(err, &oe) {
			status, body = http.StatusBadRequest, map[string]string{"error": oe.Code, "error_description": oe.Description}
			if oe.Code == "invalid_client" {
				status = http.StatusUnauthorized
			}
		} else if clinic.ErrorCode(err) != clinic.Internal {
			status, body = http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": clinic.ErrorMessage(err)}
		}
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(body)
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"access_token": tok.AccessToken, "token_type": "bearer",
		"expires_in": int(tok.ExpiresIn.Seconds()), "scope": tok.Scope})
}
