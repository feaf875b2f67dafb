// Package outreach holds the queries of what is sent to patients and
// their choices about it (service/outreach, consent): the outbox,
// appointment reminders and notices, contact preferences and SMS opt-outs.
package outreach

import "onset/internal/store/dbconn"

// Queries runs outreach's SQL on a pool or inside a transaction; store.Queries
// embeds it.
type Queries struct{ dbconn.Conn }
