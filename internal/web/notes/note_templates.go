package notes

import (
	"net/http"
	"net/url"
	"strconv"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service/accounts"
	"onset/internal/web/page"
)

// The clinic's note templates (service/notes templates.go): listed and
// edited by admins and prescribers; a new note starts from one on the
// patient's notes page.

func (s *Pages) noteTemplatesPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.renderNoteTemplates(w, r, p, http.StatusOK, nil, "")
}

func (s *Pages) renderNoteTemplates(w http.ResponseWriter, r *http.Request, p *accounts.Principal, status int, form url.Values, problem string) error {
	ts, err := s.Svc.NoteTemplates(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	if form == nil {
		form = url.Values{}
	}
	s.Render(w, r, status, "note_templates", page.Page{Title: "Note templates", Principal: p, Error: problem,
		Data: map[string]any{"Templates": ts, "Kinds": []string{record.NoteProgress, record.NoteConsultation, record.NoteTherapy},
			"Form": form}})
	return nil
}

func (s *Pages) noteTemplateSave(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	f := r.PostForm
	var id int64
	if v := f.Get("id"); v != "" && v != "0" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return clinic.Errorf(clinic.Invalid, "That template is not one of this clinic's.")
		}
		id = n
	}
	t, err := s.Svc.SaveNoteTemplate(r.Context(), p.Actor, record.NoteTemplate{ID: id, Kind: f.Get("kind"), Name: f.Get("name"), Body: f.Get("body")})
	if err != nil {
		if status, ok := page.UserError(err); ok {
			return s.renderNoteTemplates(w, r, p, status, f, clinic.ErrorMessage(err))
		}
		return err
	}
	s.RedirectDone(w, r, p, "/admin/note-templates", "Saved the template "+strconv.Quote(t.Name)+".")
	return nil
}

func (s *Pages) noteTemplateDelete(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "ntid")
	if err != nil {
		return err
	}
	if err := s.Svc.DeleteNoteTemplate(r.Context(), p.Actor, id); err != nil {
		return s.RedirectRefused(w, r, p, "/admin/note-templates", err)
	}
	s.RedirectDone(w, r, p, "/admin/note-templates", "Deleted the template.")
	return nil
}
