package web

import (
	"net/http"

	"onset/internal/service/accounts"
)

// worklistPage is what the signed-in member of staff has to do, most
// urgent first (service/worklist); j and k move between items, Enter
// opens one (worklist.js).
func (s *Server) worklistPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	kind := r.URL.Query().Get("kind") // one kind in full, from its "more" item
	items, err := s.svc.WorkItemsOfKind(r.Context(), p.Actor, kind)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "worklist", page{Title: "Worklist", Principal: p, Data: map[string]any{"Items": items, "Kind": kind}})
	return nil
}
