package web

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

func (s *Server) treatmentPatientPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pt, err := s.svc.PatientTreatment(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	pd := s.takePending(r, p)
	s.render(w, r, http.StatusOK, "treatment_patient", page{Title: "Treatment sessions · " + pt.Patient.Name(), Principal: p,
		Flash: pd.Notice, Error: pd.Error,
		Data: map[string]any{"P": pt, "Form": pd.Form, "CanCheckIn": service.Allowed(p.Role, service.ActSessionCheckIn),
			"CanOverride": service.Allowed(p.Role, service.ActSessionOverride),
			"CanEnrol":    service.Allowed(p.Role, service.ActREMSEnrol)}})
	return nil
}

// userError reports whether err is the person's to fix on the same page.
func userError(err error) (int, bool) {
	switch clinic.ErrorCode(err) {
	case clinic.Invalid:
		return http.StatusBadRequest, true
	case clinic.Conflict:
		return http.StatusConflict, true
	}
	return 0, false
}

func (s *Server) treatmentCheckIn(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fr := formOf(r)
	in := treatment.CheckIn{
		Checklist: record.Checklist{IdentityConfirmed: fr.check("identity"), ConsentCurrent: fr.check("consent"),
			NothingByMouth: fr.check("npo"), ResponsibleAdult: fr.check("adult"), Pregnancy: fr.f.Get("pregnancy")},
		PlannedDoseMg:  fr.float("planned_dose_mg", "planned dose in mg"),
		OverrideReason: fr.f.Get("override_reason"),
		Baseline: session.Vitals{Systolic: fr.int("systolic", "systolic pressure"), Diastolic: fr.int("diastolic", "diastolic pressure"),
			HeartRate: fr.int("heart_rate", "heart rate"), SpO2: fr.int("spo2", "SpO2"), RespRate: fr.int("resp_rate", "respiratory rate")},
	}
	err = fr.err
	var ts record.TreatmentSession
	if err == nil {
		ts, err = s.svc.CheckInPatient(r.Context(), p.Actor, id, in)
	}
	if err != nil {
		return s.redirectRefused(w, r, p, patientTreatmentURL(id), err)
	}
	done := "Checked in. Baseline recorded."
	if ts.Status == record.SessionHeld {
		done = "Checked in. The dose is HELD for blood pressure until a clinician decides."
	}
	s.redirectDone(w, r, p, sessionURL(ts.ID), done)
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

func (s *Server) treatmentPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := pathID(r, "sid")
	if err != nil {
		return err
	}
	pg, err := s.svc.Session(r.Context(), p.Actor, id)
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
		Devices: int(pg.Record.Session.PlannedDoseMg) / 28, RefreshSeconds: int(s.opts.LiveRefresh / time.Second),
		DrivingAdvice: session.DrivingAdvice}
	v.lock(p)
	pd := s.takePending(r, p)
	v.Form, v.FormFor = pd.Form, pd.FormFor
	if v.CanDose {
		if err := s.doseStock(r, p, &v); err != nil {
			return err
		}
	}
	if x := pg.Expected; x != nil {
		v.ExpectedChart = estimateChart("Expected concentration (estimate)", []pk.ConcentrationEstimate{x.Estimate})
	}
	for _, a := range pg.Record.Alerts {
		if a.Open() {
			v.OpenAlerts++
		}
	}
	s.render(w, r, http.StatusOK, "treatment", page{Title: "Session · " + pg.Patient.Name(), Principal: p,
		Flash: pd.Notice, Warning: pd.Warning, Error: pd.Error, Data: v})
	return nil
}

// sessionWrite runs a session form's use case and redirects back to the
// session page, which shows done or why the form was refused.
func (s *Server) sessionWrite(w http.ResponseWriter, r *http.Request, p *accounts.Principal, done string,
	fn func(id int64, fr *formReader) error) error {
	id, err := pathID(r, "sid")
	if err != nil {
		return err
	}
	fr := formOf(r)
	if err := fn(id, fr); err != nil {
		return s.redirectRefused(w, r, p, sessionURL(id), err)
	}
	s.redirectDone(w, r, p, sessionURL(id), done)
	return nil
}

func (s *Server) treatmentHold(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "Decision recorded.", func(id int64, fr *formReader) error {
		_, err := s.svc.DecideHold(r.Context(), p.Actor, id, fr.f.Get("decision"), fr.f.Get("reason"))
		return err
	})
}

func (s *Server) treatmentDose(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "Dose recorded.", func(id int64, fr *formReader) error {
		in := treatment.DoseInput{DoseMg: fr.float("dose_mg", "dose in mg"),
			ConcentrationMgPerML: fr.float("concentration", "concentration in mg/mL"), VolumeML: fr.float("volume_ml", "volume in mL"),
			RateMLPerHour: fr.float("rate", "pump rate in mL/h"), DurationMin: fr.optInt("duration_min", "infusion duration in minutes"),
			Devices: fr.optInt("devices", "number of devices"), LotNumber: fr.f.Get("lot"), LotExpiry: fr.f.Get("expiry"),
			Start: fr.f.Get("start"), End: fr.f.Get("end"),
			Stock: service.DoseStock{ContainerID: int64(fr.optInt("container", "container")), WasteMg: fr.float("waste_mg", "waste in mg"),
				Witness: witnessOf(fr, "witness", "witness")}}
		if fr.err != nil {
			return fr.err
		}
		_, err := s.svc.RecordDose(r.Context(), p.Actor, id, in)
		return err
	})
}

func (s *Server) treatmentVitals(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := pathID(r, "sid")
	if err != nil {
		return err
	}
	fr := formOf(r)
	in := treatment.VitalsInput{Time: fr.f.Get("time"), Note: fr.f.Get("note"), Vitals: session.Vitals{
		Systolic: fr.int("systolic", "systolic pressure"), Diastolic: fr.int("diastolic", "diastolic pressure"),
		HeartRate: fr.int("heart_rate", "heart rate"), SpO2: fr.int("spo2", "SpO2"), RespRate: fr.int("resp_rate", "respiratory rate"),
		Sedation: fr.int("moaas", "MOAA/S sedation score")}}
	err = fr.err
	var alerts []record.VitalsAlert
	if err == nil {
		_, alerts, err = s.svc.RecordVitals(r.Context(), p.Actor, id, in)
	}
	if err != nil {
		return s.redirectRefused(w, r, p, sessionURL(id), err)
	}
	if len(alerts) > 0 {
		s.redirectWarn(w, r, p, sessionURL(id)+"#alerts", "Vital signs saved. ALERT: "+alerts[0].Message)
		return nil
	}
	s.redirectDone(w, r, p, sessionURL(id)+"#vitals", "Vital signs saved.")
	return nil
}

func (s *Server) treatmentAlertAck(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	alertID, err := pathID(r, "alert")
	if err != nil {
		return err
	}
	return s.sessionWrite(w, r, p, "Alert acknowledged.", func(id int64, fr *formReader) error {
		return s.svc.AcknowledgeVitalsAlert(r.Context(), p.Actor, id, alertID, fr.f.Get("action"), fr.f.Get("note"))
	})
}

func (s *Server) treatmentEffect(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "Entry saved.", func(id int64, fr *formReader) error {
		_, err := s.svc.RecordSideEffect(r.Context(), p.Actor, id, treatment.SideEffectInput{Kind: fr.f.Get("kind"),
			Effect: fr.f.Get("effect"), Grade: fr.f.Get("grade"), Outcome: fr.f.Get("outcome"), Time: fr.f.Get("time"),
			Note: fr.f.Get("note")})
		return err
	})
}

func (s *Server) treatmentDischarge(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "Discharged.", func(id int64, fr *formReader) error {
		_, err := s.svc.Discharge(r.Context(), p.Actor, id, treatment.DischargeInput{AlertOriented: fr.check("oriented"),
			AdultPresent: fr.check("adult"), Instructions: fr.f.Get("instructions")})
		return err
	})
}

func (s *Server) remsPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := pathID(r, "sid")
	if err != nil {
		return err
	}
	pg, err := s.svc.Session(r.Context(), p.Actor, id)
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
	s.render(w, r, http.StatusOK, "treatment_rems", page{Title: "REMS Patient Monitoring Form · " + pg.Patient.Name(), Principal: p, Data: v})
	return nil
}

func (s *Server) remsSave(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "REMS answers saved.", func(id int64, fr *formReader) error {
		return s.svc.SaveREMS(r.Context(), p.Actor, id, signoff.REMSInput{Medications: [4]string{fr.f.Get("benzodiazepines"),
			fr.f.Get("sedative_hypnotics"), fr.f.Get("psychostimulants"), fr.f.Get("maois")}, ReadyMinutes: fr.f.Get("ready_minutes")})
	})
}

func (s *Server) remsSign(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "REMS form signed.", func(id int64, fr *formReader) error {
		return s.svc.SignREMS(r.Context(), p.Actor, id)
	})
}

func (s *Server) remsQueue(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	q, err := s.svc.REMSQueue(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "treatment_queue", page{Title: "REMS forms due", Principal: p, Data: q})
	return nil
}

// doseStock fills the dose form's container and witness choices.
func (s *Server) doseStock(r *http.Request, p *accounts.Principal, v *treatmentView) error {
	ch, err := s.svc.DoseStock(r.Context(), p.Actor, v.Record.Session.Drug)
	v.Stock, v.Witnesses = ch.Containers, ch.Witnesses
	return err
}
