package treatment

import (
	"html/template"
	"net/http"

	"onset/internal/service/accounts"
	"onset/internal/service/treatment"
	"onset/internal/web/page"
)

// treatmentEnvironment records how the session is set: music, an
// eyeshade, a support person present (issue 15).
func (s *Pages) treatmentEnvironment(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "Environment saved.", func(id int64, fr *page.FormReader) error {
		_, err := s.Svc.RecordSessionEnvironment(r.Context(), p.Actor, id, treatment.EnvironmentInput{
			Music: fr.F.Get("music"), Eyeshade: fr.F.Get("eyeshade"), SupportPerson: fr.F.Get("support_person")})
		return err
	})
}

// yesNoText shows a recorded yes/no, or that it was not recorded.
func yesNoText(b *bool) string {
	switch {
	case b == nil:
		return "not recorded"
	case *b:
		return "yes"
	}
	return "no"
}

// yesNoValue is a recorded yes/no as the form's value ("" when not recorded).
func yesNoValue(b *bool) string {
	if b == nil {
		return ""
	}
	if *b {
		return "yes"
	}
	return "no"
}

func init() { page.AddFuncs(template.FuncMap{"yesNo": yesNoText, "yesNoValue": yesNoValue}) }
