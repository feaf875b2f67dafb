package treatment

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/pk"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/signoff"
	"onset/internal/service/treatment"
	"onset/internal/session"
	"onset/internal/web/page"
)

// Treatment sessions in the room: check-in, dose, vital-signs grid,
// alerts, side effects, discharge and the Spravato REMS form. Every form
// answers with a redirect (notices.go), so nothing the page does can send
// a form twice. Every page works without script; ui/static/live.js
// refreshes the page's live parts in place for other viewers.

func sessionURL(id int64) string { return "/treatment/" + strconv.FormatInt(id, 10) }

func patientTreatmentURL(id int64) string {
	return "/patients/" + strconv.FormatInt(id, 10) + "/treatment"
}

func (s *Pages) treatmentPatientPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	pt, err := s.Svc.PatientTreatment(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	pd := s.TakePending(r, p)
	s.Render(w, r, http.StatusOK, "treatment_patient", page.Page{Title: "Treatment sessions · " + pt.Patient.Name(), Principal: p,
		Flash: pd.Notice, Error: pd.Error,
		Data: map[string]any{"P": pt, "Form": pd.Form, "CanCheckIn": service.Allowed(p.Role, service.ActSessionCheckIn),
			"CanOverride": service.Allowed(p.Role, service.ActSessionOverride),
			"CanEnrol":    service.Allowed(p.Role, service.ActREMSEnrol)}})
	return nil
}

func (s *Pages) treatmentCheckIn(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	fr := page.FormOf(r)
	in := treatment.CheckIn{
		Checklist: record.Checklist{IdentityConfirmed: fr.Check("identity"), ConsentCurrent: fr.Check("consent"),
			NothingByMouth: fr.Check("npo"), ResponsibleAdult: fr.Check("adult"), Pregnancy: fr.F.Get("pregnancy")},
		PlannedDoseMg:  fr.Float("planned_dose_mg", "planned dose in mg"),
		OverrideReason: fr.F.Get("override_reason"),
		Baseline: session.Vitals{Systolic: fr.Int("systolic", "systolic pressure"), Diastolic: fr.Int("diastolic", "diastolic pressure"),
			HeartRate: fr.Int("heart_rate", "heart rate"), SpO2: fr.Int("spo2", "SpO2"), RespRate: fr.Int("resp_rate", "respiratory rate")},
	}
	err = fr.Err
	var ts record.TreatmentSession
	if err == nil {
		ts, err = s.Svc.CheckInPatient(r.Context(), p.Actor, id, in)
	}
	if err != nil {
		return s.RedirectRefused(w, r, p, patientTreatmentURL(id), err)
	}
	done := "Checked in. Baseline recorded."
	if ts.Status == record.SessionHeld {
		done = "Checked in. The dose is HELD for blood pressure until a clinician decides."
	}
	s.RedirectDone(w, r, p, sessionURL(ts.ID), done)
	return nil
}

// treatmentView is what the session page template needs.
type treatmentView struct {
	treatment.SessionPage
	CanHold, CanDose, CanChart, CanDischarge, CanSignREMS bool
	CanSign, CanAddendum                                  bool // sign-off and addenda (treatment_signoff.go)
	Locked                                                bool // signed: the record cannot change
	Open                                                  bool // vitals may be added
	RefreshSeconds                                        int  // how often the page's live parts refresh
	DrivingAdvice                                         string
	OpenAlerts                                            int
	SideEffectNames, SideEffectGrades                     []string
	AdverseGrades, AdverseOutcomes, AlertActions          []string
	Form                                                  url.Values // the last submitted form, to refill it after an error
	FormFor                                               string     // which form that was: "vitals", "dose"
	Devices                                               int        // esketamine: devices for the planned dose
	REMSRows                                              []remsRow
	REMSMeds                                              []remsRow // Name, Label, Value ("yes", "no", "")
	ExpectedChart                                         template.HTML
	Stock                                                 []ledger.Container // in-stock containers of the session's drug
	Witnesses                                             []ledger.Person    // who may witness waste
}

// remsRow is one field of the REMS form as the page shows it.
type remsRow struct{ Name, Label, Value string }

func yesNo(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "yes"
	}
	return "no"
}

func orDash[T any](p *T, f func(T) string) string {
	if p == nil {
		return ""
	}
	return f(*p)
}

func remsView(f session.REMSForm) (rows, meds []remsRow) {
	itoa := func(n int) string { return strconv.Itoa(n) }
	bp := func(b session.BP) string { return b.String() }
	meds = []remsRow{{"benzodiazepines", "Concomitant benzodiazepines", yesNo(f.Benzodiazepines)},
		{"sedative_hypnotics", "Concomitant non-benzodiazepine sedative-hypnotics", yesNo(f.NonBenzoSedativeHypnotics)},
		{"psychostimulants", "Concomitant psychostimulants", yesNo(f.Psychostimulants)},
		{"maois", "Concomitant MAOIs", yesNo(f.MAOIs)}}
	rows = append(rows, meds...)
	rows = append(rows,
		remsRow{"", "Dose", f.DoseLabel()},
		remsRow{"", "Lot number", f.LotNumber},
		remsRow{"", "Total minutes from the first device to the end of monitoring", orDash(f.TotalMinutes, itoa)},
		remsRow{"", "When would the patient have been ready to leave? (minutes)", orDash(f.ReadyToLeaveMinutes, itoa)},
		remsRow{"", "Blood pressure before dosing", orDash(f.BPBefore, bp)},
		remsRow{"", "Blood pressure at about 40 minutes", orDash(f.BPAt40, bp)},
		remsRow{"", "Blood pressure before the session ended", orDash(f.BPEnd, bp)},
		remsRow{"", "Vital signs acceptable before dosing", yesNo(f.VitalsOKBefore)},
		remsRow{"", "Vital signs acceptable at the end", yesNo(f.VitalsOKEnd)},
		remsRow{"", "Sedation", yesNo(f.Sedation)},
		remsRow{"", "Dissociation", yesNo(f.Dissociation)},
		remsRow{"", "Respiratory depression", yesNo(f.RespiratoryDepression)})
	return rows, meds
}

func (s *Pages) treatmentPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "sid")
	if err != nil {
		return err
	}
	pg, err := s.Svc.Session(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	st := pg.Record.Session.Status
	v := treatmentView{SessionPage: pg,
		CanHold:         service.Allowed(p.Role, service.ActSessionHold) && st == record.SessionHeld,
		CanDose:         service.Allowed(p.Role, service.ActSessionDose) && st == record.SessionReady,
		CanChart:        service.Allowed(p.Role, service.ActSessionChart),
		CanDischarge:    service.Allowed(p.Role, service.ActSessionDischarge) && st == record.SessionDosed,
		CanSignREMS:     service.Allowed(p.Role, service.ActREMSSign),
		Open:            st != record.SessionCancelled && st != record.SessionDischarged,
		SideEffectNames: treatment.SideEffectNames, SideEffectGrades: treatment.SideEffectGrades,
		AdverseGrades: treatment.AdverseEventGrades, AdverseOutcomes: treatment.AdverseEventOutcome, AlertActions: treatment.AlertActions,
		Devices: int(pg.Record.Session.PlannedDoseMg) / 28, RefreshSeconds: int(s.LiveRefresh / time.Second),
		DrivingAdvice: session.DrivingAdvice}
	v.lock(p)
	pd := s.TakePending(r, p)
	v.Form, v.FormFor = pd.Form, pd.FormFor
	if v.CanDose {
		if err := s.doseStock(r, p, &v); err != nil {
			return err
		}
	}
	if x := pg.Expected; x != nil {
		v.ExpectedChart = page.EstimateChart("Expected concentration (estimate)", []pk.ConcentrationEstimate{x.Estimate})
	}
	for _, a := range pg.Record.Alerts {
		if a.Open() {
			v.OpenAlerts++
		}
	}
	s.Render(w, r, http.StatusOK, "treatment", page.Page{Title: "Session · " + pg.Patient.Name(), Principal: p,
		Flash: pd.Notice, Warning: pd.Warning, Error: pd.Error, Data: v})
	return nil
}

// sessionWrite runs a session form's use case and redirects back to the
// session page, which shows done or why the form was refused.
func (s *Pages) sessionWrite(w http.ResponseWriter, r *http.Request, p *accounts.Principal, done string,
	fn func(id int64, fr *page.FormReader) error) error {
	id, err := page.PathID(r, "sid")
	if err != nil {
		return err
	}
	fr := page.FormOf(r)
	if err := fn(id, fr); err != nil {
		return s.RedirectRefused(w, r, p, sessionURL(id), err)
	}
	s.RedirectDone(w, r, p, sessionURL(id), done)
	return nil
}

func (s *Pages) treatmentHold(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "Decision recorded.", func(id int64, fr *page.FormReader) error {
		_, err := s.Svc.DecideHold(r.Context(), p.Actor, id, fr.F.Get("decision"), fr.F.Get("reason"))
		return err
	})
}

func (s *Pages) treatmentDose(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "Dose recorded.", func(id int64, fr *page.FormReader) error {
		in := treatment.DoseInput{DoseMg: fr.Float("dose_mg", "dose in mg"),
			ConcentrationMgPerML: fr.Float("concentration", "concentration in mg/mL"), VolumeML: fr.Float("volume_ml", "volume in mL"),
			RateMLPerHour: fr.Float("rate", "pump rate in mL/h"), DurationMin: fr.OptInt("duration_min", "infusion duration in minutes"),
			Devices: fr.OptInt("devices", "number of devices"), LotNumber: fr.F.Get("lot"), LotExpiry: fr.F.Get("expiry"),
			Start: fr.F.Get("start"), End: fr.F.Get("end"),
			Stock: service.DoseStock{ContainerID: int64(fr.OptInt("container", "container")), WasteMg: fr.Float("waste_mg", "waste in mg"),
				Witness: page.WitnessOf(fr, "witness", "witness")}}
		if fr.Err != nil {
			return fr.Err
		}
		_, err := s.Svc.RecordDose(r.Context(), p.Actor, id, in)
		return err
	})
}

func (s *Pages) treatmentVitals(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "sid")
	if err != nil {
		return err
	}
	fr := page.FormOf(r)
	in := treatment.VitalsInput{Time: fr.F.Get("time"), Note: fr.F.Get("note"), Vitals: session.Vitals{
		Systolic: fr.Int("systolic", "systolic pressure"), Diastolic: fr.Int("diastolic", "diastolic pressure"),
		HeartRate: fr.Int("heart_rate", "heart rate"), SpO2: fr.Int("spo2", "SpO2"), RespRate: fr.Int("resp_rate", "respiratory rate"),
		Sedation: fr.Int("moaas", "MOAA/S sedation score")}}
	err = fr.Err
	var alerts []record.VitalsAlert
	if err == nil {
		_, alerts, err = s.Svc.RecordVitals(r.Context(), p.Actor, id, in)
	}
	if err != nil {
		return s.RedirectRefused(w, r, p, sessionURL(id), err)
	}
	if len(alerts) > 0 {
		s.RedirectWarn(w, r, p, sessionURL(id)+"#alerts", "Vital signs saved. ALERT: "+alerts[0].Message)
		return nil
	}
	s.RedirectDone(w, r, p, sessionURL(id)+"#vitals", "Vital signs saved.")
	return nil
}

func (s *Pages) treatmentAlertAck(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	alertID, err := page.PathID(r, "alert")
	if err != nil {
		return err
	}
	return s.sessionWrite(w, r, p, "Alert acknowledged.", func(id int64, fr *page.FormReader) error {
		return s.Svc.AcknowledgeVitalsAlert(r.Context(), p.Actor, id, alertID, fr.F.Get("action"), fr.F.Get("note"))
	})
}

func (s *Pages) treatmentEffect(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "Entry saved.", func(id int64, fr *page.FormReader) error {
		_, err := s.Svc.RecordSideEffect(r.Context(), p.Actor, id, treatment.SideEffectInput{Kind: fr.F.Get("kind"),
			Effect: fr.F.Get("effect"), Grade: fr.F.Get("grade"), Outcome: fr.F.Get("outcome"), Time: fr.F.Get("time"),
			Note: fr.F.Get("note")})
		return err
	})
}

func (s *Pages) treatmentDischarge(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "Discharged.", func(id int64, fr *page.FormReader) error {
		_, err := s.Svc.Discharge(r.Context(), p.Actor, id, treatment.DischargeInput{AlertOriented: fr.Check("oriented"),
			AdultPresent: fr.Check("adult"), Instructions: fr.F.Get("instructions")})
		return err
	})
}

func (s *Pages) remsPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "sid")
	if err != nil {
		return err
	}
	pg, err := s.Svc.Session(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	if pg.REMS == nil {
		return clinic.Errorf(clinic.NotFound, "A REMS form exists only for a dosed esketamine session.")
	}
	v := treatmentView{SessionPage: pg, CanChart: service.Allowed(p.Role, service.ActSessionChart),
		CanSignREMS: service.Allowed(p.Role, service.ActREMSSign)}
	v.lock(p)
	v.REMSRows, v.REMSMeds = remsView(*pg.REMS)
	s.Render(w, r, http.StatusOK, "treatment_rems", page.Page{Title: "REMS Patient Monitoring Form · " + pg.Patient.Name(), Principal: p, Data: v})
	return nil
}

func (s *Pages) remsSave(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "REMS answers saved.", func(id int64, fr *page.FormReader) error {
		return s.Svc.SaveREMS(r.Context(), p.Actor, id, signoff.REMSInput{Medications: [4]string{fr.F.Get("benzodiazepines"),
			fr.F.Get("sedative_hypnotics"), fr.F.Get("psychostimulants"), fr.F.Get("maois")}, ReadyMinutes: fr.F.Get("ready_minutes")})
	})
}

func (s *Pages) remsSign(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "REMS form signed.", func(id int64, fr *page.FormReader) error {
		return s.Svc.SignREMS(r.Context(), p.Actor, id)
	})
}

func (s *Pages) remsQueue(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	q, err := s.Svc.REMSQueue(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "treatment_queue", page.Page{Title: "REMS forms due", Principal: p, Data: q})
	return nil
}

// doseStock fills the dose form's container and witness choices.
func (s *Pages) doseStock(r *http.Request, p *accounts.Principal, v *treatmentView) error {
	ch, err := s.Svc.DoseStock(r.Context(), p.Actor, v.Record.Session.Drug)
	v.Stock, v.Witnesses = ch.Containers, ch.Witnesses
	return err
}
