package session

import (
	"slices"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
)

var t0 = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

func vit(sys, dia, hr, spo2, rr, moaas int) Vitals {
	return Vitals{Systolic: sys, Diastolic: dia, HeartRate: hr, SpO2: spo2, RespRate: rr, Sedation: moaas}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		v        Vitals
		sedation bool
		want     string // "" = valid; else a fragment of the message
	}{
		{"normal", vit(120, 80, 70, 98, 14, 5), true, ""},
		{"baseline without MOAA/S", vit(120, 80, 70, 98, 14, NoSedation), false, ""},
		{"limits inclusive", vit(260, 160-1, 250, 100, 60, 0), true, ""},
		{"low limits inclusive", vit(50, 20, 20, 50, 4, 0), true, ""},
		{"BP 400/20 from the issue", vit(400, 20, 70, 98, 14, 5), true, "Systolic blood pressure 400 is outside the possible range 50–260 mmHg"},
		{"systolic below diastolic", vit(80, 120, 70, 98, 14, 5), true, "systolic pressure (80) must be higher than diastolic (120)"},
		{"equal pressures", vit(90, 90, 70, 98, 14, 5), true, "must be higher"},
		{"SpO2 above 100", vit(120, 80, 70, 101, 14, 5), true, "SpO2 101"},
		{"heart rate zero", vit(120, 80, 0, 98, 14, 5), true, "heart rate 0"},
		{"respiratory rate 99", vit(120, 80, 70, 98, 99, 5), true, "respiratory rate 99"},
		{"MOAA/S 6", vit(120, 80, 70, 98, 14, 6), true, "MOAA/S sedation must be a score from 0 to 5"},
		{"MOAA/S missing on the grid", vit(120, 80, 70, 98, 14, NoSedation), true, "MOAA/S"},
		{"every problem named", vit(400, 500, 0, 0, 0, 9), true, "heart rate 0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.v.Validate(tc.sedation)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(strings.ToLower(clinic.ErrorMessage(err)), strings.ToLower(tc.want)) || clinic.ErrorCode(err) != clinic.Invalid {
				t.Fatalf("error %v, want invalid containing %q", err, tc.want)
			}
		})
	}
}

func TestHoldRule(t *testing.T) {
	t.Parallel()
	r := DefaultHoldRule()
	cases := []struct {
		name string
		v    Vitals
		age  int
		want string
	}{
		{"140/90 exactly is not above", vit(140, 90, 70, 98, 14, -1), 40, ""},
		{"141 systolic", vit(141, 80, 70, 98, 14, -1), 40, "Systolic pressure 141 is above the pre-dose limit of 140"},
		{"91 diastolic", vit(130, 91, 70, 98, 14, -1), 40, "Diastolic pressure 91 is above the pre-dose limit of 90"},
		{"both", vit(150, 95, 70, 98, 14, -1), 40, "Blood pressure 150/95 is above the pre-dose limit of 140/90"},
		{"age 66: 150 allowed", vit(150, 85, 70, 98, 14, -1), 66, ""},
		{"age 66: 151 held", vit(151, 85, 70, 98, 14, -1), 66, "limit of 150"},
		{"age 65 is not older than 65", vit(145, 85, 70, 98, 14, -1), 65, "limit of 140"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := r.Check(tc.v, tc.age)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Fatalf("Check = %q, want %q", got, tc.want)
			}
		})
	}
	custom := HoldRule{MaxSystolic: 160, MaxDiastolic: 100}
	if got := custom.Check(vit(150, 95, 70, 98, 14, -1), 80); got != "" {
		t.Errorf("a clinic's own 160/100 limit held 150/95: %q", got)
	}
}

func kinds(as []Alert) []AlertKind {
	var out []AlertKind
	for _, a := range as {
		out = append(out, a.Kind)
	}
	return out
}

func TestAlerts(t *testing.T) {
	t.Parallel()
	l := DefaultAlertLimits()
	base := vit(120, 80, 70, 98, 14, -1)
	at := func(min int, v Vitals) Reading {
		return Reading{At: t0.Add(time.Duration(min) * time.Minute), Vitals: v}
	}
	cases := []struct {
		name    string
		earlier []Reading
		r       Reading
		want    []AlertKind
	}{
		{"quiet", nil, at(10, vit(130, 85, 80, 97, 14, 5)), nil},
		{"rise 39/24 is below", nil, at(10, vit(159, 104, 80, 97, 14, 5)), nil},
		{"systolic rise 40", nil, at(10, vit(160, 85, 80, 97, 14, 5)), []AlertKind{AlertBPRise}},
		{"diastolic rise 25", nil, at(10, vit(130, 105, 80, 97, 14, 5)), []AlertKind{AlertBPRise}},
		{"181 systolic", nil, at(10, vit(181, 100, 80, 97, 14, 5)), []AlertKind{AlertBPRise, AlertBPHigh}},
		{"180/110 is not above", nil, at(10, vit(180, 110, 80, 97, 14, 5)), []AlertKind{AlertBPRise}},
		{"SpO2 91", nil, at(10, vit(125, 80, 80, 91, 14, 5)), []AlertKind{AlertSpO2Low}},
		{"SpO2 92 is fine", nil, at(10, vit(125, 80, 80, 92, 14, 5)), nil},
		{"one fast heart rate is not sustained", nil, at(10, vit(125, 80, 130, 97, 14, 5)), nil},
		{"fast 4 minutes apart is not sustained", []Reading{at(6, vit(125, 80, 125, 97, 14, 5))},
			at(10, vit(125, 80, 130, 97, 14, 5)), nil},
		{"fast 5 minutes apart is sustained", []Reading{at(5, vit(125, 80, 125, 97, 14, 5))},
			at(10, vit(125, 80, 130, 97, 14, 5)), []AlertKind{AlertHRSustained}},
		{"run broken by a normal reading", []Reading{at(0, vit(125, 80, 125, 97, 14, 5)), at(5, vit(125, 80, 100, 97, 14, 5))},
			at(10, vit(125, 80, 130, 97, 14, 5)), nil},
		{"run over three readings, given out of order", []Reading{at(8, vit(125, 80, 121, 97, 14, 5)), at(2, vit(125, 80, 125, 97, 14, 5)), at(0, vit(120, 80, 90, 97, 14, 5))},
			at(10, vit(125, 80, 130, 97, 14, 5)), []AlertKind{AlertHRSustained}},
		{"120 is not above", []Reading{at(0, vit(125, 80, 120, 97, 14, 5))}, at(10, vit(125, 80, 120, 97, 14, 5)), nil},
		{"later readings are ignored", []Reading{at(20, vit(125, 80, 125, 97, 14, 5))}, at(10, vit(125, 80, 130, 97, 14, 5)), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := kinds(l.Check(base, tc.earlier, tc.r))
			if !slices.Equal(got, tc.want) {
				t.Fatalf("alerts %v, want %v", got, tc.want)
			}
		})
	}
	msg := l.Check(base, nil, at(40, vit(165, 90, 80, 97, 14, 5)))[0].Message
	if msg != "Blood pressure 165/90 is up +45/+10 mmHg from the pre-dose 120/80 (limit +40/+25)." {
		t.Errorf("message %q", msg)
	}
	strict := AlertLimits{RiseSystolic: 20, RiseDiastolic: 15, MaxSystolic: 160, MaxDiastolic: 100, MinSpO2: 94, MaxHeartRate: 110, Sustained: time.Minute}
	if got := kinds(strict.Check(base, nil, at(10, vit(150, 85, 80, 93, 14, 5)))); !slices.Equal(got, []AlertKind{AlertBPRise, AlertSpO2Low}) {
		t.Errorf("clinic limits: %v", got)
	}
}

func TestDischarge(t *testing.T) {
	t.Parallel()
	rules, limits := DefaultDischargeRules(), DefaultAlertLimits()
	base := vit(120, 80, 70, 98, 14, -1)
	ok := func(min int) *Reading {
		return &Reading{At: t0.Add(time.Duration(min) * time.Minute), Vitals: vit(125, 82, 75, 98, 14, 5)}
	}
	ready := func(route clinic.Route, now int) DischargeState {
		return DischargeState{Route: route, Dosed: true, DoseStart: t0, DoseEnd: t0.Add(40 * time.Minute),
			Now: t0.Add(time.Duration(now) * time.Minute), Baseline: base, Last: ok(now - 5), AlertOriented: true, ResponsibleAdult: true}
	}
	cases := []struct {
		name string
		st   DischargeState
		want []string // fragments, in order
	}{
		{"IV after 40 + 60 min", ready(clinic.RouteIV, 100), nil},
		{"IV 10 min early", ready(clinic.RouteIV, 90), []string{"Minimum monitoring time after the end of the dose not reached: discharge from 10:40 UTC (10 minutes to go)"}},
		{"esketamine at 119 min", func() DischargeState {
			s := ready(clinic.RouteEsketamine, 119)
			s.DoseEnd = t0.Add(5 * time.Minute)
			return s
		}(),
			[]string{"from the first device not reached: discharge from 11:00 UTC"}},
		{"esketamine at 120 min", func() DischargeState {
			s := ready(clinic.RouteEsketamine, 120)
			s.DoseEnd = t0.Add(5 * time.Minute)
			return s
		}(), nil},
		{"no vitals", func() DischargeState { s := ready(clinic.RouteIV, 100); s.Last = nil; return s }(), []string{"No vital signs"}},
		{"stale vitals", func() DischargeState { s := ready(clinic.RouteIV, 100); s.Last = ok(60); return s }(), []string{"older than 30 minutes"}},
		{"BP still up", func() DischargeState {
			s := ready(clinic.RouteIV, 100)
			s.Last.Vitals = vit(185, 90, 75, 98, 14, 5)
			return s
		}(), []string{"up +65/+10", "above 180/110"}},
		{"heart rate above limit once", func() DischargeState { s := ready(clinic.RouteIV, 100); s.Last.HeartRate = 125; return s }(), []string{"Heart rate 125/min is above 120/min"}},
		{"open alert, not oriented, no adult", func() DischargeState {
			s := ready(clinic.RouteIV, 100)
			s.OpenAlerts, s.AlertOriented, s.ResponsibleAdult = 1, false, false
			return s
		}(), []string{"1 alert(s) not yet acknowledged", "alert and oriented", "responsible adult"}},
		{"IM uses the clinic's own minimum", func() DischargeState { s := ready(clinic.RouteIM, 71); s.DoseEnd = t0.Add(time.Minute); return s }(), nil},
	}
	rules2 := rules
	rules2.OtherMin = map[clinic.Route]time.Duration{clinic.RouteIM: 30 * time.Minute}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := rules
			if tc.st.Route == clinic.RouteIM {
				r = rules2
			}
			got := r.Unmet(tc.st, limits)
			if len(got) != len(tc.want) {
				t.Fatalf("unmet %q, want %d item(s) %q", got, len(tc.want), tc.want)
			}
			for i := range got {
				if !strings.Contains(got[i], tc.want[i]) {
					t.Errorf("item %d %q, want %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestREMSForm(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	ready := 95
	rec := REMSRecord{DoseMg: 56, LotNumber: "LOT123", FirstDevice: t0, Baseline: vit(128, 82, 70, 98, 14, -1),
		Readings: []Reading{
			{At: t0.Add(10 * time.Minute), Vitals: vit(135, 85, 75, 98, 14, 5)},
			{At: t0.Add(38 * time.Minute), Vitals: vit(148, 90, 78, 97, 14, 4)},
			{At: t0.Add(44 * time.Minute), Vitals: vit(146, 88, 78, 97, 14, 5)},
			{At: t0.Add(118 * time.Minute), Vitals: vit(126, 80, 70, 98, 14, 5)},
		},
		Discharged: t0.Add(125 * time.Minute), ReadyToLeave: &ready, Medications: [4]*bool{&no, &no, &yes, &no},
		DissociationNoted: true}
	f := BuildREMS(rec, DefaultAlertLimits())
	if m := f.Missing(); len(m) != 0 {
		t.Fatalf("complete record leaves %q missing", m)
	}
	if f.BPAt40.String() != "148/90" || f.BPBefore.String() != "128/82" || f.BPEnd.String() != "126/80" {
		t.Errorf("BPs before %v at 40 %v end %v", f.BPBefore, f.BPAt40, f.BPEnd)
	}
	if *f.TotalMinutes != 125 || !*f.Sedation || !*f.Dissociation || *f.RespiratoryDepression || !*f.VitalsOKBefore || !*f.VitalsOKEnd {
		t.Errorf("form %+v", f)
	}
	if f.DoseLabel() != "56 mg" || (REMSForm{DoseMg: 28}).DoseLabel() != "other (28 mg)" {
		t.Errorf("dose labels %q", f.DoseLabel())
	}

	cases := []struct {
		name string
		edit func(*REMSRecord)
		want []string
	}{
		{"open session", func(r *REMSRecord) { r.Discharged = time.Time{} }, []string{"total minutes of monitoring",
			"blood pressure before the session ended", "vital signs acceptable at the end", "sedation", "dissociation", "respiratory depression"}},
		{"no reading near 40 minutes", func(r *REMSRecord) { r.Readings = []Reading{r.Readings[0], r.Readings[3]} },
			[]string{"blood pressure at about 40 minutes"}},
		{"medications unanswered", func(r *REMSRecord) { r.Medications = [4]*bool{} }, []string{"concomitant benzodiazepines",
			"concomitant non-benzodiazepine sedative-hypnotics", "concomitant psychostimulants", "concomitant MAOIs"}},
		{"ready-to-leave and lot missing", func(r *REMSRecord) { r.ReadyToLeave, r.LotNumber = nil, "" },
			[]string{"lot number", "minutes until the patient would have been ready to leave"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := rec
			tc.edit(&r)
			if got := BuildREMS(r, DefaultAlertLimits()).Missing(); !slices.Equal(got, tc.want) {
				t.Errorf("missing %q, want %q", got, tc.want)
			}
		})
	}
	low := rec
	low.Readings = append(slices.Clone(rec.Readings), Reading{At: t0.Add(60 * time.Minute), Vitals: vit(130, 80, 70, 90, 10, 5)})
	if f := BuildREMS(low, DefaultAlertLimits()); !*f.RespiratoryDepression {
		t.Error("SpO2 90% did not count as respiratory depression")
	}
	held := rec
	held.BaselineHeld, held.EndAlerts = true, []string{"x"}
	if f := BuildREMS(held, DefaultAlertLimits()); *f.VitalsOKBefore || *f.VitalsOKEnd {
		t.Error("a held baseline and an out-of-limit end reading count as acceptable")
	}
}

func TestFormStatus(t *testing.T) {
	t.Parallel()
	done := BuildREMS(REMSRecord{}, DefaultAlertLimits())
	n := 0
	complete := REMSForm{Benzodiazepines: new(bool), NonBenzoSedativeHypnotics: new(bool), Psychostimulants: new(bool), MAOIs: new(bool),
		DoseMg: 56, LotNumber: "L", TotalMinutes: &n, ReadyToLeaveMinutes: &n, BPBefore: &BP{1, 1}, BPAt40: &BP{1, 1}, BPEnd: &BP{1, 1},
		VitalsOKBefore: new(bool), VitalsOKEnd: new(bool), Sedation: new(bool), Dissociation: new(bool), RespiratoryDepression: new(bool)}
	cases := []struct {
		name   string
		f      REMSForm
		signed bool
		now    time.Time
		want   FormStatus
	}{
		{"incomplete", done, false, t0.Add(time.Hour), FormIncomplete},
		{"ready", complete, false, t0.Add(time.Hour), FormReady},
		{"signed late is still signed", complete, true, t0.Add(30 * 24 * time.Hour), FormSigned},
		{"7 days exactly is still due", complete, false, t0.Add(FormDueWithin), FormReady},
		{"overdue", done, false, t0.Add(FormDueWithin + time.Minute), FormOverdue},
	}
	for _, tc := range cases {
		if got := Status(tc.f, tc.signed, t0, tc.now); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}
