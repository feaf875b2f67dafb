package notes

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/notes"
	"onset/internal/web/page"
)

// The care team's clinical notes (service/notes): a patient's notes and a
// new note's form; one note, edited while a draft by its author, signed,
// then added to.

func noteInputOf(f url.Values) notes.Input {
	return notes.Input{Kind: f.Get("kind"), Session: f.Get("session"), Intentions: f.Get("intentions"), Themes: f.Get("themes"),
		Observations: f.Get("observations"), Plan: f.Get("plan"), Body: f.Get("body")}
}

func (s *Pages) notesPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	form := url.Values{}
	// ?kind=…&template=…: a new note from a template; a consultation also
	// starts with the intake, screening findings and latest scores.
	if kind := r.URL.Query().Get("kind"); kind != "" {
		in, err := s.Svc.NoteDraft(r.Context(), p.Actor, id, kind, r.URL.Query().Get("template"))
		if err != nil {
			return err
		}
		form = url.Values{"kind": {in.Kind}, "body": {in.Body}}
	}
	return s.renderNotes(w, r, p, id, http.StatusOK, form, "")
}

func (s *Pages) renderNotes(w http.ResponseWriter, r *http.Request, p *accounts.Principal, id int64, status int, form url.Values, problem string) error {
	rec, err := s.Svc.Patient(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	ns, err := s.Svc.PatientNotes(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	// ?q=words: the notes holding every word (record.MatchNotes).
	query := ""
	if r.Method == http.MethodGet {
		if query, err = (clinic.Text{Name: "the search", Max: 200}).Clean(r.URL.Query().Get("q")); err != nil {
			return err
		}
	}
	total := len(ns)
	ns = record.MatchNotes(ns, query)
	var templates []record.NoteTemplate
	if service.Allowed(p.Role, service.ActNoteWrite) {
		all, err := s.Svc.NoteTemplates(r.Context(), p.Actor)
		if err != nil {
			return err
		}
		for _, t := range all {
			if slices.Contains(notes.KindsFor(p.Role), t.Kind) {
				templates = append(templates, t)
			}
		}
	}
	s.Render(w, r, status, "notes", page.Page{Title: "Notes · " + rec.Patient.Name(), Principal: p, Error: problem,
		Data: map[string]any{"Patient": rec.Patient, "Notes": ns, "Query": query, "Total": total, "Kinds": notes.KindsFor(p.Role), "Sessions": record.TherapySessions,
			"Form": form, "Templates": templates, "EditTemplates": service.Allowed(p.Role, service.ActNoteTemplates)}})
	return nil
}

func (s *Pages) noteCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.Svc.CreateNote(r.Context(), p.Actor, id, noteInputOf(r.PostForm))
	if err != nil {
		if status, ok := page.UserError(err); ok {
			return s.renderNotes(w, r, p, id, status, r.PostForm, clinic.ErrorMessage(err))
		}
		return err
	}
	s.RedirectDone(w, r, p, noteURL(n.ID), "Draft saved. Sign it when it is complete.")
	return nil
}

func noteURL(id int64) string { return "/notes/" + strconv.FormatInt(id, 10) }

func (s *Pages) notePage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	nid, err := page.PathID(r, "nid")
	if err != nil {
		return err
	}
	return s.renderNote(w, r, p, nid, http.StatusOK, nil, "")
}

func (s *Pages) renderNote(w http.ResponseWriter, r *http.Request, p *accounts.Principal, nid int64, status int, form url.Values, problem string) error {
	n, err := s.Svc.Note(r.Context(), p.Actor, nid)
	if err != nil {
		return err
	}
	rec, err := s.Svc.Patient(r.Context(), p.Actor, n.PatientID)
	if err != nil {
		return err
	}
	if form == nil {
		form = url.Values{"session": {n.Session}, "intentions": {n.Intentions}, "themes": {n.Themes},
			"observations": {n.Observations}, "plan": {n.Plan}, "body": {n.Body}}
	}
	writer := service.Allowed(p.Role, service.ActNoteWrite)
	s.Render(w, r, status, "note", page.Page{Title: "Note · " + rec.Patient.Name(), Principal: p, Error: problem,
		Data: map[string]any{"Note": n, "Patient": rec.Patient, "Form": form, "Sessions": record.TherapySessions,
			"CanEdit": writer && !n.Signed() && n.AuthorID == p.UserID, "CanAdd": writer && n.Signed()}})
	return nil
}

func (s *Pages) noteSave(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	nid, err := page.PathID(r, "nid")
	if err != nil {
		return err
	}
	if _, err := s.Svc.UpdateNote(r.Context(), p.Actor, nid, noteInputOf(r.PostForm)); err != nil {
		if status, ok := page.UserError(err); ok {
			return s.renderNote(w, r, p, nid, status, r.PostForm, clinic.ErrorMessage(err))
		}
		return err
	}
	s.RedirectDone(w, r, p, noteURL(nid), "Draft saved.")
	return nil
}

func (s *Pages) noteSign(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	nid, err := page.PathID(r, "nid")
	if err != nil {
		return err
	}
	if _, err := s.Svc.SignNote(r.Context(), p.Actor, nid); err != nil {
		return s.RedirectRefused(w, r, p, noteURL(nid), err)
	}
	s.RedirectDone(w, r, p, noteURL(nid), "Signed. The note is locked; add an addendum to add to it.")
	return nil
}

func (s *Pages) noteAddendum(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	nid, err := page.PathID(r, "nid")
	if err != nil {
		return err
	}
	if _, err := s.Svc.AddNoteAddendum(r.Context(), p.Actor, nid, r.PostForm.Get("addendum")); err != nil {
		return s.RedirectRefused(w, r, p, noteURL(nid), err)
	}
	s.RedirectDone(w, r, p, noteURL(nid), "Addendum added.")
	return nil
}
