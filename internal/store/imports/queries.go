// Package imports holds the queries of bulk imports (service/imports):
// import keys and the prepared bulk inserts of patients, administrations
// and assessments.
package imports

import "onset/internal/store/dbconn"

// Queries runs imports's SQL on a pool or inside a transaction; store.Queries
// embeds it.
type Queries struct{ dbconn.Conn }
