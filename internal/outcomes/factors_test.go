package outcomes

import (
	"testing"
	"time"

	"onset/internal/clinic"
)

// TestFactorsOf: the intake in force at T0 (else the first after it), the
// sessions' environment by majority, sleep and stress at baseline from the
// answers in [T0 − 30 days, T0]; what the records lack stays nil.
func TestFactorsOf(t *testing.T) {
	t.Parallel()
	day := func(d int) time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	f := func(x float64) *float64 { return &x }
	yes, no := true, false
	rows := []CourseRow{{CourseID: 1, PatientID: 7, T0: day(0)}, {CourseID: 2, PatientID: 7, T0: day(100)}, {CourseID: 3, PatientID: 8, T0: day(0)}}
	src := FactorSources{
		Intakes: []IntakeAt{
			{PatientID: 7, At: day(90), Factors: clinic.IntakeFactors{YearsIll: f(3)}},
			{PatientID: 7, At: day(95), Factors: clinic.IntakeFactors{YearsIll: f(4)}},
			{PatientID: 7, At: day(120), Factors: clinic.IntakeFactors{YearsIll: f(9)}},
		},
		Sessions: []SessionEnvironmentAt{
			{CourseID: 1, Environment: clinic.SessionEnvironment{Music: &yes, Eyeshade: &no}},
			{CourseID: 1, Environment: clinic.SessionEnvironment{Music: &yes}},
			{CourseID: 1, Environment: clinic.SessionEnvironment{Music: &no}},
			{CourseID: 2, Environment: clinic.SessionEnvironment{Music: &yes}},
			{CourseID: 2, Environment: clinic.SessionEnvironment{Music: &no}},
		},
		Answers: []AnswersAt{
			{PatientID: 7, Instrument: "phq9", At: day(-40), Total: 20, Answers: []int{3, 3, 3, 3, 3, 3, 0, 1, 1}},
			{PatientID: 7, Instrument: "phq9", At: day(-2), Total: 15, Answers: []int{2, 2, 1, 2, 2, 2, 2, 2, 0}},
			{PatientID: 7, Instrument: "qids-sr16", At: day(-1), Total: 14, Answers: []int{1, 3, 0, 2, 1, 1, 0, 0, 2, 1, 1, 1, 1, 0, 0, 0}},
			{PatientID: 7, Instrument: "gad7", At: day(-5), Total: 12},
			{PatientID: 7, Instrument: "gad7", At: day(1), Total: 3},
		},
		TherapyByID: map[int64]int{2: 4},
	}
	got := FactorsOf(rows, src)
	c1, c2, c3 := got[1], got[2], got[3]
	if c1.Intake.YearsIll == nil || *c1.Intake.YearsIll != 3 || *c2.Intake.YearsIll != 4 || c3.Intake.YearsIll != nil {
		t.Errorf("intakes: course 1 %v, 2 %v, 3 %v; want the first after T0 (3), the latest before (4), none", c1.Intake.YearsIll, c2.Intake.YearsIll, c3.Intake.YearsIll)
	}
	if c1.Music == nil || !*c1.Music || c1.Eyeshade == nil || *c1.Eyeshade || c1.SupportPerson != nil || c2.Music == nil || *c2.Music || c3.Music != nil {
		t.Errorf("environment: %+v %+v %+v", c1, c2, c3)
	}
	if c1.PHQ9Sleep == nil || *c1.PHQ9Sleep != 1 || c1.QIDSSleep == nil || *c1.QIDSSleep != 3 || c1.GAD7 == nil || *c1.GAD7 != 12 {
		t.Errorf("baseline sleep and stress of course 1: %v %v %v", c1.PHQ9Sleep, c1.QIDSSleep, c1.GAD7)
	}
	if c2.PHQ9Sleep != nil || c2.GAD7 != nil || c3.GAD7 != nil {
		t.Errorf("answers outside the baseline window were used")
	}
	if c2.TherapySessions == nil || *c2.TherapySessions != 4 || c1.TherapySessions != nil {
		t.Errorf("therapy sessions %v %v", c1.TherapySessions, c2.TherapySessions)
	}
}
