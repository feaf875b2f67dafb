// Package accounts holds the queries of who may sign in and where
// (service/accounts, apitokens, backend, locations): organizations and
// clinics with their settings, staff accounts and their credentials, web
// sessions, API tokens, password tokens and account messages, form tokens,
// and backend clients.
package accounts

import "onset/internal/store/dbconn"

// Queries runs accounts's SQL on a pool or inside a transaction; store.Queries
// embeds it.
type Queries struct{ dbconn.Conn }
