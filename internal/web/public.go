package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"onset/internal/web/page"
	"strconv"
	"time"

	"onset/internal/clinic"
	"onset/internal/service/accounts"
	"onset/internal/service/booking"
)

// Public consultation booking for new patients (no account): GET /book
// lists free consultation times, POST /book registers the patient with a
// portal account and books the consultation (service.BookPublicConsultation).
// With no session to hold a CSRF token, the form uses a double-submit
// cookie: a random value set on GET, echoed in the form and compared on
// POST (beside the server's cross-origin protection).

const publicCSRFCookie = "onset_book_csrf"

// publicDay is one day of free consultation times.
type publicDay struct {
	Date    string // YYYY-MM-DD, local
	Label   string // "Tuesday 3 March"
	Short   string // "Tue 3 Mar"
	Times   []publicTime
	Current bool // the day whose times the page shows
}

type publicTime struct {
	Value    string // Unix seconds of the UTC start
	Label    string // local time
	Selected bool
}

type publicForm struct {
	CSRF                                           string
	ClinicName, Zone                               string
	Days                                           []publicDay
	Day                                            *publicDay // the one chosen (?day=, or the chosen time's), else the first
	GivenName, FamilyName, BirthDate, Email, Phone string
	Consent                                        bool
	Chosen                                         string
	EmailTaken                                     bool
}

// publicToken returns the request's booking CSRF token, setting a new
// cookie when there is none.
func (s *Server) publicToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(publicCSRFCookie); err == nil && len(c.Value) == 64 {
		return c.Value
	}
	b := make([]byte, 32)
	rand.Read(b)
	tok := hex.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: publicCSRFCookie, Value: tok, Path: "/book", HttpOnly: true,
		Secure: r.TLS != nil || s.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: 4 * 3600})
	return tok
}

// renderPublicBook shows the form with the current free times.
func (s *Server) renderPublicBook(w http.ResponseWriter, r *http.Request, status int, f publicForm, msg string) error {
	slots, err := s.Svc.PublicConsultationSlots(r.Context())
	if err != nil {
		return err
	}
	f.CSRF, f.ClinicName, f.Zone = s.publicToken(w, r), slots.ClinicName, slots.Location.String()
	// Days first, then the chosen day's times: a first consultation is
	// chosen by day, not from one list of every free time.
	want := r.URL.Query().Get("day")
	if sec, err := strconv.ParseInt(f.Chosen, 10, 64); err == nil {
		want = time.Unix(sec, 0).In(slots.Location).Format(time.DateOnly) // a refused form: the chosen time's day again
	}
	for _, st := range slots.Starts {
		local := st.In(slots.Location)
		if d := local.Format(time.DateOnly); len(f.Days) == 0 || f.Days[len(f.Days)-1].Date != d {
			f.Days = append(f.Days, publicDay{Date: d, Label: local.Format("Monday 2 January"), Short: local.Format("Mon 2 Jan")})
		}
		v := strconv.FormatInt(st.Unix(), 10)
		last := &f.Days[len(f.Days)-1]
		last.Times = append(last.Times, publicTime{Value: v, Label: local.Format("15:04"), Selected: v == f.Chosen})
	}
	for i := range f.Days {
		if f.Days[i].Date == want {
			f.Day = &f.Days[i]
		}
	}
	if f.Day == nil && len(f.Days) > 0 {
		f.Day = &f.Days[0] // none asked, or no free time that day: the first day with some
	}
	if f.Day != nil {
		f.Day.Current = true
	}
	s.Render(w, r, status, "public_book", page.Page{Title: "Book a consultation", Error: msg, Data: f})
	return nil
}

func (s *Server) publicBookPage(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	return s.renderPublicBook(w, r, http.StatusOK, publicForm{}, "")
}

func (s *Server) publicBook(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	f := publicForm{GivenName: r.PostFormValue("given_name"), FamilyName: r.PostFormValue("family_name"),
		BirthDate: r.PostFormValue("birth_date"), Email: r.PostFormValue("email"), Phone: r.PostFormValue("phone"),
		Consent: r.PostFormValue("consent") == "yes", Chosen: r.PostFormValue("slot")}
	c, err := r.Cookie(publicCSRFCookie)
	if err != nil || !page.ValidCSRF(r, c.Value) {
		// 400, not 403: nobody is forbidden to book; the form must be sent again.
		return s.renderPublicBook(w, r, http.StatusBadRequest, f,
			"This form has expired or was not sent from this site. Please check your details and send it again.")
	}
	in := booking.PublicBookingInput{GivenName: f.GivenName, FamilyName: f.FamilyName, BirthDate: f.BirthDate,
		Email: f.Email, Phone: f.Phone, Password: r.PostFormValue("password"), Consent: f.Consent,
		Address: page.ClientAddress(r), RequestID: page.RequestID(r)}
	if sec, err := strconv.ParseInt(f.Chosen, 10, 64); err == nil {
		in.Start = time.Unix(sec, 0).UTC()
	}
	if pw2 := r.PostFormValue("password2"); pw2 != in.Password {
		return s.renderPublicBook(w, r, http.StatusBadRequest, f, "The two passwords do not match.")
	}
	res, err := s.Svc.BookPublicConsultation(r.Context(), in)
	if err != nil {
		code := clinic.ErrorCode(err)
		if code == clinic.Internal {
			return err
		}
		if errors.Is(err, booking.ErrEmailRegistered) {
			f.EmailTaken = true
		}
		if code == clinic.Conflict && !f.EmailTaken {
			f.Chosen = ""
		}
		return s.renderPublicBook(w, r, page.StatusOf(code), f, clinic.ErrorMessage(err))
	}
	loc := res.Location
	s.Render(w, r, http.StatusCreated, "public_booked", page.Page{Title: "Consultation booked", Data: map[string]any{
		"Name": res.Patient.GivenName, "MRN": res.Patient.MRN, "Email": res.User.Email,
		"When": res.Appointment.Start.In(loc).Format("Monday 2 January 2006 at 15:04"), "Zone": loc.String()}})
	return nil
}
