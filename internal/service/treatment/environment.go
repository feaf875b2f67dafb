package treatment

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// EnvironmentInput is how a session is set (issue 15), each "yes", "no"
// or blank (not recorded).
type EnvironmentInput struct {
	Music, Eyeshade, SupportPerson string
}

// RecordSessionEnvironment records an open session's environment — music,
// an eyeshade, a support person present — for the clinic's analysis of
// what goes with faster response. Blank parts stay not recorded.
func (s *Service) RecordSessionEnvironment(ctx context.Context, a service.Actor, sessionID int64, in EnvironmentInput) (record.TreatmentSession, error) {
	ts, err := s.loadWritable(ctx, a, service.ActSessionChart, sessionID)
	if err != nil {
		return ts, err
	}
	var env clinic.SessionEnvironment
	for _, p := range []struct {
		v, what string
		dst     **bool
	}{{in.Music, "music", &env.Music}, {in.Eyeshade, "eyeshade", &env.Eyeshade}, {in.SupportPerson, "support person", &env.SupportPerson}} {
		if *p.dst, err = yesNoUnknown(p.what, p.v); err != nil {
			return ts, err
		}
	}
	ts.Environment = env
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := service.LockOpenSession(ctx, tx, ts); err != nil {
			return err
		}
		if err := tx.SetSessionEnvironment(ctx, ts); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.SessionEntry(a, service.ActSessionChart, ts))
	})
	return ts, clinic.Wrap(err, "Could not save the session's environment.")
}

func yesNoUnknown(what, v string) (*bool, error) {
	switch v {
	case "":
		return nil, nil
	case "yes", "no":
		b := v == "yes"
		return &b, nil
	}
	return nil, clinic.Errorf(clinic.Invalid, "Answer %s with yes, no or not recorded.", what)
}
