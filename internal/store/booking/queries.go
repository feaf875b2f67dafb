// Package booking holds the queries of the clinic's calendar
// (service/booking): booking settings, resources and providers,
// appointments and the waitlist.
package booking

import "onset/internal/store/dbconn"

// Queries runs booking's SQL on a pool or inside a transaction; store.Queries
// embeds it.
type Queries struct{ dbconn.Conn }
