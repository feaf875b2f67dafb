package admin

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service/accounts"
	"onset/internal/web/page"
)

// auditFilter reads the audit page's filters from the query.
func auditFilter(q url.Values, zone *time.Location) (clinic.AuditFilter, error) {
	f := clinic.AuditFilter{Action: q.Get("action"), Limit: 100}
	var err error
	parseID := func(name string) int64 {
		v := q.Get(name)
		if v == "" || err != nil {
			return 0
		}
		id, perr := strconv.ParseInt(v, 10, 64)
		if perr != nil || id <= 0 {
			err = clinic.Errorf(clinic.Invalid, "%s must be a number.", name)
		}
		return id
	}
	parseDay := func(name string) time.Time {
		v := q.Get(name)
		if v == "" || err != nil {
			return time.Time{}
		}
		d, perr := time.ParseInLocation("2006-01-02", v, zone) // a day of the clinic's calendar
		if perr != nil {
			err = clinic.Errorf(clinic.Invalid, "%s must be a date (YYYY-MM-DD).", name)
		}
		return d
	}
	f.UserID, f.PatientID, f.BeforeID = parseID("user"), parseID("patient"), parseID("before")
	f.Since = parseDay("since")
	if until := parseDay("until"); !until.IsZero() {
		f.Until = until.AddDate(0, 0, 1) // the whole "until" day
	}
	return f, err
}

// auditUsers names the clinic's users for the audit page, by ID.
func (s *Pages) auditUsers(r *http.Request, p *accounts.Principal) ([]clinic.User, map[int64]string, error) {
	users, err := s.Svc.Users(r.Context(), p.Actor)
	if err != nil {
		return nil, nil, err
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = u.Name + " <" + u.Email + ">"
	}
	return users, names, nil
}

func (s *Pages) auditPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	q := r.URL.Query()
	f, err := auditFilter(q, s.Zone(r.Context(), p.ClinicID))
	if err != nil {
		return err
	}
	entries, err := s.Svc.AuditLog(r.Context(), p.Actor, f)
	if err != nil {
		return err
	}
	users, names, err := s.auditUsers(r, p)
	if err != nil {
		return err
	}
	csv := url.Values{}
	for k, v := range q {
		csv[k] = v
	}
	csv.Del("before")
	data := map[string]any{"Filter": f, "Entries": entries, "Since": q.Get("since"), "Until": q.Get("until"),
		"Users": users, "Names": names, "CSV": "/audit.csv?" + csv.Encode()}
	if len(entries) == f.Limit {
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		data["NextBefore"] = true
		data["NextURL"] = "/audit?" + next.Encode()
	}
	s.Render(w, r, http.StatusOK, "audit", page.Page{Title: "Audit trail", Principal: p, Data: data})
	return nil
}

// auditCSVMax bounds one export; narrow the filter for more.
const auditCSVMax = 100000

// auditCSV exports the filtered trail, newest first, as CSV (reading it
// is itself audited by AuditLog's caller's view of the trail).
func (s *Pages) auditCSV(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	f, err := auditFilter(r.URL.Query(), s.Zone(r.Context(), p.ClinicID))
	if err != nil {
		return err
	}
	_, names, err := s.auditUsers(r, p)
	if err != nil {
		return err
	}
	f.Limit = 1000
	var rows [][]string
	for len(rows) < auditCSVMax {
		es, err := s.Svc.AuditLog(r.Context(), p.Actor, f)
		if err != nil {
			return err
		}
		for _, e := range es {
			rows = append(rows, []string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), strconv.FormatInt(e.UserID, 10),
				names[e.UserID], string(e.Role), e.Action, strconv.FormatInt(e.PatientID, 10), e.RecordType,
				strconv.FormatInt(e.RecordID, 10), e.Address, e.RequestID})
		}
		if len(es) < f.Limit {
			break
		}
		f.BeforeID = es[len(es)-1].ID
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="audit.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "at", "user_id", "user", "role", "action", "patient_id", "record_type", "record_id", "address", "request_id"})
	for _, row := range rows {
		for i, c := range row {
			row[i] = csvSafe(c)
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a cell from being read as a formula by a spreadsheet.
func csvSafe(c string) string {
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return "'" + c
	}
	return c
}

func (s *Pages) usersPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	users, err := s.Svc.Users(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "users", page.Page{Title: "Users", Principal: p,
		Data: map[string]any{"Users": users, "Roles": clinic.Roles}})
	return nil
}

func (s *Pages) userCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	var patientID int64
	if v := r.PostFormValue("patient_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return clinic.Errorf(clinic.Invalid, "Patient ID must be a number.")
		}
		patientID = id
	}
	_, err := s.Svc.CreateUser(r.Context(), p.Actor, record.NewUser{Email: r.PostFormValue("email"),
		Name: r.PostFormValue("name"), Role: clinic.Role(r.PostFormValue("role")),
		Password: r.PostFormValue("password"), PatientID: patientID})
	if err != nil {
		return err
	}
	s.RedirectDone(w, r, p, "/admin/users", "User added.")
	return nil
}

// userDisable needs the form's confirmation: disabling ends every
// credential of the account at once, so a stray click must not do it.
func (s *Pages) userDisable(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	if r.PostForm.Get("confirm") != "yes" {
		s.Refuse(w, r, p, "/admin/users", "Tick the box to confirm: disabling signs the user out everywhere and revokes their API tokens.")
		return nil
	}
	return s.setDisabled(w, r, p, true)
}

func (s *Pages) userEnable(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.setDisabled(w, r, p, false)
}

func (s *Pages) setDisabled(w http.ResponseWriter, r *http.Request, p *accounts.Principal, disabled bool) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Svc.SetUserDisabled(r.Context(), p.Actor, id, disabled); err != nil {
		return err
	}
	s.RedirectDone(w, r, p, "/admin/users", "Account updated.")
	return nil
}

func (s *Pages) accountPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.renderAccount(w, r, p, "")
}

func (s *Pages) renderAccount(w http.ResponseWriter, r *http.Request, p *accounts.Principal, newToken string) error {
	tokens, err := s.Svc.APITokens(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "account", page.Page{Title: "Your account", Principal: p,
		Data: map[string]any{"Tokens": tokens, "NewToken": newToken}})
	return nil
}

// tokenCreate shows the new token on the response itself (not after a
// redirect), so it never travels in a URL.
func (s *Pages) tokenCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	token, err := s.Svc.CreateAPIToken(r.Context(), p.Actor, r.PostFormValue("name"))
	if err != nil {
		return err
	}
	return s.renderAccount(w, r, p, token)
}

func (s *Pages) tokenRevoke(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Svc.RevokeAPIToken(r.Context(), p.Actor, id); err != nil {
		return err
	}
	s.RedirectDone(w, r, p, "/account", "Token revoked.")
	return nil
}
