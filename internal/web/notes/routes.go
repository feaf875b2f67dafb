// Package notes serves the care team's clinical notes (draft, save,
// sign, addenda) and the clinic's note templates.
package notes

import (
	"onset/internal/service"
	"onset/internal/web/page"
)

// Pages serves the routes below; it builds on the Kit every page uses.
type Pages struct{ *page.Kit }

// New makes the handlers over k.
func New(k *page.Kit) *Pages { return &Pages{Kit: k} }

// Routes are the routes this package serves, for package web to mount.
func (s *Pages) Routes() []page.Route {
	return []page.Route{
		page.Full("GET /patients/{id}/notes", service.ActNoteRead, s.notesPage), // clinical notes (notes.go)
		page.Full("POST /patients/{id}/notes", service.ActNoteWrite, s.noteCreate),
		page.Full("GET /notes/{nid}", service.ActNoteRead, s.notePage),
		page.Full("POST /notes/{nid}", service.ActNoteWrite, s.noteSave),
		page.Full("POST /notes/{nid}/sign", service.ActNoteWrite, s.noteSign),
		page.Full("POST /notes/{nid}/addenda", service.ActNoteWrite, s.noteAddendum),
		page.Full("GET /admin/note-templates", service.ActNoteTemplates, s.noteTemplatesPage), // (note_templates.go)
		page.Full("POST /admin/note-templates", service.ActNoteTemplates, s.noteTemplateSave),
		page.Full("POST /admin/note-templates/{ntid}/delete", service.ActNoteTemplates, s.noteTemplateDelete),
	}
}
