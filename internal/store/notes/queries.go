// Package notes holds the queries of clinical notes (service/notes):
// notes, their addenda and drafts, and the clinic's note templates.
package notes

import "onset/internal/store/dbconn"

// Queries runs notes's SQL on a pool or inside a transaction; store.Queries
// embeds it.
type Queries struct{ dbconn.Conn }
