package plans

import (
	"net/http"
	"strconv"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/plans"
	"onset/internal/web/page"
)

// protocolsPage lists the protocol templates; ?copy=ID opens an editable
// copy of one (built-in or the clinic's own) as JSON.
func (s *Pages) protocolsPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.renderProtocols(w, r, p, http.StatusOK, r.URL.Query().Get("copy"), "", "")
}

func (s *Pages) renderProtocols(w http.ResponseWriter, r *http.Request, p *accounts.Principal, status int, copyID, text, msg string) error {
	ts, err := s.Svc.ProtocolTemplates(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	if text == "" && copyID != "" {
		for _, t := range ts {
			if t.ID == copyID {
				c := t.Template
				if !t.Clinic {
					c.ID, c.Name = "clinic-"+c.ID, c.Name+" (clinic copy)"
				}
				text = plans.TemplateJSON(c)
			}
		}
		if text == "" {
			return clinic.Errorf(clinic.NotFound, "There is no template %q.", copyID)
		}
	}
	s.Render(w, r, status, "protocols", page.Page{Title: "Protocol templates", Principal: p, Error: msg, Data: map[string]any{
		"Templates": ts, "Text": text, "CanEdit": service.Allowed(p.Role, service.ActProtocolEdit)}})
	return nil
}

// protocolSave saves the edited template as the clinic's next version; a
// template that does not validate comes back with the text kept.
func (s *Pages) protocolSave(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	text := r.PostForm.Get("template")
	ct, err := s.Svc.SaveProtocolTemplate(r.Context(), p.Actor, text)
	if code := clinic.ErrorCode(err); code == clinic.Invalid || code == clinic.Conflict {
		return s.renderProtocols(w, r, p, page.StatusOf(code), "", text, clinic.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	done := "Saved " + ct.Template.Name + " as version " + strconv.Itoa(ct.Version) + "; new plans can use it."
	s.RedirectDone(w, r, p, "/protocols", done)
	return nil
}
