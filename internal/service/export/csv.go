package export

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The cells of an export are plain text a spreadsheet reads without
// guessing: RFC 4180 CSV (CRLF line ends, a header row, quotes where a
// cell needs them), UTF-8, and one format per type.
const (
	utcLayout   = time.RFC3339Nano      // 2026-05-01T13:00:00Z, fractions of a second when stored
	localLayout = "2006-01-02 15:04:05" // the clinic's wall clock, read as a date and time by spreadsheets
	dateLayout  = time.DateOnly         // calendar dates (birth dates, planned days), never converted
)

// typ is a column's type, as the data dictionary names it.
type typ int

const (
	tID    typ = iota // a record's number; empty when there is none
	tInt              // a whole number
	tDec              // a decimal number, with a point and no thousands separator
	tText             // text as recorded
	tDate             // a calendar date
	tTime             // an instant in UTC
	tLocal            // an instant: NAME_utc in UTC and NAME_local on the clinic's wall clock
	tBool             // true or false
)

var typeNames = [...]string{tID: "id", tInt: "integer", tDec: "decimal", tText: "text", tDate: "date", tTime: "time (UTC)",
	tLocal: "time", tBool: "boolean"}

// cell is one value before it is written: s for everything but times,
// t for times (zero: empty).
type cell struct {
	s string
	t time.Time
}

func id(v int64) cell {
	if v == 0 {
		return cell{}
	}
	return cell{s: strconv.FormatInt(v, 10)}
}
func num(v int) cell      { return cell{s: strconv.Itoa(v)} }
func num64(v int64) cell  { return cell{s: strconv.FormatInt(v, 10)} }
func dec(v float64) cell  { return cell{s: strconv.FormatFloat(v, 'f', -1, 64)} }
func txt(v string) cell   { return cell{s: v} }
func at(v time.Time) cell { return cell{t: v} }
func yes(v bool) cell     { return cell{s: strconv.FormatBool(v)} }
func date(v time.Time) cell {
	if v.IsZero() {
		return cell{}
	}
	return cell{s: v.UTC().Format(dateLayout)}
}

// column is one column of a file of T rows (two for a tLocal time).
type column[T any] struct {
	name    string
	typ     typ
	unit    string
	meaning string
	get     func(T) cell
}

// table is one CSV file: its rows are Ts, streamed by each.
type table[T any] struct {
	file, about string
	cols        []column[T]
	each        func(ctx context.Context, q Queries, clinicID int64, fn func(T) error) error
}

// file is a table whatever its row type.
type file interface {
	name() string
	base() string // the name without ".csv": the key of its count
	describe() string
	dictionary() []entry
	// write writes the header and the rows; counted is how many the
	// snapshot holds (none: the table is not read at all).
	write(ctx context.Context, q Queries, clinicID int64, w *csvFile, counted int64) (int64, error)
}

// entry is one row of data_dictionary.csv.
type entry struct{ column, typ, unit, meaning string }

func (t table[T]) name() string     { return t.file + ".csv" }
func (t table[T]) base() string     { return t.file }
func (t table[T]) describe() string { return t.about }

func (t table[T]) dictionary() []entry {
	var out []entry
	for _, c := range t.cols {
		switch c.typ {
		case tLocal:
			out = append(out, entry{c.name + "_utc", "time (UTC)", c.unit, c.meaning + " (UTC)"},
				entry{c.name + "_local", "time (clinic)", c.unit, c.meaning + " (the clinic's time zone)"})
		case tTime:
			out = append(out, entry{c.name + "_utc", typeNames[c.typ], c.unit, c.meaning + " (UTC)"})
		default:
			out = append(out, entry{c.name, typeNames[c.typ], c.unit, c.meaning})
		}
	}
	return out
}

func (t table[T]) header() []string {
	var out []string
	for _, e := range t.dictionary() {
		out = append(out, e.column)
	}
	return out
}

func (t table[T]) write(ctx context.Context, q Queries, clinicID int64, w *csvFile, counted int64) (int64, error) {
	if err := w.row(t.header()); err != nil {
		return 0, err
	}
	if counted == 0 {
		return 0, w.flush()
	}
	var n int64
	row := make([]string, 0, len(t.cols)+8)
	err := t.each(ctx, q, clinicID, func(v T) error {
		row = row[:0]
		for _, c := range t.cols {
			x := c.get(v)
			switch c.typ {
			case tLocal:
				row = append(row, utc(x.t), w.local(x.t))
			case tTime:
				row = append(row, utc(x.t))
			case tText:
				row = append(row, Guard(x.s))
			default:
				row = append(row, x.s)
			}
		}
		n++
		return w.row(row)
	})
	if err != nil {
		return n, err
	}
	return n, w.flush()
}

func utc(v time.Time) string {
	if v.IsZero() {
		return ""
	}
	return v.UTC().Format(utcLayout)
}

// Guard keeps a text cell from being read as a formula when a spreadsheet
// opens the file (CSV injection, OWASP): a cell that begins with =, +, -,
// @, a tab or a carriage return gets a leading apostrophe. Numbers, dates
// and times never begin with one of them, and are written as they are.
// Text that is not UTF-8 has its bad bytes replaced (U+FFFD).
func Guard(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// archive is the zip being written.
type archive struct {
	zw  *zip.Writer
	at  time.Time
	loc *time.Location
}

func (a *archive) create(name string) (io.Writer, error) {
	return a.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: a.at})
}

func (a *archive) text(name, body string) error {
	w, err := a.create(name)
	if err == nil {
		_, err = io.WriteString(w, strings.ReplaceAll(body, "\n", "\r\n"))
	}
	return err
}

// csvFile is one CSV file of the zip.
type csvFile struct {
	w   *csv.Writer
	loc *time.Location
}

func (a *archive) csv(name string) (*csvFile, error) {
	w, err := a.create(name)
	if err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180
	return &csvFile{w: cw, loc: a.loc}, nil
}

func (f *csvFile) row(r []string) error { return f.w.Write(r) }

func (f *csvFile) flush() error { f.w.Flush(); return f.w.Error() }

func (f *csvFile) local(v time.Time) string {
	if v.IsZero() {
		return ""
	}
	return v.In(f.loc).Format(localLayout)
}

// dictionary writes data_dictionary.csv: one row per column of every file.
func (a *archive) dictionary(loc *time.Location) error {
	f, err := a.csv("data_dictionary.csv")
	if err != nil {
		return err
	}
	if err := f.row([]string{"file", "column", "type", "unit", "meaning"}); err != nil {
		return err
	}
	for _, t := range files {
		for _, e := range t.dictionary() {
			meaning := strings.ReplaceAll(e.meaning, "the clinic's time zone", "the clinic's time zone, "+loc.String())
			if err := f.row([]string{t.name(), e.column, e.typ, e.unit, Guard(meaning)}); err != nil {
				return err
			}
		}
	}
	return f.flush()
}
