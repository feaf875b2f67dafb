package messaging

import "onset/internal/store/dbconn"

// Queries runs the messaging SQL on a pool or inside a transaction;
// store.Queries embeds it.
type Queries struct{ dbconn.Conn }
