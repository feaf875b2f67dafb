package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// acks are the writes the server acknowledged: each must survive a crash.
type acks struct {
	mu       sync.Mutex
	answers  []answer
	patients []patient
	lots     []string
	refused  error // a write the live server refused: a broken test, not a crash
}

// refusal records the first write the server answered but refused.
func (a *acks) refusal(err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.refused == nil {
		a.refused = err
	}
}

// refusedError marks an answer from a live server, as against a lost connection.
type refusedError struct{ error }

type answer struct {
	key  string
	body []byte
	id   int64
}

type patient struct {
	mrn string
	id  int64
}

func (a *acks) count() int {
	x, y, z := a.sizes()
	return x + y + z
}

func (a *acks) sizes() (int, int, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.answers), len(a.patients), len(a.lots)
}

var client = &http.Client{Timeout: 10 * time.Second}

// write runs one writer until stop or until the server is gone: in turn a
// questionnaire answer, a new patient and a ledger receipt.
func write(base string, s clinicSetUp, round, w int, stop <-chan struct{}, acked *acks) {
	web, err := signIn(base, s)
	if err != nil {
		return // the server was killed before this writer began
	}
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		tag := fmt.Sprintf("r%d-w%d-%d", round, w, i)
		var err error
		switch i % 3 {
		case 0:
			err = writeAnswer(base, s, tag, acked)
		case 1:
			err = writePatient(base, s, tag, acked)
		default:
			err = writeLot(base, web, tag, acked)
		}
		var refused refusedError
		if errors.As(err, &refused) {
			acked.refusal(err)
			return
		}
		if err != nil {
			return // killed: an unacknowledged write may or may not be there
		}
	}
}

func api(method, url, token string, body []byte, header ...string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res, b, err
}

func answerBody(tag string) []byte {
	n := len(tag) % 4 // answers vary with the writer and the step
	b, _ := json.Marshal(map[string]any{"instrument": "phq9", "answers": []int{n, 1, 2, 1, n, 0, 1, 2, 0}})
	return b
}

func writeAnswer(base string, s clinicSetUp, tag string, acked *acks) error {
	body := answerBody(tag)
	res, b, err := api("POST", base+"/api/v1/patients/"+itoa(s.patientID)+"/assessments", s.token, body, "Idempotency-Key", tag)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusCreated {
		return refusedError{fmt.Errorf("answer: %d %s", res.StatusCode, b)}
	}
	var out struct {
		Assessment struct{ ID int64 } `json:"assessment"`
	}
	if err := json.Unmarshal(b, &out); err != nil || out.Assessment.ID == 0 {
		return fmt.Errorf("answer: unreadable %s", b)
	}
	acked.mu.Lock()
	acked.answers = append(acked.answers, answer{key: tag, body: body, id: out.Assessment.ID})
	acked.mu.Unlock()
	return nil
}

func writePatient(base string, s clinicSetUp, tag string, acked *acks) error {
	mrn := "C-" + tag
	body, _ := json.Marshal(map[string]any{"mrn": mrn, "given_name": "Pat", "family_name": "Crash", "sex": "female",
		"birth_date": "1980-01-01", "conditions": []string{"depression"},
		"not_a_duplicate": true}) // many people of one name and birth date, on purpose

	res, b, err := api("POST", base+"/api/v1/patients", s.token, body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusCreated {
		return refusedError{fmt.Errorf("patient: %d %s", res.StatusCode, b)}
	}
	var out struct{ ID int64 }
	if err := json.Unmarshal(b, &out); err != nil || out.ID == 0 {
		return fmt.Errorf("patient: unreadable %s", b)
	}
	acked.mu.Lock()
	acked.patients = append(acked.patients, patient{mrn: mrn, id: out.ID})
	acked.mu.Unlock()
	return nil
}

// browser is a signed-in web session with its form token.
type browser struct {
	http *http.Client
	base string
	csrf string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func signIn(base string, s clinicSetUp) (*browser, error) {
	jar, _ := cookiejar.New(nil)
	b := &browser{http: &http.Client{Jar: jar, Timeout: 10 * time.Second}, base: base}
	res, err := b.http.PostForm(base+"/login", url.Values{"email": {s.email}, "password": {s.password}})
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	page, err := b.get("/ledger")
	if err != nil {
		return nil, err
	}
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		return nil, fmt.Errorf("no form token on the ledger page")
	}
	b.csrf = m[1]
	return b, nil
}

func (b *browser) get(path string) (string, error) {
	res, err := b.http.Get(b.base + path)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	page, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %d", path, res.StatusCode)
	}
	return string(page), err
}

// writeLot receives a vial into the ledger through the web form. The form
// answers with a redirect either way; the page it leads to says whether
// the receipt was recorded, and only then is it acknowledged.
func writeLot(base string, b *browser, tag string, acked *acks) error {
	lot := "L-" + strings.ToUpper(tag)
	expires := time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
	form := url.Values{"csrf": {b.csrf}, "drug": {"ketamine"}, "form": {"vial"}, "ndc": {"0409-2051-05"}, "lot": {lot},
		"expires": {expires}, "concentration": {"10"}, "ml": {"10"}, "invoice": {"INV-" + tag}, "supplier": {"Wholesaler"}}
	res, err := b.http.PostForm(base+"/ledger/receive", form)
	if err != nil {
		return err
	}
	page, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	if res.StatusCode == http.StatusOK && strings.Contains(string(page), `id="ledger-error"`) {
		m := regexp.MustCompile(`id="ledger-error">([^<]*)`).FindStringSubmatch(string(page))
		return refusedError{fmt.Errorf("receipt of %s refused: %v", lot, m)}
	}
	if res.StatusCode != http.StatusOK || !strings.Contains(string(page), "Received lot "+lot) {
		return fmt.Errorf("receipt of %s not confirmed (%d)", lot, res.StatusCode)
	}
	acked.mu.Lock()
	acked.lots = append(acked.lots, lot)
	acked.mu.Unlock()
	return nil
}

// checkAll confirms every acknowledged write on a freshly started server:
// an answer replayed with its key returns the same assessment and stores
// nothing new; every patient and every lot is there.
func checkAll(_ context.Context, base string, s clinicSetUp, acked *acks) error {
	acked.mu.Lock()
	answers := append([]answer(nil), acked.answers...)
	patients := append([]patient(nil), acked.patients...)
	lots := append([]string(nil), acked.lots...)
	acked.mu.Unlock()
	for _, a := range answers {
		res, b, err := api("POST", base+"/api/v1/patients/"+itoa(s.patientID)+"/assessments", s.token, a.body, "Idempotency-Key", a.key)
		if err != nil {
			return err
		}
		var out struct {
			Assessment struct{ ID int64 } `json:"assessment"`
		}
		json.Unmarshal(b, &out)
		if res.StatusCode != http.StatusOK || res.Header.Get("Idempotent-Replayed") != "true" || out.Assessment.ID != a.id {
			return fmt.Errorf("acknowledged answer %s (assessment %d) lost or changed: %d %s", a.key, a.id, res.StatusCode, b)
		}
	}
	for _, p := range patients {
		res, b, err := api("GET", base+"/api/v1/patients/"+itoa(p.id), s.token, nil)
		if err != nil {
			return err
		}
		if res.StatusCode != http.StatusOK || !strings.Contains(string(b), p.mrn) {
			return fmt.Errorf("acknowledged patient %s (%d) lost: %d", p.mrn, p.id, res.StatusCode)
		}
	}
	if len(lots) > 0 {
		web, err := signIn(base, s)
		if err != nil {
			return err
		}
		page, err := web.get("/ledger")
		if err != nil {
			return err
		}
		for _, lot := range lots {
			if !strings.Contains(page, lot) {
				return fmt.Errorf("acknowledged receipt of lot %s lost", lot)
			}
		}
	}
	return nil
}
