package cohort

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/scales"
)

// WarmUp fills the analytics caches a patient's page reads — each
// clinic's course rows, expected-trajectory bands and "patients like you"
// snapshot, for every questionnaire a course is measured with — so that
// the first pages after a start do not each wait for them (the load
// test's patient pages took seconds in their first ten seconds and
// 5–30 ms after). An instrument a clinic has no course rows for is
// skipped. progress, if set, hears each clinic done.
func (s *Service) WarmUp(ctx context.Context, clinicIDs []int64, progress func(clinicID int64, took time.Duration)) error {
	var insts []scales.Instrument
	seen := map[string]bool{}
	for _, c := range clinic.Conditions {
		id := scales.PrimaryFor(c)
		if in, ok := scales.Lookup(id); ok && !seen[id] {
			seen[id] = true
			insts = append(insts, in)
		}
	}
	for _, cid := range clinicIDs {
		start := time.Now()
		for _, in := range insts {
			rows, err := s.cachedCourseRows(ctx, cid, in, time.Time{}, time.Time{})
			if err != nil {
				return err
			}
			if len(rows) == 0 {
				continue
			}
			if err := s.warmBands(ctx, cid, in); err != nil {
				return err
			}
			if in.ResponseDropPct > 0 {
				if _, err := s.likeYouSnapshot(ctx, cid, in, 0); err != nil {
					return err
				}
			}
		}
		if progress != nil {
			progress(cid, time.Since(start))
		}
	}
	return nil
}

// warmBands computes a clinic's bands for inst unless fresh ones are kept.
func (s *Service) warmBands(ctx context.Context, clinicID int64, inst scales.Instrument) error {
	_, _, fresh, run := s.bandsState(bandsKey{clinicID, inst.ID}, inst)
	if fresh {
		return nil
	}
	select {
	case <-run.done:
		return run.err
	case <-ctx.Done():
		return ctx.Err()
	}
}
