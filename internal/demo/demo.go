// Package demo makes the demo clinic in two steps. Generate draws a
// seeded, deterministic clinic — patients, treatment courses,
// administrations and assessments whose trajectories follow the published
// ketamine figures in clinical-reference.md §2 — and is pure: no SQL, no
// HTTP, no clock reads. Run then lives that clinic through the product:
// staff and patients act through the same service use cases a browser
// calls, on a simulated clock, so the demo cannot hold what the product
// would refuse (run.go).
package demo

import (
	"math/rand/v2"
	"time"

	"onset/internal/clinic"
)

// DefaultPatients is the size of the demo clinic when Generate is asked for
// zero patients.
const DefaultPatients = 240

// Source is the Assessment.Source of every generated assessment.
const Source = "demo"

// Clinic is a generated demo clinic. IDs are left 0: records are linked by
// their index in these slices. Insert Patients first, then Courses, then
// Administrations and Assessments, mapping indices to database IDs.
type Clinic struct {
	Staff           []Staff
	Patients        []clinic.Patient
	Courses         []Course
	Administrations []Administration
	Assessments     []Assessment
	// Upcoming are the sessions the patients' latest courses plan for the
	// UpcomingDays after now (for the week of bookings); never given.
	Upcoming []Administration
}

// UpcomingDays is how far past now Generate lists planned sessions.
const UpcomingDays = 8

// courseGapDays: a dose more than this many days after the patient's
// previous one starts a new course (the import's CourseGapDays).
const courseGapDays = 30

// Staff is a demo staff account. Passwords are set by the caller.
type Staff struct {
	Email string
	Name  string
	Role  clinic.Role
}

// Course is a course of the patient Patients[PatientIndex].
type Course struct {
	clinic.Course
	PatientIndex int
}

// Administration is a dose of course Courses[CourseIndex] given to patient
// Patients[PatientIndex].
type Administration struct {
	clinic.Administration
	PatientIndex int
	CourseIndex  int
}

// Assessment is a questionnaire of patient Patients[PatientIndex], taken
// during (or in the baseline window of) course Courses[CourseIndex].
type Assessment struct {
	clinic.Assessment
	PatientIndex int
	CourseIndex  int
}

// Generate builds a demo clinic with the given number of patients
// (DefaultPatients when patients <= 0). Every event is at or before now
// but the Upcoming sessions.
// Each patient draws from its own stream seeded by (seed, index), so the
// first n patients do not depend on how many follow.
func Generate(seed int64, now time.Time, patients int) Clinic {
	if patients <= 0 {
		patients = DefaultPatients
	}
	g := generator{now: now.UTC(), names: newNames()}
	g.out.Staff = staff()
	for i := range patients {
		// The golden-ratio multiplier spreads neighbouring indices apart.
		g.r = rand.New(rand.NewPCG(uint64(seed), uint64(i+1)*0x9e3779b97f4a7c15))
		g.addPatient(i)
	}
	return g.out
}
