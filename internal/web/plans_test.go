package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"onset/internal/store"
)

func TestPlanPagesEndToEnd(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	nurse, doc, pat := f.signIn("nurse"), f.signIn("clinician"), f.signIn("patient")
	base := "/patients/" + strconv.FormatInt(f.patient, 10)

	if b := pat.getBody(base+"/expect", http.StatusOK); !strings.Contains(b, `id="expect-none"`) {
		t.Errorf("expect page before a plan:\n%s", b)
	}
	// A fresh form each time: post adds the session's CSRF token to it.
	newForm := func() url.Values {
		return url.Values{"template": {"iv-ketamine-induction"}, "weight_kg": {"70"}, "start": {"2026-06-01"},
			"weekday": {"1", "3", "5"}, "concentration": {"10"}, "diluent_ml": {"100"}}
	}
	bad := newForm()
	bad.Set("weight_kg", "seventy")
	if res := nurse.post(base+"/plans", bad); res.StatusCode != http.StatusBadRequest || !strings.Contains(body(res), "weight in kg as a number") {
		t.Errorf("bad weight: %d", res.StatusCode)
	}
	res := nurse.post(base+"/plans", newForm())
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, base+"/plans/") {
		t.Fatalf("create: %d %q\n%s", res.StatusCode, loc, body(res))
	}
	planPath := strings.SplitN(loc, "?", 2)[0]
	page := doc.getBody(planPath, http.StatusOK)
	for _, want := range []string{`id="plan-status">draft<`, "0.5 mg/kg × 70 kg = 35 mg", `class="chart concentration"`,
		`class="series curve"`, "never a discharge decision", "infusion", "Fri 2026-06-12", `id="plan-sign"`} {
		if !strings.Contains(page, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}
	if strings.Contains(nurse.getBody(planPath, http.StatusOK), `id="plan-sign"`) {
		t.Error("a nurse is offered the sign button")
	}
	if res := nurse.post(planPath+"/sign", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("nurse signing: %d", res.StatusCode)
	}
	if res := doc.get("/api/v1" + base + "/plan"); res.StatusCode != http.StatusNotFound {
		t.Errorf("API signed plan before signing: %d", res.StatusCode)
	}
	if res := doc.post(planPath+"/sign", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("clinician signing: %d\n%s", res.StatusCode, body(res))
	}
	if n := f.auditCount("plan.sign", f.patient); n != 1 {
		t.Errorf("%d signing audit rows", n)
	}
	page = doc.getBody(planPath, http.StatusOK)
	if !strings.Contains(page, `id="plan-status">signed<`) || !strings.Contains(page, "Test clinician") {
		t.Errorf("signed plan page:\n%s", page)
	}
	if res := doc.post(planPath+"/edit", newForm()); res.StatusCode != http.StatusConflict {
		t.Errorf("editing a signed plan: %d\n%s", res.StatusCode, body(res))
	}
	amend := newForm()
	amend.Set("reason", "Weight now 80 kg")
	amend.Set("weight_kg", "80")
	res = nurse.post(planPath+"/amend", amend)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("amend: %d\n%s", res.StatusCode, body(res))
	}
	v2 := doc.getBody(strings.SplitN(res.Header.Get("Location"), "?", 2)[0], http.StatusOK)
	if !strings.Contains(v2, "version 2") || !strings.Contains(v2, "Weight now 80 kg") || !strings.Contains(v2, "0.5 mg/kg × 80 kg = 40 mg") {
		t.Errorf("amendment page:\n%s", v2)
	}

	var api struct {
		Version  int    `json:"version"`
		Status   string `json:"status"`
		SignedBy string `json:"signed_by"`
		Sessions []struct {
			Date   string   `json:"date"`
			DoseMg float64  `json:"dose_mg"`
			Steps  []string `json:"steps"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(pat.getBody("/api/v1"+base+"/plan", http.StatusOK)), &api); err != nil {
		t.Fatal(err)
	}
	// Version 2 is still a draft: version 1 is the plan in force.
	if api.Version != 1 || api.Status != "signed" || api.SignedBy != "Test clinician" || len(api.Sessions) != 6 ||
		api.Sessions[5].Date != "2026-06-12" || api.Sessions[0].DoseMg != 35 || len(api.Sessions[0].Steps) != 3 {
		t.Errorf("API signed plan: %+v", api)
	}
	if res := pat.get("/api/v1/patients/" + strconv.FormatInt(f.other, 10) + "/plan"); res.StatusCode != http.StatusForbidden {
		t.Errorf("patient reading another's plan through the API: %d", res.StatusCode)
	}

	// The patient sees what to expect from the signed version.
	b := pat.getBody(base+"/expect", http.StatusOK)
	for _, want := range []string{`id="expect-peak">40 min<`, `id="expect-gone">`, "Clements", "estimate", `id="expect-response"`, `class="chart concentration"`} {
		if !strings.Contains(b, want) {
			t.Errorf("expect page lacks %q", want)
		}
	}
	if res := pat.get("/patients/" + strconv.FormatInt(f.other, 10) + "/expect"); res.StatusCode != http.StatusForbidden {
		t.Errorf("patient opening another's expectations: %d", res.StatusCode)
	}
	if res := pat.get(planPath); res.StatusCode != http.StatusForbidden {
		t.Errorf("patient opening the staff plan page: %d", res.StatusCode)
	}

	// Comparison: weight from the newest plan, or as entered.
	cmp := doc.getBody(base+"/pk/compare", http.StatusOK)
	for _, want := range []string{"from the newest treatment plan", "IV 0.75 mg/kg over 40 min", "Sublingual 0.5 mg/kg", "IM 0.5 mg/kg", `id="pk-table"`} {
		if !strings.Contains(cmp, want) {
			t.Errorf("comparison lacks %q", want)
		}
	}
	if n := strings.Count(cmp, `class="chart concentration"`); n != 2 {
		t.Errorf("comparison has %d charts", n)
	}
	if res := doc.get(base + "/pk/compare?weight=5"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("weight 5 kg: %d", res.StatusCode)
	}
	if b := doc.getBody(base+"/plans", http.StatusOK); strings.Count(b, "<td><a href=\""+base+"/plans/") != 1 {
		t.Errorf("plan list should show the series once:\n%s", b)
	}
	if b := doc.getBody(base, http.StatusOK); !strings.Contains(b, base+"/plans") {
		t.Error("patient page has no link to the plans")
	}
}
