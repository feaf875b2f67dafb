package settings

import (
	"context"
	"os"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// ClinicSettings returns the settings in force, for the settings page.
func (s *Service) ClinicSettings(ctx context.Context, a service.Actor) (record.ClinicSettings, error) {
	if err := service.Authorize(a, service.ActClinicSettings); err != nil {
		return record.ClinicSettings{}, err
	}
	st, _, err := service.ClinicSettingsIn(ctx, s.store.Read(), a.ClinicID)
	if err != nil {
		return st, clinic.Wrap(err, "Could not read the clinic's settings.")
	}
	if st.CrisisText == "" {
		st.CrisisText = DefaultCrisisText()
	}
	return st, nil
}

// SaveClinicSettings checks the settings and saves them as a new
// version, with its audit row.
func (s *Service) SaveClinicSettings(ctx context.Context, a service.Actor, in record.ClinicSettings) (record.ClinicSettings, error) {
	if err := service.Authorize(a, service.ActClinicSettings); err != nil {
		return record.ClinicSettings{}, err
	}
	st, err := in.Clean()
	if err != nil {
		return st, err
	}
	st.SavedBy, st.SavedByName, st.SavedAt = a.UserID, service.ActorName(a), s.Now()
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.CreateClinicSettings(ctx, a.ClinicID, st); err != nil {
			return err
		}
		e := s.Entry(a, service.ActClinicSettings, 0)
		e.RecordType = "clinic_settings"
		return tx.AppendAudit(ctx, e)
	})
	return st, clinic.Wrap(err, "Could not save the clinic's settings.")
}

// CrisisText is what a patient is shown after a questionnaire: the
// clinic's own text, else the deployment's default (ONSET_CRISIS_TEXT,
// else Onset's). It is the same for every patient, so no actor is asked.
func (s *Service) CrisisText(ctx context.Context, clinicID int64) []string {
	text := ""
	if st, _, err := service.ClinicSettingsIn(ctx, s.store.Read(), clinicID); err == nil {
		text = st.CrisisText
	}
	if text == "" {
		text = DefaultCrisisText()
	}
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// DefaultCrisisText is the crisis text of a clinic that has set none:
// ONSET_CRISIS_TEXT (paragraphs separated by "|"), else the emergency
// numbers of the US, Europe and the UK and the US 988 Suicide & Crisis
// Lifeline (988lifeline.org). A clinic sets its own country's on its
// settings page.
func DefaultCrisisText() string {
	if v := strings.TrimSpace(os.Getenv("ONSET_CRISIS_TEXT")); v != "" {
		return strings.ReplaceAll(v, "|", "\n\n")
	}
	return "If you are in danger now or might act on thoughts of harming yourself, call your local emergency number (911 in the US, 112 in Europe, 999 in the UK) or go to the nearest emergency department.\n\n" +
		"In the US you can call or text 988, the Suicide & Crisis Lifeline, at any time of day or night.\n\n" +
		"You can also call your clinic and ask to speak with your care team."
}

// ClinicZone is the clinic's time zone, in which pages show and read
// times (UTC when it cannot be read). A zone is not patient data: no
// actor is asked.
func (s *Service) ClinicZone(ctx context.Context, clinicID int64) *time.Location {
	_, loc, err := service.ClinicSettingsIn(ctx, s.store.Read(), clinicID)
	if err != nil {
		return time.UTC
	}
	return loc
}
