package admin

import (
	"net/http"
	"strings"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/web/page"
)

// clinicSettingsPage shows the clinic's settings for its administrator.
func (s *Pages) clinicSettingsPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	st, err := s.Svc.ClinicSettings(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	return s.renderClinicSettings(w, r, p, http.StatusOK, st, "")
}

func (s *Pages) renderClinicSettings(w http.ResponseWriter, r *http.Request, p *accounts.Principal, status int, st record.ClinicSettings, problem string) error {
	var exports []record.ClinicExport
	canExport := service.Allowed(p.Role, service.ActClinicExport)
	if canExport {
		var err error
		if exports, err = s.Svc.ClinicExports(r.Context(), p.Actor, 5); err != nil {
			return err
		}
	}
	s.Render(w, r, status, "clinic_settings", page.Page{Title: "Clinic settings", Principal: p, Error: problem,
		Data: map[string]any{"Settings": st, "Zones": commonZones, "CanExport": canExport, "Exports": exports, "MinBaselines": minBaselineFields(st), "Defaults": map[string]string{
			"Treatment":    strings.Join(record.DefaultVisitInstructions(schedule.Infusion), "\n"),
			"Esketamine":   strings.Join(record.DefaultVisitInstructions(schedule.Esketamine), "\n"),
			"Consultation": strings.Join(record.DefaultVisitInstructions(schedule.Consultation), "\n")}}})
	return nil
}

// clinicSettingsSave saves a new version; a refused form is shown again
// with what was typed and the reason.
func (s *Pages) clinicSettingsSave(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	f := r.PostForm
	in := record.ClinicSettings{Name: f.Get("name"), Address: f.Get("address"), Phone: f.Get("phone"), Timezone: f.Get("timezone"),
		SenderName: f.Get("sender_name"), ReplyTo: f.Get("reply_to"), SenderEmail: f.Get("sender_email"), SMSFrom: f.Get("sms_from"), CrisisText: f.Get("crisis_text"),
		QuietFrom: f.Get("quiet_from"), QuietUntil: f.Get("quiet_until"), TreatmentInstructions: f.Get("treatment_instructions"),
		EsketamineInstructions: f.Get("esketamine_instructions"), ConsultationInstructions: f.Get("consultation_instructions")}
	for _, n := range []struct {
		field, what string
		v           *int
	}{{"reminder_hours", "the reminder lead time", &in.ReminderHours},
		{"pre_session_hours", "the hours before a session", &in.PreSessionHours},
		{"post_session_hours", "the hours after a session", &in.PostSessionHours},
		{"induction_days", "the days between check-ins in the first four weeks", &in.InductionDays},
		{"maintenance_days", "the days between check-ins after them", &in.MaintenanceDays}} {
		if v := strings.TrimSpace(f.Get(n.field)); v != "" {
			x, err := clinic.ParseInt(n.what, v)
			if err != nil {
				return s.renderClinicSettings(w, r, p, http.StatusBadRequest, in, clinic.ErrorMessage(err))
			}
			*n.v = x
		}
	}
	if err := readMinBaselines(f, &in); err != nil {
		return s.renderClinicSettings(w, r, p, http.StatusBadRequest, in, clinic.ErrorMessage(err))
	}
	if _, err := s.Svc.SaveClinicSettings(r.Context(), p.Actor, in); err != nil {
		if clinic.ErrorCode(err) == clinic.Invalid {
			return s.renderClinicSettings(w, r, p, http.StatusBadRequest, in, clinic.ErrorMessage(err))
		}
		return err
	}
	s.ForgetZone(p.ClinicID)
	s.RedirectDone(w, r, p, "/admin/clinic", "Clinic settings saved.")
	return nil
}

// commonZones are offered first; any IANA name may be typed.
var commonZones = []string{"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
	"America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver", "Europe/London", "Europe/Dublin",
	"Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Amsterdam", "Australia/Sydney", "Pacific/Auckland", "UTC"}
