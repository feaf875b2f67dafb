package auditchain

import "fmt"

// Problem is the first place a clinic's trail does not hold together.
type Problem struct {
	ID   int64 // the row's database ID (0 when the problem is a missing tail)
	Seq  int64
	What string
}

func (p Problem) Error() string {
	if p.ID == 0 {
		return fmt.Sprintf("after sequence %d: %s", p.Seq, p.What)
	}
	return fmt.Sprintf("row %d (sequence %d): %s", p.ID, p.Seq, p.What)
}

// Report is what a verification found for one clinic.
type Report struct {
	ClinicID int64
	Rows     int64 // chained rows checked
	Legacy   int64 // rows written before the chain existed (not covered)
	Head     Head  // the trail's last link
	Problem  *Problem
}

// Verifier walks one clinic's rows in database order (by ID) and checks
// each against the last. Feed it with Add, then call Finish.
type Verifier struct {
	r       Report
	last    Head
	chained bool   // a chained row has been seen
	anchors []Head // heads the clinic wrote down outside the database
}

// NewVerifier starts a verification of clinicID's trail. Anchors are
// heads the clinic recorded elsewhere (printed by earlier verifications):
// the trail must pass through each of them.
func NewVerifier(clinicID int64, anchors ...Head) *Verifier {
	return &Verifier{r: Report{ClinicID: clinicID}, anchors: anchors}
}

// Add checks the next row; after the first problem it does nothing.
func (v *Verifier) Add(row Row) {
	if v.r.Problem != nil {
		return
	}
	fail := func(what string) { v.r.Problem = &Problem{ID: row.ID, Seq: row.Seq, What: what} }
	switch {
	case row.Seq == 0 && !v.chained:
		v.r.Legacy++ // written before the chain: counted, not covered
	case row.Seq == 0:
		fail("a row without a place in the chain after the chain began: inserted")
	case row.Seq != v.last.Seq+1:
		if row.Seq > v.last.Seq+1 {
			fail(fmt.Sprintf("sequence jumps from %d: %d row(s) deleted, or rows reordered", v.last.Seq, row.Seq-v.last.Seq-1))
		} else {
			fail(fmt.Sprintf("sequence %d follows %d: a row inserted or reordered", row.Seq, v.last.Seq))
		}
	case row.PrevHash != v.last.Hash:
		fail("does not link to the row before it: a row before it was altered, deleted or inserted")
	case Hash(row.PrevHash, row.Seq, row.AuditEntry) != row.Hash:
		fail("its content does not match its hash: altered")
	default:
		for _, a := range v.anchors {
			if a.Seq == row.Seq && a.Hash != row.Hash {
				fail(fmt.Sprintf("differs from the anchored head %s: the trail up to here was rewritten", a))
				return
			}
		}
		v.chained = true
		v.r.Rows++
		v.last = Head{Seq: row.Seq, Hash: row.Hash}
	}
}

// Finish compares the end of the trail with the recorded head (the
// database's checkpoint) and with the anchors; a trail that ends before
// either was cut off.
func (v *Verifier) Finish(recorded Head) Report {
	v.r.Head = v.last
	if v.r.Problem != nil {
		return v.r
	}
	if recorded != v.last {
		v.r.Problem = &Problem{Seq: v.last.Seq, What: fmt.Sprintf(
			"the trail ends at %s but its checkpoint says %s: rows at the end were deleted or the checkpoint altered", v.last, recorded)}
		return v.r
	}
	for _, a := range v.anchors {
		if a.Seq > v.last.Seq {
			v.r.Problem = &Problem{Seq: v.last.Seq, What: fmt.Sprintf("the trail ends before the anchored head %s: its tail was cut off", a)}
			return v.r
		}
	}
	return v.r
}
