// Package treatment holds the queries of treatment sessions and what
// hangs on them (service/treatment, signoff, floor, custody, worklist):
// sessions, doses, vitals and their alerts, side effects, REMS forms and
// enrolments, sign-off and addenda, the session environment, the
// controlled-substance ledger, the room's open problems, and the
// worklist's rows.
package treatment

import "onset/internal/store/dbconn"

// Queries runs treatment's SQL on a pool or inside a transaction; store.Queries
// embeds it.
type Queries struct{ dbconn.Conn }
