package outcomes

import (
	"net/http"
	"strings"

	"onset/internal/clinic"
	"onset/internal/service/accounts"
	"onset/internal/service/cohort"
	"onset/internal/web/page"
)

// modelQuery reads a Cox model's parameters (issue 15) from the query:
// the dashboard's filters plus covariates=a,b, ties=efron|breslow and
// reference=col=level (repeatable).
func modelQuery(r *http.Request) (cohort.ModelQuery, error) {
	oq, err := outcomeQuery(r, "")
	if err != nil {
		return cohort.ModelQuery{}, err
	}
	v := r.URL.Query()
	q := cohort.ModelQuery{Instrument: oq.Instrument, Event: oq.Event, Ties: v.Get("ties"), From: oq.From, To: oq.To, Provider: oq.Provider}
	for _, c := range strings.Split(v.Get("covariates"), ",") {
		if c = strings.TrimSpace(c); c != "" {
			q.Covariates = append(q.Covariates, c)
		}
	}
	for _, ref := range v["reference"] {
		col, level, ok := strings.Cut(ref, "=")
		col, level = strings.TrimSpace(col), strings.TrimSpace(level)
		if !ok || col == "" || level == "" {
			return q, clinic.Errorf(clinic.Invalid, "reference must be covariate=level, e.g. reference=route=iv.")
		}
		if q.References == nil {
			q.References = map[string]string{}
		}
		if _, dup := q.References[col]; dup {
			return q, clinic.Errorf(clinic.Invalid, "Two reference levels for %s.", col)
		}
		q.References[col] = level
	}
	return q, nil
}

// apiOutcomeModel is GET /api/v1/outcomes/model: the document of `onset
// outcomes --model cox --json`.
func (s *Pages) apiOutcomeModel(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	q, err := modelQuery(r)
	if err != nil {
		return err
	}
	m, err := s.Svc.OutcomeModel(r.Context(), p.Actor, q)
	if err != nil {
		return err
	}
	return page.WriteJSON(w, http.StatusOK, m.JSON())
}
