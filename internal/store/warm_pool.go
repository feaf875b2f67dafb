package store

import (
	"context"
	"database/sql"
)

// WarmPool opens the read connections the pool keeps idle (half of
// PostgreSQL's --db-max-conns; all of SQLite's readers) before a server
// listens. Otherwise the first burst of pages opens them one by one: in
// the load test, 32 users' first pages on PostgreSQL took up to 0.5 s in
// the server's first second and 40 ms after it.
func (db *DB) WarmPool(ctx context.Context) error {
	n := db.read.Stats().MaxOpenConnections
	if db.engine == Postgres {
		n = max(n/2, 1) // postgresPool's idle connections
	}
	conns := make([]*sql.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close() // back to the pool, idle
		}
	}()
	for range n {
		c, err := db.read.Conn(ctx)
		if err != nil {
			return err
		}
		conns = append(conns, c)
		if err := c.PingContext(ctx); err != nil {
			return err
		}
	}
	return nil
}
