package service

import (
	"context"
	"sync"

	"onset/internal/clinic"
)

// AuditBatch gathers the audit entries of one request's reads so that
// they are written together, in one transaction, instead of one durable
// transaction per read: a patient's page reads four parts of the record,
// and each read's own commit waited its turn for the database's one
// writer. The caller (the web layer, for a page it is about to send)
// flushes the batch before any of the data read leaves the server, so
// "data is only returned once its read is on the record" still holds; if
// the flush fails the data is not sent.
type AuditBatch struct {
	mu      sync.Mutex
	entries []clinic.AuditEntry
	flushed bool
}

type auditBatchKey struct{}

// WithAuditBatch returns ctx carrying a new batch; AuditRead under it
// gathers instead of writing until the batch is flushed.
func WithAuditBatch(ctx context.Context) (context.Context, *AuditBatch) {
	b := &AuditBatch{}
	return context.WithValue(ctx, auditBatchKey{}, b), b
}

// add gathers e; false once the batch is flushed (e is then written on
// its own).
func (b *AuditBatch) add(e clinic.AuditEntry) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.flushed {
		return false
	}
	b.entries = append(b.entries, e)
	return true
}

// FlushAudit writes the batch's entries in one transaction, in the order
// the reads happened; later reads of the request are audited one by one.
// It is called once the request's reads are done and before their data is
// sent; the audit rows are written even if the client went away.
func (c *Core) FlushAudit(ctx context.Context, b *AuditBatch) error {
	b.mu.Lock()
	es := b.entries
	b.entries, b.flushed = nil, true
	b.mu.Unlock()
	if len(es) == 0 {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	return clinic.Wrap(c.audit.WithTx(Side(ctx), func(tx Tx) error {
		for _, e := range es {
			if err := tx.AppendAudit(ctx, e); err != nil {
				return err
			}
		}
		return nil
	}), "Could not record access to this record.")
}
