package outcomes

import (
	"bytes"
	"fmt"
	"net/http"

	"onset/internal/outcomes"
	"onset/internal/report"
	"onset/internal/service/accounts"
)

// outcomesPDF is the printable clinic outcome report: the dashboard's
// curves and tables for the same filters, as a PDF.
func (s *Pages) outcomesPDF(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	q, err := outcomeQuery(r, "")
	if err != nil {
		return err
	}
	d, err := s.Svc.OutcomeDashboard(r.Context(), p.Actor, q)
	if err != nil {
		return err
	}
	c, err := s.Svc.Clinic(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	period := "all dates"
	if v := r.URL.Query(); v.Get("from") != "" || v.Get("to") != "" {
		period = fmt.Sprintf("T0 from %s to %s", orOpen(v.Get("from")), orOpen(v.Get("to")))
	}
	rep := report.OutcomeReport{Clinic: c.Name, Instrument: d.Instrument.Name, By: string(d.By), Period: period,
		Courses: len(d.Rows), Generated: s.Now().UTC(), Times: TimeNames,
		Notes: []string{outcomes.ReadoutNote(outcomes.Readouts)}}
	if d.MinBaseline > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("Courses whose %s baseline is below %d are left out of response, remission and relapse (design.md: minimum baseline).", d.Instrument.Name, d.MinBaseline))
	}
	for _, sec := range dashboardSections(d) {
		rs := report.Section{Title: sec.Title, XLabel: sec.xLabel, Ticks: sec.ticks, LogRank: sec.LogRank, LeftOut: sec.LeftOut}
		for _, c := range sec.curves {
			rc := report.Curve{Name: c.Name, AtRisk: c.AtRisk}
			for _, st := range c.Steps {
				rc.Steps = append(rc.Steps, report.Step{T: st.Time, V: st.Value, Lo: st.Lower, Hi: st.Upper})
			}
			rs.Curves = append(rs.Curves, rc)
		}
		for _, st := range sec.Strata {
			rs.Rows = append(rs.Rows, report.Row{Name: st.Name, N: st.N, Events: st.Events, Median: st.Median,
				MedianCI: st.MedianCI, At: st.At})
		}
		rep.Sections = append(rep.Sections, rs)
	}
	forest, err := s.dashboardForest(r, p)
	if err != nil {
		return err
	}
	rep.Model = forest.reportModel()
	var buf bytes.Buffer // whole, so a failure becomes an error page, not half a file
	if err := report.WriteOutcomes(&buf, rep); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="onset-outcomes-%s.pdf"`, d.Instrument.ID))
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

func orOpen(s string) string {
	if s == "" {
		return "(open)"
	}
	return s
}
