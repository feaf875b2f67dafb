package demo

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"onset/internal/service/imports"
	"strconv"
	"strings"
	"time"
)

// importHistory is the administrator importing the clinic's records from
// before it went live — every dose until the set-up, and the
// questionnaires until the last weeks' paper ones (questionnaires.go) —
// with the product's import (the same as `onset import`): each file is
// checked row by row and stored in one transaction. Courses are derived
// from the doses with the generator's gap between courses.
func (s *sim) importHistory() error {
	var tr, as bytes.Buffer
	t, a := csv.NewWriter(&tr), csv.NewWriter(&as)
	t.Write([]string{"patient", "given_at", "route", "dose_mg", "weight_kg", "therapy"})
	a.Write([]string{"patient", "taken_at", "instrument", "total", "answers"})
	for _, x := range s.c.Administrations {
		if !x.GivenAt.Before(s.start) {
			continue
		}
		therapy := "no"
		if s.c.Courses[x.CourseIndex].Therapy {
			therapy = "yes"
		}
		t.Write([]string{s.c.Patients[x.PatientIndex].MRN, x.GivenAt.Format(time.RFC3339), string(x.Route),
			num(x.DoseMg), num(x.WeightKg), therapy})
	}
	for _, x := range s.c.Assessments {
		if !x.TakenAt.Before(s.start.Add(-backfill)) { // entered from paper (questionnaires.go)
			continue
		}
		answers := make([]string, len(x.Answers))
		for i, v := range x.Answers {
			answers[i] = strconv.Itoa(v)
		}
		a.Write([]string{s.c.Patients[x.PatientIndex].MRN, x.TakenAt.Format(time.RFC3339), x.Instrument,
			strconv.Itoa(x.Total), strings.Join(answers, ",")})
	}
	t.Flush()
	a.Flush()
	if rep, err := s.svc.ImportTreatments(s.ctx, s.admin, &tr, imports.ImportOptions{CourseGapDays: courseGapDays}); err != nil {
		return fmt.Errorf("treatments: %w %v", err, rep.Rejected)
	}
	s.tick(2 * time.Minute)
	if rep, err := s.svc.ImportAssessments(s.ctx, s.admin, &as, imports.ImportOptions{}); err != nil {
		return fmt.Errorf("assessments: %w %v", err, rep.Rejected)
	}
	return nil
}

// num formats a quantity without trailing zeros.
func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
