package measurement

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"onset/internal/chart"
	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/measurement"
	"onset/internal/web/page"
)

// routeNames are how routes read in chart tooltips.
var routeNames = map[clinic.Route]string{clinic.RouteIV: "IV", clinic.RouteIM: "IM",
	clinic.RouteEsketamine: "esketamine", clinic.RouteSublingual: "sublingual", clinic.RouteOral: "oral"}

// trajectoryChart draws a trajectory: severity bands, sessions, the
// response and remission lines.
func trajectoryChart(t outcomes.Trajectory, expected []chart.ExpectedBin) template.HTML {
	in, ok := scales.Lookup(t.Instrument)
	if !ok {
		return ""
	}
	c := chart.TrajectoryChart{Title: in.Name + " over days from the first session", YMax: float64(in.Max),
		Response: t.ResponseThreshold, HasResponse: t.HasBaseline && in.ResponseDropPct > 0,
		Remission: float64(in.RemissionMax), HasRemission: in.HasRemission, Expected: expected}
	for _, b := range in.Bands {
		c.Bands = append(c.Bands, chart.SeverityBand{Min: float64(b.Min), Max: float64(b.Max), Label: b.Label})
	}
	for _, p := range t.Points {
		label := fmt.Sprintf("day %.1f: %d", p.Day, p.Total)
		if p.Baseline {
			label += " (baseline)"
		}
		c.Points = append(c.Points, chart.ScorePoint{Day: p.Day, Value: float64(p.Total), Label: label})
	}
	for _, s := range t.Sessions {
		c.Sessions = append(c.Sessions, chart.SessionMark{Day: s.Day,
			Label: fmt.Sprintf("day %.1f: %s %.0f mg", s.Day, routeNames[s.Route], s.DoseMg)})
	}
	// Two drawings, one shown by the screen's width (onset.css): a phone
	// gets fewer ticks and larger labels, not a shrunken desktop chart.
	// Each SVG is built by package chart with every label escaped.
	wide := c.SVG()
	c.Compact = true
	return template.HTML(`<div class="chart-wide">` + wide + `</div><div class="chart-phone">` + c.SVG() + `</div>`)
}

// apiTrajectory is GET /api/v1/patients/{id}/trajectory?instrument=phq9.
func (s *Pages) apiTrajectory(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	inst := strings.TrimSpace(r.URL.Query().Get("instrument"))
	if inst != "" {
		if _, ok := scales.Lookup(inst); !ok {
			return clinic.Errorf(clinic.Invalid, "Unknown instrument %q (known: %s).", inst, strings.Join(scales.IDs(), ", "))
		}
	}
	t, ok, err := s.Svc.PatientTrajectory(r.Context(), p.Actor, id, inst)
	if err != nil {
		return err
	}
	if !ok {
		return clinic.Errorf(clinic.NotFound, "This patient has no course of treatment yet, so there is no trajectory.")
	}
	return page.WriteJSON(w, http.StatusOK, t)
}

// MeasurementData adds to the patient page what measurement-based care
// shows: open and past safety alerts, the trajectory with its chart and
// summary, questionnaire links, and the forms staff use.
func (s *Pages) MeasurementData(r *http.Request, p *accounts.Principal, rec record.PatientRecord, data map[string]any) error {
	m, err := s.Svc.PatientMeasurement(r.Context(), p.Actor, rec.Patient.ID)
	if err != nil {
		return err
	}
	if m.AlertsShown {
		open := 0
		for _, a := range m.Alerts {
			if a.Open() {
				open++
			}
		}
		data["Alerts"], data["OpenAlerts"] = m.Alerts, open
	}
	inst := r.URL.Query().Get("instrument")
	if _, ok := scales.Lookup(inst); !ok {
		inst = ""
	}
	t, ok, err := measurement.TrajectoryOf(rec, inst)
	if err != nil {
		return err
	}
	if ok {
		expected, err := s.expectedBins(r, p, t)
		if err != nil {
			return err
		}
		data["Trajectory"], data["TrajectoryChart"], data["Expected"] = t, trajectoryChart(t, expected), len(expected) > 0
	}
	seen := map[string]bool{}
	var taken []scales.Instrument
	for _, a := range rec.Assessments {
		if seen[a.Instrument] {
			continue
		}
		seen[a.Instrument] = true
		if in, ok := scales.Lookup(a.Instrument); ok {
			taken = append(taken, in)
		}
	}
	data["TakenInstruments"] = taken
	links := m.Links
	now := s.Now()
	var open []record.QuestionnaireLink
	for _, l := range links {
		if l.Open(now) {
			open = append(open, l)
		}
	}
	names := map[string]string{}
	for _, in := range scales.All() {
		names[in.ID] = in.Name
	}
	data["Links"], data["OpenLinks"], data["InstrumentNames"] = links, open, names
	data["Now"] = now
	data["CanRecord"] = service.Allowed(p.Role, service.ActAssessmentRecord)
	data["CanLink"] = service.Allowed(p.Role, service.ActLinkCreate)
	data["CanAck"] = service.Allowed(p.Role, service.ActAlertAck)
	data["Staff"] = p.Role != clinic.RolePatient
	data["FormInstruments"] = formInstruments(p.Role == clinic.RolePatient)
	data["LinkInstruments"] = formInstruments(true)
	return nil
}

// expectedBins turns the clinic's bands of % change from baseline into
// totals for this patient's baseline, so the chart shows where earlier
// patients starting from the same score had got to. Bins with too few
// courses (no percentiles) are left out.
func (s *Pages) expectedBins(r *http.Request, p *accounts.Principal, t outcomes.Trajectory) ([]chart.ExpectedBin, error) {
	if !t.HasBaseline || t.Baseline <= 0 {
		return nil, nil
	}
	bands, err := s.Svc.ExpectedBands(r.Context(), p.Actor, t.Instrument)
	if err != nil {
		return nil, err
	}
	total := func(pct *float64) float64 { return float64(t.Baseline) * (1 + *pct/100) }
	var out []chart.ExpectedBin
	for _, b := range bands.Bins {
		if len(b.P) != 5 || b.P[0] == nil {
			continue
		}
		out = append(out, chart.ExpectedBin{From: b.From, To: b.To,
			P10: total(b.P[0]), P25: total(b.P[1]), P50: total(b.P[2]), P75: total(b.P[3]), P90: total(b.P[4])})
	}
	return out, nil
}
