package outcomes

import "math"

// CoxJSON is a fit as `onset stats cox --json` and the API print it:
// every number, a value that is not finite as null.
type CoxJSON struct {
	N            int                `json:"n"`
	Events       int                `json:"events"`
	LeftOut      map[string]int     `json:"left_out"`
	Ties         string             `json:"ties"`
	Coefficients []CoxCoefJSON      `json:"coefficients"`
	LogLik       CoxLogLikJSON      `json:"loglik"`
	Iterations   int                `json:"iterations"`
	Converged    bool               `json:"converged"`
	Tests        CoxTestsJSON       `json:"tests"`
	Concordance  CoxConcordanceJSON `json:"concordance"`
	ZPH          []CoxZPHJSON       `json:"zph"`
	Warnings     []string           `json:"warnings"`
}

type CoxCoefJSON struct {
	Name      string   `json:"name"`
	Covariate string   `json:"covariate"`
	Level     *string  `json:"level"`
	Reference *string  `json:"reference"`
	Coef      *float64 `json:"coef"`
	HR        *float64 `json:"hr"`
	SE        *float64 `json:"se"`
	Z         *float64 `json:"z"`
	P         *float64 `json:"p"`
	HRLower   *float64 `json:"hr_lower"`
	HRUpper   *float64 `json:"hr_upper"`
}

type CoxLogLikJSON struct {
	Null  float64 `json:"null"`
	Model float64 `json:"model"`
}

type CoxTestJSON struct {
	ChiSq *float64 `json:"chisq"`
	DF    int      `json:"df"`
	P     *float64 `json:"p"`
}

type CoxTestsJSON struct {
	LikelihoodRatio CoxTestJSON `json:"likelihood_ratio"`
	Wald            CoxTestJSON `json:"wald"`
	Score           CoxTestJSON `json:"score"`
}

type CoxConcordanceJSON struct {
	C          *float64 `json:"c"`
	SE         *float64 `json:"se"`
	Concordant float64  `json:"concordant"`
	Discordant float64  `json:"discordant"`
	TiedX      float64  `json:"tied_x"`
	TiedY      float64  `json:"tied_y"`
	TiedXY     float64  `json:"tied_xy"`
}

type CoxZPHJSON struct {
	Term  string   `json:"term"`
	ChiSq *float64 `json:"chisq"`
	DF    int      `json:"df"`
	P     *float64 `json:"p"`
}

// JSON is the fit as CoxJSON.
func (f CoxFit) JSON() CoxJSON {
	test := func(t CoxTest) CoxTestJSON { return CoxTestJSON{finite(t.ChiSq), t.DF, finite(t.P)} }
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	doc := CoxJSON{
		N: f.N, Events: f.Events, LeftOut: map[string]int{"missing_covariate": f.Missing},
		Ties: f.Ties.String(), Coefficients: make([]CoxCoefJSON, 0, len(f.Coefs)),
		LogLik:     CoxLogLikJSON{f.LogLik0, f.LogLik},
		Iterations: f.Iterations, Converged: f.Converged,
		Tests: CoxTestsJSON{test(f.LR), test(f.Wald), test(f.Score)},
		Concordance: CoxConcordanceJSON{C: finite(f.Concordance.C), SE: finite(f.Concordance.SE),
			Concordant: f.Concordance.Concordant, Discordant: f.Concordance.Discordant,
			TiedX: f.Concordance.TiedX, TiedY: f.Concordance.TiedY, TiedXY: f.Concordance.TiedXY},
		ZPH:      make([]CoxZPHJSON, 0, len(f.ZPH)),
		Warnings: append([]string{}, f.Warnings...),
	}
	for _, c := range f.Coefs {
		doc.Coefficients = append(doc.Coefficients, CoxCoefJSON{
			Name: c.Name, Covariate: c.Term, Level: opt(c.Level), Reference: opt(c.Reference),
			Coef: finite(c.Coef), HR: finite(c.HR), SE: finite(c.SE), Z: finite(c.Z), P: finite(c.P),
			HRLower: finite(c.Lower), HRUpper: finite(c.Upper),
		})
	}
	for _, z := range f.ZPH {
		doc.ZPH = append(doc.ZPH, CoxZPHJSON{z.Term, finite(z.ChiSq), z.DF, finite(z.P)})
	}
	return doc
}

// finite is x, or nil (JSON null) when x is not a finite number.
func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}
