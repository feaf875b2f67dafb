package web

import (
	"net/http"
	"onset/internal/web/page"

	"onset/internal/service/accounts"
)

// worklistPage is what the signed-in member of staff has to do, most
// urgent first (service/worklist); j and k move between items, Enter
// opens one (worklist.js).
func (s *Server) worklistPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	kind := r.URL.Query().Get("kind") // one kind in full, from its "more" item
	items, err := s.Svc.WorkItemsOfKind(r.Context(), p.Actor, kind)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "worklist", page.Page{Title: "Worklist", Principal: p, Data: map[string]any{"Items": items, "Kind": kind}})
	return nil
}
