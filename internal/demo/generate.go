package demo

import (
	"math/rand/v2"
	"time"

	"onset/internal/clinic"
)

// generator appends one patient at a time to out.
type generator struct {
	now   time.Time
	names names
	r     *rand.Rand
	out   Clinic
}

// addPatient generates patient i with one course and, after some relapses,
// a second.
func (g *generator) addPatient(i int) {
	r, today := g.r, date(g.now)
	p := newPerson(r, g.names, i, g.now)
	p.factors = factorsOf(i)
	first := newPlan(r, p, p.Conditions[0], today.AddDate(0, 0, -1-r.IntN(historyDays)))

	plans := []plan{first}
	if !first.relapseAt.IsZero() && r.Float64() < shareSecondCourse {
		// More than courseGapDays without a dose, so that the clinic's
		// records (and their import) tell the two courses apart.
		start := date(first.relapseAt).AddDate(0, 0, courseGapDays+1+r.IntN(47))
		if start.Before(today) {
			plans = append(plans, newPlan(r, p, p.Conditions[0], start))
		}
	}

	p.CreatedAt = inClinic(first.first().AddDate(0, 0, -1-r.IntN(14)), r.IntN(lastSlot+1))
	g.out.Patients = append(g.out.Patients, p.Patient)
	for j, pl := range plans {
		limit := g.now
		if j+1 < len(plans) {
			limit = plans[j+1].first().Add(-time.Minute)
		}
		g.addCourse(r, i, pl, limit)
	}
}

// addCourse appends course pl of patient pi, without events after limit.
func (g *generator) addCourse(r *rand.Rand, pi int, pl plan, limit time.Time) {
	ci := len(g.out.Courses)
	g.out.Courses = append(g.out.Courses, Course{Course: pl.course, PatientIndex: pi})
	for _, s := range pl.sessions {
		a := Administration{
			Administration: clinic.Administration{
				GivenAt: s.at, Route: pl.course.Route, DoseMg: s.doseMg, WeightKg: s.weightKg,
			},
			PatientIndex: pi, CourseIndex: ci,
		}
		switch {
		case !s.at.After(limit):
			g.out.Administrations = append(g.out.Administrations, a)
		case limit.Equal(g.now) && s.at.Before(g.now.AddDate(0, 0, UpcomingDays)):
			g.out.Upcoming = append(g.out.Upcoming, a)
		}
	}
	t0 := pl.course.StartedAt
	for _, at := range pl.checks {
		if at.After(limit) {
			break
		}
		ratio := pl.curve.at(days(at, t0))
		for _, m := range pl.scales {
			nine := 0
			if m.itemNine {
				nine = itemNine(r, pl.itemNine, !at.After(t0))
			}
			total, answers := m.score(r, ratio, nine)
			g.out.Assessments = append(g.out.Assessments, Assessment{
				Assessment: clinic.Assessment{
					Instrument: m.id, TakenAt: at, Total: total, Answers: answers, Source: Source,
				},
				PatientIndex: pi, CourseIndex: ci,
			})
		}
	}
}

// itemNine draws the wanted PHQ-9 item 9 answer.
func itemNine(r *rand.Rand, atBaseline, baseline bool) int {
	switch {
	case baseline && atBaseline:
		return 1 + choose(r, 0.7, 0.25, 0.05)
	case !baseline && r.Float64() < shareItemNineLater:
		return 1
	}
	return 0
}
