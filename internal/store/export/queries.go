// Package export holds the queries of the whole-clinic export
// (service/export): each table of one clinic streamed a row at a time,
// the row counts, and the record of exports made.
package export

import "onset/internal/store/dbconn"

// Queries runs export's SQL on a pool or inside a transaction; store.Queries
// embeds it.
type Queries struct{ dbconn.Conn }
