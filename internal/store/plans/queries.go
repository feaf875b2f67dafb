// Package plans holds the queries of treatment plans and what they rest
// on (service/plans, patients): plans and their sessions, intakes and
// screening overrides, the clinic's protocol templates, session settings.
package plans

import "onset/internal/store/dbconn"

// Queries runs plans's SQL on a pool or inside a transaction; store.Queries
// embeds it.
type Queries struct{ dbconn.Conn }
