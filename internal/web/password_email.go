package web

import (
	"net/http"
	"onset/internal/web/page"
	"strconv"

	"onset/internal/clinic"
	"onset/internal/service/accounts"
)

// Setting a password by email (accounts/password_email.go): the pages a
// person without a session uses, and the patient page's invitation.

func (s *Server) passwordForgotPage(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	s.Render(w, r, http.StatusOK, "password_forgot", page.Page{Title: "Set a new password", Data: map[string]any{}})
	return nil
}

// passwordForgot answers the same whether or not the address has an
// account: the page tells nothing about who has one.
func (s *Server) passwordForgot(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	email := r.PostForm.Get("email")
	if err := s.Svc.RequestPasswordReset(r.Context(), email, page.ClientAddress(r), page.RequestID(r)); err != nil {
		if code := clinic.ErrorCode(err); code == clinic.Invalid || code == clinic.Conflict {
			s.Render(w, r, page.StatusOf(code), "password_forgot", page.Page{Title: "Set a new password", Error: clinic.ErrorMessage(err),
				Data: map[string]any{"Email": email}})
			return nil
		}
		return err
	}
	s.Render(w, r, http.StatusOK, "password_forgot", page.Page{Title: "Set a new password", Data: map[string]any{"Sent": true}})
	return nil
}

func (s *Server) passwordSetPage(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	page.LinkHeaders(w) // the token is in the URL: no referrer, no caching
	s.Render(w, r, http.StatusOK, "password_set", page.Page{Title: "Set your password", Data: map[string]any{"Token": r.URL.Query().Get("token")}})
	return nil
}

func (s *Server) passwordSet(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	page.LinkHeaders(w)
	token := r.PostForm.Get("token")
	if err := s.Svc.SetPasswordWithToken(r.Context(), token, r.PostForm.Get("password"), page.ClientAddress(r), page.RequestID(r)); err != nil {
		if clinic.ErrorCode(err) == clinic.Invalid {
			s.Render(w, r, http.StatusBadRequest, "password_set", page.Page{Title: "Set your password", Error: clinic.ErrorMessage(err),
				Data: map[string]any{"Token": token}})
			return nil
		}
		return err
	}
	http.Redirect(w, r, "/login?notice=password-set", http.StatusSeeOther)
	return nil
}

// portalInvite gives the patient a portal account and emails the link.
func (s *Server) portalInvite(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Svc.InviteToPortal(r.Context(), p.Actor, id); err != nil {
		return err
	}
	s.RedirectDone(w, r, p, "/patients/"+strconv.FormatInt(id, 10)+"#messages", "The portal invitation is on its way to the patient's email.")
	return nil
}
