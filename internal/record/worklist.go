package record

import "time"

// WorkRow is one row a worklist section reads from the store: the record
// (a session, a link), its patient and the time that makes it due.
type WorkRow struct {
	ID          int64
	PatientID   int64
	PatientName string
	What        string // the section's detail: an instrument, a drug
	At          time.Time
}
