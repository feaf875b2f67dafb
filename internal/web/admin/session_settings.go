package admin

import (
	"net/http"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/web/page"
)

// settingField is one number on the session settings form.
type settingField struct {
	Name, Label, Unit string
	Value             int
}

func settingFields(st record.SessionSettings) []settingField {
	return []settingField{
		{"hold_max_systolic", "Hold the dose when systolic BP is above", "mmHg", st.HoldMaxSystolic},
		{"hold_max_diastolic", "… or diastolic BP is above", "mmHg", st.HoldMaxDiastolic},
		{"hold_older_age", "From this age on", "years", st.HoldOlderAge},
		{"hold_older_max_systolic", "… hold when systolic BP is above", "mmHg", st.HoldOlderMaxSystolic},
		{"alert_rise_systolic", "Alert at a systolic rise from baseline of", "mmHg", st.AlertRiseSystolic},
		{"alert_rise_diastolic", "Alert at a diastolic rise from baseline of", "mmHg", st.AlertRiseDiastolic},
		{"alert_max_systolic", "Alert when systolic BP is above", "mmHg", st.AlertMaxSystolic},
		{"alert_max_diastolic", "Alert when diastolic BP is above", "mmHg", st.AlertMaxDiastolic},
		{"alert_min_spo2", "Alert when SpO2 is below", "%", st.AlertMinSpO2},
		{"alert_max_heart_rate", "Alert when heart rate stays above", "/min", st.AlertMaxHeartRate},
		{"alert_sustained_min", "… for at least", "min", st.AlertSustainedMin},
		{"discharge_min_after_dose_min", "Minimum monitoring after the dose (racemic ketamine)", "min", st.DischargeMinAfterMin},
		{"vitals_every_during_min", "Vital signs every, during the dose", "min", st.VitalsEveryDuringMin},
		{"vitals_every_after_min", "Vital signs every, after the dose", "min", st.VitalsEveryAfterMin},
	}
}

func (s *Pages) sessionSettingsPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	st, own, err := s.Svc.ClinicSessionSettings(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	return s.renderSessionSettings(w, r, p, http.StatusOK, st, own, "")
}

func (s *Pages) renderSessionSettings(w http.ResponseWriter, r *http.Request, p *accounts.Principal, status int,
	st record.SessionSettings, own bool, msg string) error {
	s.Render(w, r, status, "session_settings", page.Page{Title: "Session rules", Principal: p, Error: msg, Data: map[string]any{
		"Fields": settingFields(st), "Own": own, "Settings": st, "CanEdit": service.Allowed(p.Role, service.ActSessionSettings)}})
	return nil
}

func (s *Pages) sessionSettingsSave(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	fr := page.FormOf(r)
	st := record.SessionSettings{
		HoldMaxSystolic: fr.Int("hold_max_systolic", "systolic hold limit"), HoldMaxDiastolic: fr.Int("hold_max_diastolic", "diastolic hold limit"),
		HoldOlderAge: fr.Int("hold_older_age", "older-adult age"), HoldOlderMaxSystolic: fr.Int("hold_older_max_systolic", "older-adult systolic limit"),
		AlertRiseSystolic: fr.Int("alert_rise_systolic", "systolic rise"), AlertRiseDiastolic: fr.Int("alert_rise_diastolic", "diastolic rise"),
		AlertMaxSystolic: fr.Int("alert_max_systolic", "systolic alert limit"), AlertMaxDiastolic: fr.Int("alert_max_diastolic", "diastolic alert limit"),
		AlertMinSpO2: fr.Int("alert_min_spo2", "SpO2 limit"), AlertMaxHeartRate: fr.Int("alert_max_heart_rate", "heart-rate limit"),
		AlertSustainedMin: fr.Int("alert_sustained_min", "sustained minutes"), DischargeMinAfterMin: fr.Int("discharge_min_after_dose_min", "minimum monitoring"),
		VitalsEveryDuringMin: fr.Int("vitals_every_during_min", "interval during the dose"), VitalsEveryAfterMin: fr.Int("vitals_every_after_min", "interval after the dose")}
	err := fr.Err
	if err == nil {
		err = s.Svc.SaveSessionSettings(r.Context(), p.Actor, st)
	}
	if code := clinic.ErrorCode(err); code == clinic.Invalid {
		return s.renderSessionSettings(w, r, p, http.StatusBadRequest, st, true, clinic.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	s.RedirectDone(w, r, p, "/admin/session-settings", "Session rules saved; they apply from the next reading.")
	return nil
}
