package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"onset/internal/chart"
	"onset/internal/clinic"
	"onset/internal/pk"
	"onset/internal/service/accounts"
	"onset/internal/session"
)

// estimateChart draws estimates on one chart: the infusion window when
// every curve is an infusion of the same length, and the first curve's
// peak and the time it falls below 5% of that peak.
func estimateChart(title string, es []pk.ConcentrationEstimate) template.HTML {
	if len(es) == 0 {
		return ""
	}
	c := chart.Concentration{Title: title, Hours: es[0].Hours, YLabel: "ng/mL"}
	window := es[0].DurationMin
	for _, e := range es {
		cv := chart.Curve{Name: e.Label}
		for _, p := range e.Curve {
			cv.Samples = append(cv.Samples, chart.Sample{Min: p.Min, Value: p.NgPerML})
		}
		c.Curves = append(c.Curves, cv)
		if e.DurationMin != window {
			window = 0
		}
	}
	if window > 0 {
		c.Window, c.WindowLabel = [2]float64{0, float64(window)}, "infusion"
	}
	first := es[0].Summary
	c.PeakMin, c.PeakValue = first.TmaxMin, first.CmaxNgPerML
	c.PeakLabel = fmt.Sprintf("peak ≈ %.0f ng/mL at %s", first.CmaxNgPerML, minutes(first.TmaxMin))
	c.Markers = []chart.Marker{{Min: first.Below5PctOfPeakH * 60, Label: "below 5% of peak"}}
	// The SVG is built by package chart with every label escaped.
	return template.HTML(c.SVG())
}

// estimateRow is one line of a Cmax/Tmax table.
type estimateRow struct {
	Label, Cmax, Tmax, Below5, HalfLife, AUC, Model string
}

func estimateRows(es []pk.ConcentrationEstimate) []estimateRow {
	out := make([]estimateRow, len(es))
	for i, e := range es {
		out[i] = estimateRow{Label: e.Label, Cmax: fmt.Sprintf("%.0f ng/mL", e.Summary.CmaxNgPerML),
			Tmax: minutes(e.Summary.TmaxMin), Below5: fmt.Sprintf("%.1f h", e.Summary.Below5PctOfPeakH),
			HalfLife: fmt.Sprintf("%.1f h", e.Summary.TerminalHalfLifeH), AUC: fmt.Sprintf("%.0f ng·h/mL", e.Summary.AUCNgHPerML),
			Model: e.Model}
	}
	return out
}

// sources lists every distinct source behind the estimates.
func sources(es []pk.ConcentrationEstimate) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range es {
		for _, s := range e.Sources {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// minutes writes a time after the dose as "45 min" or "1 h 5 min".
func minutes(m float64) string {
	n := int(math.Round(m))
	if n < 60 {
		return strconv.Itoa(n) + " min"
	}
	if n%60 == 0 {
		return strconv.Itoa(n/60) + " h"
	}
	return fmt.Sprintf("%d h %d min", n/60, n%60)
}

func (s *Server) pkCompare(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var weight float64
	if v := strings.TrimSpace(r.URL.Query().Get("weight")); v != "" {
		if weight, err = clinic.ParseNumber("the weight in kg", v); err != nil {
			return err
		}
	}
	c, err := s.svc.ComparePK(r.Context(), p.Actor, id, weight)
	if err != nil {
		return err
	}
	all := append(append([]pk.ConcentrationEstimate(nil), c.ByDose...), c.ByRoute[1:]...)
	s.render(w, r, http.StatusOK, "pk_compare", page{Title: "Dose and route comparison · " + c.Patient.Name(), Principal: p,
		Data: map[string]any{
			"Patient": c.Patient, "Weight": strconv.FormatFloat(c.WeightKg, 'f', -1, 64), "WeightFrom": c.WeightFrom,
			"DoseChart":  estimateChart("Same patient, 0.5 vs 0.75 mg/kg IV over 40 min (estimate)", c.ByDose),
			"RouteChart": estimateChart("Same patient and dose, IV vs IM vs sublingual (estimate)", c.ByRoute),
			"Rows":       estimateRows(all), "Sources": sources(all)}})
	return nil
}

func (s *Server) expectPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.svc.Expect(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	data := map[string]any{"X": x, "Patient": x.Patient, "Own": p.Role == clinic.RolePatient}
	if x.Plan != nil && len(x.Estimate.Curve) > 0 {
		est := []pk.ConcentrationEstimate{x.Estimate}
		data["Chart"] = estimateChart("How the level of the medicine in your blood is expected to rise and fall (an estimate)", est)
		data["Sources"] = sources(est)
		data["Peak"] = minutes(float64(x.PeakAfterMin))
		data["Gone"] = strings.TrimSuffix(strconv.FormatFloat(x.MostGoneAfterH, 'f', 1, 64), ".0")
		data["Monitor"] = minutes(float64(x.MonitorMin))
		data["Infusion"] = x.Estimate.DurationMin
		data["Esketamine"] = x.Plan.Route == clinic.RouteEsketamine
		data["Driving"] = session.DrivingAdvice
	}
	if x.Plan != nil {
		if err := s.likeYouData(r, p, id, x.Plan.Route, data); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "expect", page{Title: "What to expect", Principal: p, Data: data})
	return nil
}
