package outcomes

import (
	"slices"
	"time"

	"onset/internal/clinic"
)

// The factors a course's model reads beyond its Facts (issue 15): the
// intake in force at T0, the environment of its sessions, and sleep and
// stress at baseline from the questionnaires already collected. Each is
// nil when the records do not hold it: missing is missing, never zero.

// CourseFactors are one course's factors.
type CourseFactors struct {
	Intake clinic.IntakeFactors
	// The sessions' environment: yes when more than half of the course's
	// sessions with it recorded had it; nil when none recorded it.
	Music, Eyeshade, SupportPerson *bool
	// At baseline (the latest answer in [T0 − 30 days, T0], design.md §3):
	// the PHQ-9 sleep item (item 3, 0–3), the QIDS-SR16 sleep domain (the
	// highest of items 1–4, 0–3; Rush 2003) and the GAD-7 total (0–21;
	// Spitzer 2006), read as the baseline stress the clinic collects.
	PHQ9Sleep, QIDSSleep, GAD7 *float64
	// TherapySessions is the number of psychotherapy sessions in the
	// course, when the records count them; nil otherwise.
	TherapySessions *int
}

// IntakeAt is one intake version's factors, recorded at At.
type IntakeAt struct {
	PatientID int64
	At        time.Time
	Factors   clinic.IntakeFactors
}

// SessionEnvironmentAt is the environment of one treatment session of a course.
type SessionEnvironmentAt struct {
	CourseID    int64
	Environment clinic.SessionEnvironment
}

// AnswersAt is one questionnaire's answers (PHQ-9, QIDS-SR16 or GAD-7).
type AnswersAt struct {
	PatientID  int64
	Instrument string // "phq9", "qids-sr16" or "gad7"
	At         time.Time
	Total      int
	Answers    []int // item scores in order; nil when not stored
}

// FactorSources are the records a clinic's course factors are read from.
type FactorSources struct {
	Intakes     []IntakeAt
	Sessions    []SessionEnvironmentAt
	Answers     []AnswersAt
	TherapyByID map[int64]int // psychotherapy sessions per course, when counted
}

// FactorsOf returns each row's factors, by course ID. A course's intake is
// the latest version recorded at or before T0; for a course that began
// before the patient's first intake (history from before the clinic
// recorded intakes in Onset) it is that first intake, whose factors —
// years ill, treatment tried, coexisting conditions — mostly describe the
// patient's past too.
func FactorsOf(rows []CourseRow, src FactorSources) map[int64]CourseFactors {
	intakes := map[int64][]IntakeAt{}
	for _, in := range src.Intakes {
		intakes[in.PatientID] = append(intakes[in.PatientID], in)
	}
	answers := map[int64][]AnswersAt{}
	for _, a := range src.Answers {
		answers[a.PatientID] = append(answers[a.PatientID], a)
	}
	type tally struct{ yes, n [3]int }
	env := map[int64]*tally{}
	for _, s := range src.Sessions {
		t := env[s.CourseID]
		if t == nil {
			t = &tally{}
			env[s.CourseID] = t
		}
		for i, b := range []*bool{s.Environment.Music, s.Environment.Eyeshade, s.Environment.SupportPerson} {
			if b != nil {
				t.n[i]++
				if *b {
					t.yes[i]++
				}
			}
		}
	}
	out := make(map[int64]CourseFactors, len(rows))
	for _, r := range rows {
		var f CourseFactors
		f.Intake = intakeFor(intakes[r.PatientID], r.T0)
		if t := env[r.CourseID]; t != nil {
			for i, dst := range []**bool{&f.Music, &f.Eyeshade, &f.SupportPerson} {
				if t.n[i] > 0 {
					b := 2*t.yes[i] > t.n[i]
					*dst = &b
				}
			}
		}
		var phq, qids, gad *AnswersAt
		for i := range answers[r.PatientID] {
			a := &answers[r.PatientID][i]
			if a.At.After(r.T0) || a.At.Before(r.T0.Add(-baselineWindow)) {
				continue
			}
			switch a.Instrument {
			case "phq9":
				if phq == nil || !a.At.Before(phq.At) {
					phq = a
				}
			case "qids-sr16":
				if qids == nil || !a.At.Before(qids.At) {
					qids = a
				}
			case "gad7":
				if gad == nil || !a.At.Before(gad.At) {
					gad = a
				}
			}
		}
		if phq != nil && len(phq.Answers) == 9 {
			v := float64(phq.Answers[2])
			f.PHQ9Sleep = &v
		}
		if qids != nil && len(qids.Answers) == 16 {
			v := float64(slices.Max(qids.Answers[:4]))
			f.QIDSSleep = &v
		}
		if gad != nil {
			v := float64(gad.Total)
			f.GAD7 = &v
		}
		if n, ok := src.TherapyByID[r.CourseID]; ok {
			f.TherapySessions = &n
		}
		out[r.CourseID] = f
	}
	return out
}

// intakeFor is the intake in force at t0 among a patient's intakes (any
// order): the latest at or before t0, else the earliest after it.
func intakeFor(ins []IntakeAt, t0 time.Time) clinic.IntakeFactors {
	var before, after *IntakeAt
	for i := range ins {
		in := &ins[i]
		if !in.At.After(t0) {
			if before == nil || !in.At.Before(before.At) {
				before = in
			}
		} else if after == nil || in.At.Before(after.At) {
			after = in
		}
	}
	switch {
	case before != nil:
		return before.Factors
	case after != nil:
		return after.Factors
	}
	return clinic.IntakeFactors{}
}
