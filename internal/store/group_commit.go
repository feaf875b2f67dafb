package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"onset/internal/store/dbconn"
)

// Group commit, on SQLite. SQLite has one writer, and each commit waits
// until its write is on disk (synchronous=FULL): under load the clinic's
// writes queued behind one sync each. Now a write transaction that
// arrives while another runs waits in a queue, and the next to run takes
// every one waiting (at most maxGroup) into one SQLite transaction, each
// in a savepoint of its own, so that one refused is rolled back alone,
// and commits them with one sync. Each caller returns after that commit:
// as durable as alone, and nothing half-written. A write that finds no
// queue runs alone, as before.
const maxGroup = 64

// groupCommit is the queue of write transactions waiting for the writer.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*pendingTx
	running bool // a caller is running groups; only then is the queue non-empty
	groups  int  // transactions committed so far, for the tests
}

// pendingTx is one caller's write transaction.
type pendingTx struct {
	ctx  context.Context
	fn   func(*Queries) error
	done chan txOutcome // buffered: the runner never waits on a caller
}

// txOutcome is what a caller gets back.
type txOutcome struct {
	err      error
	panicked any  // fn panicked: raised again in its own caller
	lead     bool // not run yet: the caller runs the next group itself
}

// withGroupTx queues fn and runs it in the next group: the first caller
// to find nobody running runs one group itself, the waiting ones with its
// own, then hands the next group to the first still waiting.
func (db *DB) withGroupTx(ctx context.Context, fn func(*Queries) error) error {
	p := &pendingTx{ctx: ctx, fn: fn, done: make(chan txOutcome, 1)}
	g := &db.group
	g.mu.Lock()
	g.queue = append(g.queue, p)
	lead := !g.running
	g.running = true
	g.mu.Unlock()
	var o txOutcome
	if !lead {
		o = <-p.done
	}
	if lead || o.lead {
		o = db.runGroup()
	}
	if o.panicked != nil {
		panic(o.panicked)
	}
	return o.err
}

// runGroup runs the queue's first maxGroup transactions — the caller's
// own first — as one, gives the others their outcomes and hands the
// next group to the first caller left waiting.
func (db *DB) runGroup() txOutcome {
	g := &db.group
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	group := g.queue[:n:n]
	g.queue = append([]*pendingTx(nil), g.queue[n:]...)
	g.groups++
	g.mu.Unlock()

	var out []txOutcome
	if len(group) == 1 {
		out = []txOutcome{db.runAlone(group[0])}
	} else {
		out = db.runTogether(group)
	}
	if db.stmts != nil {
		db.stmts.prepareWanted(context.Background(), db.write) // the writer is free until the next group
	}
	for i, p := range group[1:] {
		p.done <- out[i+1]
	}
	g.mu.Lock()
	if len(g.queue) > 0 {
		next := g.queue[0]
		g.mu.Unlock()
		next.done <- txOutcome{lead: true}
	} else {
		g.running = false
		g.mu.Unlock()
	}
	return out[0]
}

// runAlone runs one transaction as WithTx always did.
func (db *DB) runAlone(p *pendingTx) txOutcome {
	if err := p.ctx.Err(); err != nil {
		return txOutcome{err: err}
	}
	start := time.Now()
	defer db.observeTx(start)
	tx, err := db.write.BeginTx(context.WithoutCancel(p.ctx), nil)
	if err != nil {
		return txOutcome{err: fmt.Errorf("begin: %w", err)}
	}
	q := db.txQueries(tx)
	if o := runFn(p.fn, q); o.err != nil || o.panicked != nil {
		tx.Rollback()
		return o
	}
	if err := tx.Commit(); err != nil {
		return txOutcome{err: fmt.Errorf("commit: %w", err)}
	}
	return txOutcome{}
}

// runTogether runs a group in one transaction, each member in its own
// savepoint, and commits once.
func (db *DB) runTogether(group []*pendingTx) []txOutcome {
	out := make([]txOutcome, len(group))
	failAll := func(err error) []txOutcome {
		for i := range out {
			if out[i].err == nil && out[i].panicked == nil {
				out[i].err = err
			}
		}
		return out
	}
	bg := context.Background()
	tx, err := db.write.BeginTx(bg, nil)
	if err != nil {
		return failAll(fmt.Errorf("begin: %w", err))
	}
	q := db.txQueries(tx)
	for i, p := range group {
		if err := p.ctx.Err(); err != nil {
			out[i].err = err
			continue
		}
		start := time.Now()
		if _, err := tx.ExecContext(bg, "SAVEPOINT member"); err != nil {
			tx.Rollback()
			return failAll(fmt.Errorf("savepoint: %w", err))
		}
		out[i] = runFn(p.fn, q)
		var err error
		if out[i].err != nil || out[i].panicked != nil {
			_, err = tx.ExecContext(bg, "ROLLBACK TO member")
		}
		if err == nil {
			_, err = tx.ExecContext(bg, "RELEASE member")
		}
		db.observeTx(start)
		if err != nil {
			// SQLite abandoned the whole transaction (a full disk, an I/O
			// error): the members before this one are lost with it.
			tx.Rollback()
			return failAll(fmt.Errorf("write transaction lost with its group: %w", err))
		}
	}
	if err := tx.Commit(); err != nil {
		return failAll(fmt.Errorf("commit: %w", err))
	}
	return out
}

// runFn runs fn, turning a panic into an outcome so that a group's other
// members are still answered; the panic is raised again in fn's caller.
func runFn(fn func(*Queries) error, q *Queries) (o txOutcome) {
	defer func() {
		if r := recover(); r != nil {
			o = txOutcome{panicked: r}
		}
	}()
	return txOutcome{err: fn(q)}
}

// txQueries is the Queries of a write transaction. Its statements ignore
// their callers' cancellation: SQLite rolls back the whole transaction
// when a write statement is interrupted, which in a group would undo the
// other members too. Write transactions are short.
func (db *DB) txQueries(tx *sql.Tx) *Queries {
	var q dbconn.Querier = tx
	if db.stmts != nil {
		q = cachingQuerier{q: tx, pool: db.write, tx: tx, cache: db.stmts}
	}
	return db.queries(uncancelled{q}, nil)
}

func (db *DB) observeTx(start time.Time) {
	if db.onTx != nil {
		db.onTx(time.Since(start))
	}
}

// uncancelled runs statements without their context's cancellation.
type uncancelled struct{ q dbconn.Querier }

func (u uncancelled) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return u.q.ExecContext(context.WithoutCancel(ctx), query, args...)
}

func (u uncancelled) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return u.q.QueryContext(context.WithoutCancel(ctx), query, args...)
}

func (u uncancelled) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return u.q.QueryRowContext(context.WithoutCancel(ctx), query, args...)
}

// PrepareContext prepares as the transaction does (bulk inserts).
func (u uncancelled) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return u.q.(dbconn.Preparer).PrepareContext(context.WithoutCancel(ctx), query)
}
