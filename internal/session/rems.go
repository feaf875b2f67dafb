package session

import (
	"fmt"
	"time"
)

// BP is a blood pressure on the REMS form.
type BP struct{ Systolic, Diastolic int }

func (b BP) String() string { return fmt.Sprintf("%d/%d", b.Systolic, b.Diastolic) }

// REMSForm is the Spravato REMS Patient Monitoring Form: every field that
// clinical-reference §1.5 lists (form instructions, manualspro copy; J&J
// video). A nil pointer is a field not yet answered. The 2025+ REMS
// changes were not found (§6): check spravatorems.com before relying on
// the field list.
type REMSForm struct {
	// Concomitant medications (yes/no each).
	Benzodiazepines           *bool
	NonBenzoSedativeHypnotics *bool
	Psychostimulants          *bool
	MAOIs                     *bool
	// Dose: 56, 84 or another amount in mg; and the lot number.
	DoseMg    int
	LotNumber string
	// Total minutes from the first device to the end of monitoring.
	TotalMinutes *int
	// "When would the patient have been ready to leave?" in minutes.
	ReadyToLeaveMinutes *int
	// Blood pressure before dosing, at about 40 minutes, before the end.
	BPBefore, BPAt40, BPEnd *BP
	// Vital signs acceptable before dosing and at the end (yes/no).
	VitalsOKBefore, VitalsOKEnd *bool
	// Sedation, dissociation, respiratory depression (yes/no).
	Sedation, Dissociation, RespiratoryDepression *bool
}

// DoseLabel is "56 mg", "84 mg" or "other (28 mg)" as the form asks.
func (f REMSForm) DoseLabel() string {
	switch f.DoseMg {
	case 0:
		return ""
	case 56, 84:
		return fmt.Sprintf("%d mg", f.DoseMg)
	}
	return fmt.Sprintf("other (%d mg)", f.DoseMg)
}

// Missing names every field not yet filled; sign-off needs it empty.
func (f REMSForm) Missing() []string {
	var out []string
	yn := func(b *bool, name string) {
		if b == nil {
			out = append(out, name)
		}
	}
	yn(f.Benzodiazepines, "concomitant benzodiazepines")
	yn(f.NonBenzoSedativeHypnotics, "concomitant non-benzodiazepine sedative-hypnotics")
	yn(f.Psychostimulants, "concomitant psychostimulants")
	yn(f.MAOIs, "concomitant MAOIs")
	if f.DoseMg <= 0 {
		out = append(out, "dose")
	}
	if f.LotNumber == "" {
		out = append(out, "lot number")
	}
	if f.TotalMinutes == nil {
		out = append(out, "total minutes of monitoring")
	}
	if f.ReadyToLeaveMinutes == nil {
		out = append(out, "minutes until the patient would have been ready to leave")
	}
	if f.BPBefore == nil {
		out = append(out, "blood pressure before dosing")
	}
	if f.BPAt40 == nil {
		out = append(out, "blood pressure at about 40 minutes")
	}
	if f.BPEnd == nil {
		out = append(out, "blood pressure before the session ended")
	}
	yn(f.VitalsOKBefore, "vital signs acceptable before dosing")
	yn(f.VitalsOKEnd, "vital signs acceptable at the end")
	yn(f.Sedation, "sedation")
	yn(f.Dissociation, "dissociation")
	yn(f.RespiratoryDepression, "respiratory depression")
	return out
}

// At40Window is how far from 40 minutes after the first device a reading
// may be to count as the "about 40 minutes" BP (spravatohcp.com dosing
// page: "before dosing, about 40 min after, then as warranted", §1.5).
// The ±10 minutes is this software's reading of "about".
const At40Window = 10 * time.Minute

// REMSRecord is the session record the form is built from.
type REMSRecord struct {
	DoseMg       int
	LotNumber    string
	FirstDevice  time.Time
	Baseline     Vitals
	Readings     []Reading // after check-in
	Discharged   time.Time // zero while the session is open
	ReadyToLeave *int      // the clinician's answer, minutes from the first device
	Medications  [4]*bool  // benzodiazepines, non-benzodiazepine sedative-hypnotics, psychostimulants, MAOIs
	// Side effects recorded in the session.
	SedationNoted, DissociationNoted, RespiratoryDepressionNoted bool
	BaselineHeld                                                 bool // the pre-dose hold fired
	EndAlerts                                                    []string
}

// BuildREMS fills the form from the session record. Sedation is "yes" when
// any MOAA/S score was below 5 or sedation was recorded as a side effect;
// respiratory depression when a side effect says so or SpO2 fell below
// limits.MinSpO2; dissociation when recorded as a side effect.
func BuildREMS(rec REMSRecord, limits AlertLimits) REMSForm {
	b := func(v bool) *bool { return &v }
	f := REMSForm{DoseMg: rec.DoseMg, LotNumber: rec.LotNumber, ReadyToLeaveMinutes: rec.ReadyToLeave}
	f.Benzodiazepines, f.NonBenzoSedativeHypnotics, f.Psychostimulants, f.MAOIs =
		rec.Medications[0], rec.Medications[1], rec.Medications[2], rec.Medications[3]
	if rec.Baseline.Systolic > 0 {
		f.BPBefore = &BP{rec.Baseline.Systolic, rec.Baseline.Diastolic}
		f.VitalsOKBefore = b(!rec.BaselineHeld)
	}
	sedation, resp := rec.SedationNoted, rec.RespiratoryDepressionNoted
	var best *Reading
	var last *Reading
	for i := range rec.Readings {
		r := &rec.Readings[i]
		if r.Sedation != NoSedation && r.Sedation < MaxSedation {
			sedation = true
		}
		if r.SpO2 < limits.MinSpO2 {
			resp = true
		}
		if !rec.FirstDevice.IsZero() {
			d := r.At.Sub(rec.FirstDevice) - 40*time.Minute
			if d.Abs() <= At40Window && (best == nil || d.Abs() < (best.At.Sub(rec.FirstDevice)-40*time.Minute).Abs()) {
				best = r
			}
		}
		if last == nil || r.At.After(last.At) {
			last = r
		}
	}
	if best != nil {
		f.BPAt40 = &BP{best.Systolic, best.Diastolic}
	}
	if !rec.Discharged.IsZero() {
		if last != nil {
			f.BPEnd = &BP{last.Systolic, last.Diastolic}
			f.VitalsOKEnd = b(len(rec.EndAlerts) == 0)
		}
		if !rec.FirstDevice.IsZero() {
			m := int(rec.Discharged.Sub(rec.FirstDevice) / time.Minute)
			f.TotalMinutes = &m
		}
		f.Sedation, f.Dissociation, f.RespiratoryDepression = b(sedation), b(rec.DissociationNoted), b(resp)
	}
	return f
}

// FormDueWithin: the form is submitted within 7 days of the session
// (form instructions, §1.5).
const FormDueWithin = 7 * 24 * time.Hour

// FormStatus is where a form stands in the queue.
type FormStatus string

const (
	FormIncomplete FormStatus = "incomplete" // fields missing
	FormReady      FormStatus = "ready"      // complete, awaiting sign-off
	FormSigned     FormStatus = "signed"
	FormOverdue    FormStatus = "overdue" // not signed and past the 7 days
)

// Status is the queue status of a form for a session on sessionDay, now.
func Status(f REMSForm, signed bool, sessionDay, now time.Time) FormStatus {
	switch {
	case signed:
		return FormSigned
	case now.After(sessionDay.Add(FormDueWithin)):
		return FormOverdue
	case len(f.Missing()) > 0:
		return FormIncomplete
	}
	return FormReady
}
