package plans

import (
	"net/http"
	"time"

	"onset/internal/record"
	"onset/internal/service/accounts"
	"onset/internal/web/page"
)

type apiPlannedSession struct {
	Number        int      `json:"number"`
	Phase         string   `json:"phase"`
	Date          string   `json:"date"`
	Route         string   `json:"route"`
	DoseMg        float64  `json:"dose_mg"`
	MgPerKg       float64  `json:"mg_per_kg,omitempty"`
	Devices       int      `json:"devices,omitempty"`
	DurationMin   int      `json:"duration_min,omitempty"`
	MonitorMin    int      `json:"monitor_min,omitempty"`
	VolumeML      float64  `json:"volume_ml,omitempty"`
	TotalML       float64  `json:"total_ml,omitempty"`
	RateMLPerHour float64  `json:"rate_ml_per_hour,omitempty"`
	Steps         []string `json:"steps"`
}

type apiPlan struct {
	ID         int64               `json:"id"`
	PatientID  int64               `json:"patient_id"`
	Version    int                 `json:"version"`
	Status     string              `json:"status"`
	TemplateID string              `json:"template_id"`
	Route      string              `json:"route"`
	WeightKg   float64             `json:"weight_kg"`
	AgeYears   int                 `json:"age_years"`
	StartDate  string              `json:"start_date"`
	Weekdays   []int               `json:"weekdays"` // 0 = Sunday … 6 = Saturday
	Reason     string              `json:"reason"`
	CreatedBy  string              `json:"created_by"`
	CreatedAt  time.Time           `json:"created_at"`
	SignedBy   string              `json:"signed_by"`
	SignedAt   time.Time           `json:"signed_at"`
	Sessions   []apiPlannedSession `json:"sessions"`
}

func toAPIPlan(p record.Plan) apiPlan {
	out := apiPlan{ID: p.ID, PatientID: p.PatientID, Version: p.Version, Status: string(p.Status), TemplateID: p.TemplateID,
		Route: string(p.Route), WeightKg: p.WeightKg, AgeYears: p.AgeYears, StartDate: p.StartDate.Format(time.DateOnly),
		Weekdays: []int{}, Reason: p.Reason, CreatedBy: p.CreatedByName, CreatedAt: p.CreatedAt, SignedBy: p.SignedByName,
		SignedAt: p.SignedAt, Sessions: []apiPlannedSession{}}
	for _, d := range p.Weekdays {
		out.Weekdays = append(out.Weekdays, int(d))
	}
	for _, s := range p.Sessions {
		steps := s.Steps
		if steps == nil {
			steps = []string{}
		}
		out.Sessions = append(out.Sessions, apiPlannedSession{Number: s.Number, Phase: s.Phase, Date: s.Date.Format(time.DateOnly),
			Route: string(s.Route), DoseMg: s.DoseMg, MgPerKg: s.MgPerKg, Devices: s.Devices, DurationMin: s.DurationMin,
			MonitorMin: s.MonitorMin, VolumeML: s.VolumeML, TotalML: s.TotalML, RateMLPerHour: s.RateMLPerHour, Steps: steps})
	}
	return out
}

// apiSignedPlan answers the patient's plan in force, or 404 when no plan
// is signed: what scheduling and outside systems book against.
func (s *Pages) apiSignedPlan(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	plan, err := s.Svc.SignedPlan(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	return page.WriteJSON(w, http.StatusOK, toAPIPlan(plan))
}
