package imports

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// RowError is one rejected row of an import file and why.
type RowError struct {
	Line   int    // 1 is the header
	Reason string // plain words, shown to whoever prepared the file
}

func (e RowError) String() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// csvRow is one data row with its line number and cells; cols (shared by
// every row of a file) maps column names to cells.
type csvRow struct {
	line  int
	cells []string
	cols  map[string]int
}

// get is the trimmed cell of column col, "" when the file has no such column.
func (r csvRow) get(col string) string {
	i, ok := r.cols[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// readCSV reads an import file whose header names its columns (any order,
// any case; a spreadsheet's byte-order mark is ignored). Every column in
// required must be present; columns neither required nor accepted by
// optional are returned in ignored. Rows with the wrong number of fields
// or broken quoting become RowErrors; reading goes on so every bad row is
// reported. err is set when the file cannot be read or has no usable header.
func readCSV(r io.Reader, required []string, optional func(string) bool) (rows []csvRow, bad []RowError, ignored []string, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, nil, fmt.Errorf("line 1: the file is empty; want the header %s", strings.Join(required, ","))
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("line 1: %v", err)
	}
	cols := make([]string, len(header))
	index := make(map[string]int, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if seen[h] {
			return nil, nil, nil, fmt.Errorf("line 1: column %q appears twice", h)
		}
		seen[h] = true
		cols[i] = h
		index[h] = i
	}
	var missing []string
	for _, c := range required {
		if !seen[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, nil, nil, fmt.Errorf("line 1: missing column %s; want the header %s", strings.Join(missing, ", "), strings.Join(required, ","))
	}
	known := map[string]bool{}
	for _, c := range required {
		known[c] = true
	}
	for _, c := range cols {
		if !known[c] && (optional == nil || !optional(c)) {
			ignored = append(ignored, c)
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bad = append(bad, RowError{pe.Line, pe.Err.Error()})
			continue
		}
		if err != nil {
			return nil, nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(cols) {
			bad = append(bad, RowError{line, fmt.Sprintf("want %d fields, got %d", len(cols), len(rec))})
			continue
		}
		blank := true
		for _, v := range rec {
			blank = blank && strings.TrimSpace(v) == ""
		}
		if blank {
			continue // spreadsheets leave empty rows at the end
		}
		rows = append(rows, csvRow{line, rec, index})
	}
	return rows, bad, ignored, nil
}
