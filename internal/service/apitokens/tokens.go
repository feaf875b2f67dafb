package apitokens

import (
	"context"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/service"
)

// CreateAPIToken makes a bearer token for the actor. The token itself is
// returned once and only its hash is kept.
func (s *Service) CreateAPIToken(ctx context.Context, a service.Actor, name string) (string, error) {
	if err := service.Authorize(a, service.ActOwnTokens); err != nil {
		return "", err
	}
	name, err := (clinic.Text{Name: "the token's name", Max: 100}).Clean(name)
	if err != nil {
		return "", err
	}
	if name == "" {
		return "", clinic.Errorf(clinic.Invalid, "Give the token a name of 1 to 100 characters, e.g. \"reporting script\".")
	}
	token := auth.NewAPIToken()
	err = s.store.WithTx(ctx, func(tx Tx) error {
		id, err := tx.CreateAPIToken(ctx, clinic.APIToken{UserID: a.UserID, Name: name,
			TokenHash: auth.HashToken(token), CreatedAt: s.Now()})
		if err != nil {
			return err
		}
		e := s.Entry(a, "token.create", 0)
		e.RecordType, e.RecordID = "api_token", id
		return tx.AppendAudit(ctx, e)
	})
	if err != nil {
		return "", clinic.Wrap(err, "Could not create the token.")
	}
	return token, nil
}

// APITokens lists the actor's tokens.
func (s *Service) APITokens(ctx context.Context, a service.Actor) ([]clinic.APIToken, error) {
	if err := service.Authorize(a, service.ActOwnTokens); err != nil {
		return nil, err
	}
	ts, err := s.store.Read().APITokens(ctx, a.UserID)
	return ts, clinic.Wrap(err, "Could not list tokens.")
}

// RevokeAPIToken revokes one of the actor's tokens.
func (s *Service) RevokeAPIToken(ctx context.Context, a service.Actor, tokenID int64) error {
	if err := service.Authorize(a, service.ActOwnTokens); err != nil {
		return err
	}
	return clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.RevokeAPIToken(ctx, a.UserID, tokenID, s.Now()); err != nil {
			return err
		}
		e := s.Entry(a, "token.revoke", 0)
		e.RecordType, e.RecordID = "api_token", tokenID
		return tx.AppendAudit(ctx, e)
	}), "Could not revoke the token.")
}
