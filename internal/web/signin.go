package web

import (
	"net/http"
	"onset/internal/web/page"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/accounts"
)

const sessionCookie = "onset_session"

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: r.TLS != nil || s.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil || s.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	data := map[string]string{}
	if next := page.LocalTarget(r.URL.Query().Get("next"), ""); next != "" {
		data["Next"] = next
	}
	s.Render(w, r, http.StatusOK, "login", page.Page{Title: "Sign in", Data: data})
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	email := r.PostFormValue("email")
	res, err := s.Svc.SignIn(r.Context(), email, r.PostFormValue("password"), page.ClientAddress(r))
	if err != nil {
		code := clinic.ErrorCode(err)
		if code == clinic.Internal {
			return err
		}
		s.Render(w, r, page.StatusOf(code), "login", page.Page{Title: "Sign in", Error: clinic.ErrorMessage(err),
			Data: map[string]string{"Email": email, "Next": page.LocalTarget(r.URL.Query().Get("next"), "")}})
		return nil
	}
	s.setSessionCookie(w, r, res.Token)
	switch res.Step {
	case accounts.StepMFA:
		http.Redirect(w, r, "/login/mfa", http.StatusSeeOther)
	case accounts.StepEnrolMFA:
		http.Redirect(w, r, "/mfa/setup", http.StatusSeeOther)
	default:
		http.Redirect(w, r, page.LocalTarget(r.URL.Query().Get("next"), "/"), http.StatusSeeOther)
	}
	return nil
}

func (s *Server) mfaPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	if p.MFAPassed {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	s.Render(w, r, http.StatusOK, "mfa", page.Page{Title: "Two-step sign-in", Principal: p})
	return nil
}

func (s *Server) mfa(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	res, err := s.Svc.VerifyMFA(r.Context(), *p, r.PostFormValue("code"))
	if err != nil {
		if clinic.ErrorCode(err) == clinic.Internal {
			return err
		}
		s.Render(w, r, page.StatusOf(clinic.ErrorCode(err)), "mfa", page.Page{Title: "Two-step sign-in", Principal: p,
			Error: clinic.ErrorMessage(err)})
		return nil
	}
	s.setSessionCookie(w, r, res.Token)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *Server) mfaSetupPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	if p.MFAEnabled {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	setup, err := s.Svc.PendingMFA(r.Context(), *p)
	if err != nil {
		return err
	}
	s.renderMFASetup(w, r, http.StatusOK, p, setup, "")
	return nil
}

func (s *Server) renderMFASetup(w http.ResponseWriter, r *http.Request, status int, p *accounts.Principal, setup accounts.MFASetup, msg string) {
	s.Render(w, r, status, "mfa_setup", page.Page{Title: "Set up two-step sign-in", Principal: p, Error: msg,
		Data: map[string]any{"Secret": setup.Secret, "URL": setup.URL, "Required": service.MFARequired(p.Role)}})
}

func (s *Server) mfaSetup(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	res, codes, err := s.Svc.ConfirmMFAEnrolment(r.Context(), *p, r.PostFormValue("code"))
	if err != nil {
		if clinic.ErrorCode(err) != clinic.Invalid {
			return err
		}
		setup, perr := s.Svc.PendingMFA(r.Context(), *p)
		if perr != nil {
			return perr
		}
		s.renderMFASetup(w, r, http.StatusBadRequest, p, setup, clinic.ErrorMessage(err))
		return nil
	}
	s.setSessionCookie(w, r, res.Token)
	p.MFAPassed, p.MFAEnabled, p.CSRF = true, true, res.CSRF
	s.Render(w, r, http.StatusOK, "recovery_codes", page.Page{Title: "Recovery codes", Principal: p, Data: codes})
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	if err := s.Svc.SignOut(r.Context(), *p); err != nil {
		return err
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/login?notice=signed-out", http.StatusSeeOther)
	return nil
}
