package backend

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/go-jose/go-jose/v4"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Limits on what an admin registers.
const (
	maxJWKS     = 64 << 10 // bytes of a key set
	maxKeys     = 10       // keys in a set (rotation keeps two or three)
	minRSABits  = 2048     // RS384 keys shorter than this are refused (NIST SP 800-131A)
	clientIDLen = 32       // characters of a generated client_id
)

// RegisterBackendClient registers a system for SMART Backend Services
// with its public keys (a JSON Web Key Set of RSA keys of at least 2048
// bits or P-384 EC keys, public halves only) and returns it with its new
// client_id.
func (s *Service) RegisterBackendClient(ctx context.Context, a service.Actor, name, jwks string) (record.BackendClient, error) {
	if err := service.Authorize(a, service.ActBackendManage); err != nil {
		return record.BackendClient{}, err
	}
	name, err := (clinic.Text{Name: "the client's name", Max: 100}).Clean(name)
	if err != nil {
		return record.BackendClient{}, err
	}
	if name == "" {
		return record.BackendClient{}, clinic.Errorf(clinic.Invalid, "Give the client a name, e.g. \"research warehouse\".")
	}
	if _, err := ParseKeySet(jwks); err != nil {
		return record.BackendClient{}, err
	}
	c := record.BackendClient{ClinicID: a.ClinicID, ClientID: strings.ToLower(auth.NewToken())[:clientIDLen], Name: name,
		JWKS: strings.TrimSpace(jwks), CreatedBy: a.UserID, CreatedAt: s.Now()}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		id, err := tx.CreateBackendClient(ctx, c)
		if err != nil {
			return err
		}
		c.ID = id
		e := s.Entry(a, "backend.register", 0)
		e.RecordType, e.RecordID = "backend_client", id
		return tx.AppendAudit(ctx, e)
	})
	return c, clinic.Wrap(err, "Could not register the client.")
}

// BackendClients lists the clinic's clients.
func (s *Service) BackendClients(ctx context.Context, a service.Actor) ([]record.BackendClient, error) {
	if err := service.Authorize(a, service.ActBackendManage); err != nil {
		return nil, err
	}
	cs, err := s.store.Read().BackendClients(ctx, a.ClinicID)
	return cs, clinic.Wrap(err, "Could not list the backend clients.")
}

// RevokeBackendClient revokes a client: its tokens stop working at once
// and it can get no more.
func (s *Service) RevokeBackendClient(ctx context.Context, a service.Actor, id int64) error {
	if err := service.Authorize(a, service.ActBackendManage); err != nil {
		return err
	}
	return clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.RevokeBackendClient(ctx, a.ClinicID, id, s.Now()); err != nil {
			return err
		}
		e := s.Entry(a, "backend.revoke", 0)
		e.RecordType, e.RecordID = "backend_client", id
		return tx.AppendAudit(ctx, e)
	}), "Could not revoke the client.")
}

// ParseKeySet reads a client's JSON Web Key Set and checks every key is a
// public key Onset verifies assertions with: RSA of at least 2048 bits
// (RS384) or EC on P-384 (ES384). A private key is refused: the client
// keeps it, Onset must never hold it.
func ParseKeySet(jwks string) (jose.JSONWebKeySet, error) {
	var set jose.JSONWebKeySet
	bad := func(format string, args ...any) (jose.JSONWebKeySet, error) {
		return jose.JSONWebKeySet{}, clinic.Errorf(clinic.Invalid, "The key set: "+format, args...)
	}
	switch {
	case len(jwks) > maxJWKS:
		return bad("is longer than %d KiB.", maxJWKS>>10)
	case !utf8.ValidString(jwks):
		return bad("is not valid UTF-8 text.")
	}
	if err := json.Unmarshal([]byte(jwks), &set); err != nil {
		return bad("is not a JSON Web Key Set ({\"keys\": [...]}) Onset can read (%s).", clean(err))
	}
	if len(set.Keys) == 0 || len(set.Keys) > maxKeys {
		return bad("give from 1 to %d keys.", maxKeys)
	}
	for i, k := range set.Keys {
		if !k.IsPublic() {
			return bad("key %d is a private key. Register only the public key; the private key stays with the client.", i+1)
		}
		if !k.Valid() {
			return bad("key %d is not a valid key.", i+1)
		}
		switch key := k.Key.(type) {
		case *rsa.PublicKey:
			if key.N.BitLen() < minRSABits {
				return bad("key %d is an RSA key of %d bits; use at least %d.", i+1, key.N.BitLen(), minRSABits)
			}
			if k.Algorithm != "" && k.Algorithm != string(jose.RS384) {
				return bad("key %d is for %s; Onset takes RS384 for RSA keys.", i+1, k.Algorithm)
			}
		case *ecdsa.PublicKey:
			if key.Curve != elliptic.P384() {
				return bad("key %d is on curve %s; Onset takes P-384 (ES384).", i+1, key.Curve.Params().Name)
			}
			if k.Algorithm != "" && k.Algorithm != string(jose.ES384) {
				return bad("key %d is for %s; Onset takes ES384 for P-384 keys.", i+1, k.Algorithm)
			}
		default:
			return bad("key %d is neither an RSA nor a P-384 EC key.", i+1)
		}
	}
	return set, nil
}

// clean keeps a library's parse error short and free of the input.
func clean(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	if len(msg) > 120 {
		msg = msg[:120]
	}
	return msg
}
