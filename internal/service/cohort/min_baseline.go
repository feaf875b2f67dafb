package cohort

import (
	"context"

	"onset/internal/scales"
)

// minBaseline is the clinic's minimum baseline on inst (design.md §3):
// courses below it are left out of response, remission and relapse as
// outcomes.BaselineBelowMin. The clinic's own lower value when its settings
// hold one (record.ClinicSettings.MinBaseline), else the instrument's.
func (s *Service) minBaseline(ctx context.Context, clinicID int64, inst scales.Instrument) (int, error) {
	if _, ok := scales.MinBaseline(inst.ID); !ok {
		return 0, nil
	}
	st, _, err := s.analytics.Analytics().ClinicSettings(ctx, clinicID)
	if err != nil {
		return 0, err
	}
	return st.MinBaseline(inst.ID), nil
}
