package store

import (
	"context"
	"database/sql"
	"sync"

	"onset/internal/store/dbconn"
)

// A statement cache for SQLite. The pure-Go driver parses every SQL text
// it is given (a statement with triggers compiles them too), which was
// about a quarter of the demo's start-up and a tenth of a page's time;
// with the cache each text is
// prepared once per pool and then reused. A transaction holds the one
// write connection, so a text first seen inside one is prepared on the
// write pool after the transaction ends, for the next.

// maxCachedStmts bounds the cache: texts beyond it are simply not cached.
const maxCachedStmts = 1000

type stmtCache struct {
	mu     sync.Mutex
	stmts  map[*sql.DB]map[string]*sql.Stmt
	wanted map[string]bool // texts seen in transactions, not yet prepared on the write pool
}

func newStmtCache() *stmtCache {
	return &stmtCache{stmts: map[*sql.DB]map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

func (c *stmtCache) lookup(pool *sql.DB, query string) (*sql.Stmt, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.stmts[pool][query]
	return st, ok || len(c.stmts[pool]) >= maxCachedStmts
}

// prepare prepares query on pool and caches it; nil when it cannot.
func (c *stmtCache) prepare(ctx context.Context, pool *sql.DB, query string) *sql.Stmt {
	st, err := pool.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stmts[pool] == nil {
		c.stmts[pool] = map[string]*sql.Stmt{}
	}
	if old, ok := c.stmts[pool][query]; ok {
		st.Close()
		return old
	}
	c.stmts[pool][query] = st
	return st
}

func (c *stmtCache) want(query string) {
	c.mu.Lock()
	c.wanted[query] = true
	c.mu.Unlock()
}

// prepareWanted prepares on the write pool the texts transactions wanted.
func (c *stmtCache) prepareWanted(ctx context.Context, write *sql.DB) {
	c.mu.Lock()
	var todo []string
	for q := range c.wanted {
		todo = append(todo, q)
	}
	clear(c.wanted)
	c.mu.Unlock()
	for _, q := range todo {
		c.prepare(ctx, write, q)
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.stmts {
		for _, st := range m {
			st.Close()
		}
	}
}

// cachingQuerier runs SQL through the cache's statements: on pool, or
// inside tx when it is set. A text not cached runs as it would without.
type cachingQuerier struct {
	q     dbconn.Querier
	pool  *sql.DB
	tx    *sql.Tx
	cache *stmtCache
}

func (c cachingQuerier) stmt(ctx context.Context, query string) *sql.Stmt {
	st, known := c.cache.lookup(c.pool, query)
	switch {
	case st == nil && known:
		return nil // the cache is full
	case st == nil && c.tx != nil:
		c.cache.want(query)
		return nil
	case st == nil:
		if st = c.cache.prepare(ctx, c.pool, query); st == nil {
			return nil
		}
	}
	if c.tx != nil {
		return c.tx.StmtContext(ctx, st)
	}
	return st
}

func (c cachingQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.q.ExecContext(ctx, query, args...)
}

func (c cachingQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.q.QueryContext(ctx, query, args...)
}

func (c cachingQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.q.QueryRowContext(ctx, query, args...)
}

// PrepareContext prepares as the pool or transaction does (bulk inserts).
func (c cachingQuerier) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return c.q.(dbconn.Preparer).PrepareContext(ctx, query)
}
