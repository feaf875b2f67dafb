package backend

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// The token request of SMART Backend Services (SMART App Launch 2.x,
// "Backend Services"; RFC 6749 §4.4 client credentials with an RFC 7523
// JWT assertion).
const (
	GrantType     = "client_credentials"
	AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	// TokenLifetime is how long an access token works; the guide
	// recommends no more than five minutes.
	TokenLifetime = 5 * time.Minute
	// maxAssertionLife is the furthest an assertion's exp may lie ahead:
	// "no more than five minutes in the future" (the guide).
	maxAssertionLife = 5 * time.Minute
	maxAssertion     = 16 << 10 // bytes of an assertion
	maxJTI           = 256
	// TokenPrefix marks Onset's backend access tokens, so a bearer token
	// is looked up in one place.
	TokenPrefix = "onsb_"
)

// Algorithms are the signature algorithms Onset verifies; the guide
// requires servers to support both.
var Algorithms = []jose.SignatureAlgorithm{jose.RS384, jose.ES384}

// OAuthError is a refusal of the token endpoint, with the error code RFC
// 6749 §5.2 names (invalid_request, invalid_client, invalid_grant,
// unsupported_grant_type, invalid_scope).
type OAuthError struct {
	Code, Description string
}

func (e *OAuthError) Error() string { return e.Description }

func refuse(code, description string) error {
	c := clinic.Invalid
	if code == "invalid_client" {
		c = clinic.Unauthenticated
	}
	return &clinic.Error{Code: c, Message: description, Err: &OAuthError{Code: code, Description: description}}
}

// TokenRequest is what a client posts to the token endpoint.
type TokenRequest struct {
	GrantType, AssertionType, Assertion, Scope string
	// TokenURL is the endpoint's own absolute URL: the assertion's aud.
	TokenURL           string
	Address, RequestID string
}

// Token is an issued access token.
type Token struct {
	AccessToken string
	Scope       string
	ExpiresIn   time.Duration
}

// IssueBackendToken checks a client's signed assertion and issues an
// access token for the scopes it asks (system reads only). The
// assertion must be signed with one of the client's registered keys
// (RS384 or ES384), name the client as iss and sub and this endpoint as
// aud, expire within five minutes, and carry a jti not used before.
func (s *Service) IssueBackendToken(ctx context.Context, req TokenRequest) (Token, error) {
	switch {
	case req.GrantType != GrantType:
		return Token{}, refuse("unsupported_grant_type", "grant_type must be client_credentials.")
	case req.AssertionType != AssertionType:
		return Token{}, refuse("invalid_request", "client_assertion_type must be "+AssertionType+".")
	case req.Assertion == "" || len(req.Assertion) > maxAssertion:
		return Token{}, refuse("invalid_request", "client_assertion must be a signed JWT.")
	}
	scope, err := ParseScope(req.Scope)
	if err != nil {
		return Token{}, err
	}
	tok, err := jwt.ParseSigned(req.Assertion, Algorithms)
	if err != nil {
		return Token{}, refuse("invalid_client", "client_assertion is not a JWT signed with RS384 or ES384.")
	}
	var unverified jwt.Claims
	if err := tok.UnsafeClaimsWithoutVerification(&unverified); err != nil || unverified.Issuer == "" {
		return Token{}, refuse("invalid_client", "client_assertion names no client (iss).")
	}
	r := s.store.Read()
	c, err := r.BackendClientByClientID(ctx, unverified.Issuer)
	if err != nil || !c.RevokedAt.IsZero() {
		return Token{}, refuse("invalid_client", "The client is not registered, or was revoked.")
	}
	set, err := ParseKeySet(c.JWKS)
	if err != nil {
		return Token{}, refuse("invalid_client", "The client's registered keys cannot be used; ask the clinic to register them again.")
	}
	keys := set.Keys
	if kid := tok.Headers[0].KeyID; kid != "" {
		keys = set.Key(kid)
	}
	var claims jwt.Claims
	verified := false
	for _, k := range keys {
		if tok.Claims(k.Key, &claims) == nil {
			verified = true
			break
		}
	}
	now := s.Now()
	switch {
	case !verified:
		return Token{}, refuse("invalid_client", "client_assertion's signature does not verify with the client's registered keys.")
	case claims.Expiry == nil || claims.ID == "" || len(claims.ID) > maxJTI:
		return Token{}, refuse("invalid_client", "client_assertion needs exp and a jti.")
	case claims.Expiry.Time().After(now.Add(maxAssertionLife)):
		return Token{}, refuse("invalid_client", "client_assertion's exp is more than five minutes ahead.")
	}
	if err := claims.ValidateWithLeeway(jwt.Expected{Issuer: c.ClientID, Subject: c.ClientID,
		AnyAudience: jwt.Audience{req.TokenURL}, Time: now}, 0); err != nil {
		return Token{}, refuse("invalid_client", "client_assertion is expired, or its iss, sub or aud is wrong (aud must be "+req.TokenURL+").")
	}
	access := TokenPrefix + strings.ToLower(auth.NewToken())
	a := clientActor(c, scope, req.Address, req.RequestID)
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.TakeAssertion(ctx, c.ID, claims.ID, claims.Expiry.Time(), now); err != nil {
			return err
		}
		if err := tx.CreateBackendToken(ctx, record.BackendToken{Hash: auth.HashToken(access), Client: c.ID, Scope: scope,
			IssuedAt: now, ExpiresAt: now.Add(TokenLifetime)}); err != nil {
			return err
		}
		e := s.Entry(a, "backend.token", 0)
		e.RecordType, e.RecordID = "backend_client", c.ID
		return tx.AppendAudit(ctx, e)
	})
	if clinic.ErrorCode(err) == clinic.Conflict {
		return Token{}, refuse("invalid_client", "client_assertion was used before (its jti); sign a new one for each request.")
	}
	if err != nil {
		return Token{}, clinic.Wrap(err, "Could not issue the token.")
	}
	return Token{AccessToken: access, Scope: scope, ExpiresIn: TokenLifetime}, nil
}

// AuthenticateBackendToken resolves an access token to the client it was
// issued to, acting as service.RoleBackend in the client's clinic with
// the scope granted.
func (s *Service) AuthenticateBackendToken(ctx context.Context, token, address, requestID string) (service.Actor, error) {
	r := s.store.Read()
	t, err := r.BackendTokenByHash(ctx, auth.HashToken(token))
	if err != nil || !s.Now().Before(t.ExpiresAt) {
		return service.Actor{}, clinic.Errorf(clinic.Unauthenticated, "Invalid or expired access token; get a new one from the token endpoint.")
	}
	c, err := r.BackendClientByRow(ctx, t.Client)
	if err != nil || !c.RevokedAt.IsZero() {
		return service.Actor{}, clinic.Errorf(clinic.Unauthenticated, "The client was revoked.")
	}
	return clientActor(c, t.Scope, address, requestID), nil
}

// clientActor is how a client acts: in its clinic, as RoleBackend, named
// in the audit trail by its name and client_id.
func clientActor(c record.BackendClient, scope, address, requestID string) service.Actor {
	return service.Actor{ClinicID: c.ClinicID, Role: service.RoleBackend, Name: "backend client " + c.Name + " (" + c.ClientID + ")",
		Scope: scope, Address: address, RequestID: requestID}
}

// ScopeTypes are the resource types a system scope may name.
var ScopeTypes = []string{"Patient", "Condition", "Observation", "QuestionnaireResponse", "Encounter", "MedicationAdministration",
	"Medication", "CarePlan", "Appointment", "Consent"}

// ParseScope checks a requested scope: one or more system read scopes,
// system/*.read or system/<Type>.read (SMART v1), or .rs / .r / .s (v2).
// It returns them space-separated as granted.
func ParseScope(scope string) (string, error) {
	fields := strings.Fields(scope)
	if len(fields) == 0 || len(fields) > 20 {
		return "", refuse("invalid_scope", "Ask for system read scopes, e.g. scope=system/*.read.")
	}
	for _, f := range fields {
		typ, perm, ok := strings.Cut(strings.TrimPrefix(f, "system/"), ".")
		switch {
		case !strings.HasPrefix(f, "system/") || !ok:
			return "", refuse("invalid_scope", "Only system scopes are granted here (system/*.read), not "+clinic.Excerpt(f, 60)+".")
		case perm != "read" && perm != "rs" && perm != "r" && perm != "s":
			return "", refuse("invalid_scope", "Backend clients only read: "+clinic.Excerpt(f, 60)+" asks for more.")
		case typ != "*" && !slices.Contains(ScopeTypes, typ):
			return "", refuse("invalid_scope", "Onset serves no FHIR type "+clinic.Excerpt(typ, 60)+".")
		}
	}
	return strings.Join(fields, " "), nil
}

// Covers reports whether a granted scope lets its holder read typ.
func Covers(scope, typ string) bool {
	for _, f := range strings.Fields(scope) {
		t, perm, _ := strings.Cut(strings.TrimPrefix(f, "system/"), ".")
		if (t == "*" || t == typ) && (perm == "read" || strings.Contains(perm, "r")) {
			return true
		}
	}
	return false
}
