package store

import (
	"onset/internal/store/dbconn"
	"onset/internal/store/messaging"
)

// Queries runs Onset's SQL on a pool or inside a transaction. The SQL of
// most capabilities lives in a package of its own under store, each with
// a Queries type on the same dbconn.Conn; this one embeds them all, so
// their methods are its own and it implements every port (ports.go).
type Queries struct {
	dbconn.Conn
	heads  *auditHeads
	fanout chan struct{} // a pool's Queries: DB.fanout; nil in a transaction

	messagingQueries
}

// The capabilities' Queries, named for the fields that embed them.
type (
	messagingQueries = messaging.Queries
)

// queries are db's Queries on q (a pool, or a transaction), with fanout
// the semaphore of a pool's reads (nil in a transaction).
func (db *DB) queries(q dbconn.Querier, fanout chan struct{}) *Queries {
	c := dbconn.Conn{Querier: q, Engine: db.engine}
	return &Queries{Conn: c, heads: &db.heads, fanout: fanout,
		messagingQueries: messagingQueries{Conn: c},
	}
}
