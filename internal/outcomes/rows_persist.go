package outcomes

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"time"
)

// Course rows are kept in the database between runs (store's
// cohort_rows, one document per patient and instrument), so that an
// analysis reads the clinic's courses instead of every assessment. They
// are kept without the minimum baseline, which is the clinic's setting
// and applied when they are read (ApplyMinBaseline), and without
// follow-ups.

// RowsVersion names the rows' definition: the evaluation's version and
// the shape of CourseRow. Rows saved under another version are computed
// again, so a change to the definitions (design.md §3) or a new field
// never leaves old rows in use.
var RowsVersion = rowsVersion()

// rowsDefinition is bumped when Evaluate or CourseRows change what they
// compute without changing CourseRow's shape.
const rowsDefinition = "2026-12-04 minimum baseline applied on read; binary form 1; the instrument's response drop"

func rowsVersion() string {
	h := sha256.New()
	fmt.Fprint(h, rowsDefinition)
	var describe func(t reflect.Type)
	describe = func(t reflect.Type) {
		fmt.Fprint(h, t.String(), t.Kind())
		switch t.Kind() {
		case reflect.Struct:
			for i := range t.NumField() {
				f := t.Field(i)
				fmt.Fprint(h, f.Name, f.Tag)
				describe(f.Type)
			}
		case reflect.Slice, reflect.Pointer:
			describe(t.Elem())
		}
	}
	describe(reflect.TypeFor[CourseRow]())
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// EncodeRows is one patient's rows as stored: a compact binary form
// (rows_codec.go), follow-ups left out.
func EncodeRows(rows []CourseRow) ([]byte, error) {
	return appendRows(nil, rows), nil
}

// DecodeRows reads what EncodeRows wrote.
func DecodeRows(b []byte) ([]CourseRow, error) {
	return readRows(b, nil)
}

// ApplyMinBaseline leaves r out of response, remission and relapse when
// its baseline is below min (design.md §3), as CourseRows does with
// Instrument.MinBaseline; min 0 changes nothing.
func ApplyMinBaseline(r *CourseRow, min int) {
	if min > 0 && r.HasBaseline && r.Baseline.Total < min {
		below := TimeToEvent{LeftOut: BaselineBelowMin}
		r.Response, r.Remission, r.Relapse = below, below, below
	}
}

// RowsState is what a clinic's stored rows on an instrument were computed
// from.
type RowsState struct {
	Version string // RowsVersion when they were computed
	Mark    Mark   // the tables' mark they include
	BuiltAt time.Time
	// Exact: every row below the mark was visible when the mark was read,
	// as on SQLite (one writer, IDs in commit order), so the stored rows
	// brought up to date from their mark are exact however old. On
	// PostgreSQL a transaction may commit below a mark already read, so
	// stored rows are recomputed after a while (cohort's rowsRebuild).
	Exact bool
}
