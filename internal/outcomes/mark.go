package outcomes

// Mark is how far the cohort tables had grown when they were read: the
// highest ID of courses, administrations and assessments (of every
// clinic). The three only grow (rows are added, not deleted, and what
// the outcomes use of them is not edited), so a cache of course rows
// built at one mark is brought up to date with the histories of the
// patients who have rows above its IDs.
type Mark struct {
	Courses, Doses, Scores int64
	// Changes is the highest ID of outcome_changes, where the database
	// notes (by trigger) a patient whose rows changed in place: a birth
	// date, a course's therapy, a dose's provider, anything edited or
	// deleted (cohort_rows.go in store).
	Changes int64
}
