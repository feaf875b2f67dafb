package plans

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// ClinicSessionSettings returns the settings in force and whether they are
// the clinic's own (false: the published defaults).
func (s *Service) ClinicSessionSettings(ctx context.Context, a service.Actor) (record.SessionSettings, bool, error) {
	if err := service.Authorize(a, service.ActSessionRead); err != nil {
		return record.SessionSettings{}, false, err
	}
	st, ok, err := s.store.Read().SessionSettings(ctx, a.ClinicID)
	if err != nil {
		return st, false, clinic.Wrap(err, "Could not load the session settings.")
	}
	if !ok {
		st = record.SettingsOf(record.DefaultSessionRules())
	}
	return st, ok, nil
}

// SaveSessionSettings stores the clinic's new session settings (the
// medical director's: clinicians and administrators), audited.
func (s *Service) SaveSessionSettings(ctx context.Context, a service.Actor, st record.SessionSettings) error {
	if err := service.Authorize(a, service.ActSessionSettings); err != nil {
		return err
	}
	if _, err := st.Rules(); err != nil {
		return err
	}
	st.SavedBy, st.SavedByName, st.SavedAt = a.UserID, service.ActorName(a), s.Now()
	return clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.CreateSessionSettings(ctx, a.ClinicID, st); err != nil {
			return err
		}
		e := s.Entry(a, service.ActSessionSettings, 0)
		e.RecordType = "session_settings"
		return tx.AppendAudit(ctx, e)
	}), "Could not save the session settings.")
}
