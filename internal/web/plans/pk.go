package plans

import (
	"net/http"
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/pk"
	"onset/internal/service/accounts"
	"onset/internal/session"
	"onset/internal/web/page"
)

func (s *Pages) pkCompare(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	var weight float64
	if v := strings.TrimSpace(r.URL.Query().Get("weight")); v != "" {
		if weight, err = clinic.ParseNumber("the weight in kg", v); err != nil {
			return err
		}
	}
	c, err := s.Svc.ComparePK(r.Context(), p.Actor, id, weight)
	if err != nil {
		return err
	}
	all := append(append([]pk.ConcentrationEstimate(nil), c.ByDose...), c.ByRoute[1:]...)
	s.Render(w, r, http.StatusOK, "pk_compare", page.Page{Title: "Dose and route comparison · " + c.Patient.Name(), Principal: p,
		Data: map[string]any{
			"Patient": c.Patient, "Weight": strconv.FormatFloat(c.WeightKg, 'f', -1, 64), "WeightFrom": c.WeightFrom,
			"DoseChart":  page.EstimateChart("Same patient, 0.5 vs 0.75 mg/kg IV over 40 min (estimate)", c.ByDose),
			"RouteChart": page.EstimateChart("Same patient and dose, IV vs IM vs sublingual (estimate)", c.ByRoute),
			"Rows":       page.EstimateRows(all), "Sources": page.Sources(all)}})
	return nil
}

func (s *Pages) expectPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.Svc.Expect(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	data := map[string]any{"X": x, "Patient": x.Patient, "Own": p.Role == clinic.RolePatient}
	if x.Plan != nil && len(x.Estimate.Curve) > 0 {
		est := []pk.ConcentrationEstimate{x.Estimate}
		data["Chart"] = page.EstimateChart("How the level of the medicine in your blood is expected to rise and fall (an estimate)", est)
		data["Sources"] = page.Sources(est)
		data["Peak"] = page.Minutes(float64(x.PeakAfterMin))
		data["Gone"] = strings.TrimSuffix(strconv.FormatFloat(x.MostGoneAfterH, 'f', 1, 64), ".0")
		data["Monitor"] = page.Minutes(float64(x.MonitorMin))
		data["Infusion"] = x.Estimate.DurationMin
		data["Esketamine"] = x.Plan.Route == clinic.RouteEsketamine
		data["Driving"] = session.DrivingAdvice
	}
	if x.Plan != nil {
		if err := s.LikeYouData(r, p, id, x.Plan.Route, data); err != nil {
			return err
		}
	}
	s.Render(w, r, http.StatusOK, "expect", page.Page{Title: "What to expect", Principal: p, Data: data})
	return nil
}
