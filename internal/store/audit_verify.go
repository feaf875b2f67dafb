package store

import (
	"context"

	"onset/internal/auditchain"
)

// VerifyAudit walks every clinic's audit chain and compares its end with
// the clinic's head and with anchors (heads written down outside the
// database, by clinic ID). Each report names the first problem, if any.
func (q *Queries) VerifyAudit(ctx context.Context, anchors map[int64][]auditchain.Head) ([]auditchain.Report, error) {
	ids, err := q.ClinicIDs(ctx)
	if err != nil {
		return nil, err
	}
	var out []auditchain.Report
	for _, id := range ids {
		v := auditchain.NewVerifier(id, anchors[id]...)
		if err := q.AuditChain(ctx, id, func(r auditchain.Row) error { v.Add(r); return nil }); err != nil {
			return nil, err
		}
		head, err := q.AuditHead(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, v.Finish(head))
	}
	return out, nil
}
