// Package cohort holds the queries of the outcome analytics
// (service/cohort): every course's histories streamed together, the
// factors the outcome models read, and the cached cohort rows.
package cohort

import "onset/internal/store/dbconn"

// Queries runs cohort's SQL on a pool or inside a transaction;
// store.Queries embeds it.
type Queries struct {
	dbconn.Conn
	// Fanout, a pool's, bounds the reads that hold several connections
	// at once (store.DB.fanout); nil in a transaction.
	Fanout chan struct{}
}
