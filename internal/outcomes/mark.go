package outcomes

// Mark is how far the cohort tables had grown when they were read: the
// highest ID of courses, administrations and assessments (of every
// clinic). The three only grow (rows are added, not deleted, and what
// the outcomes use of them is not edited), so a cache of course rows
// built at one mark is brought up to date with the histories of the
// patients who have rows above its IDs.
type Mark struct {
	Courses, Doses, Scores int64
}
