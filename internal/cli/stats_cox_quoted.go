package cli

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// readCoxCSVQuoted reads a file with quoted fields through encoding/csv,
// under the same rules as the fast path.
func readCoxCSVQuoted(data []byte, covs []string) (*coxTable, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("line 1: missing header: want time, event and the covariates' columns")
	}
	if err != nil {
		return nil, err
	}
	l, err := coxLayout(slices.Clone(header), covs)
	if err != nil {
		return nil, err
	}
	rows := bytes.Count(data, []byte{'\n'}) + 1
	c := &coxChunk{layout: l, time: make([]float64, rows), event: make([]bool, rows),
		num: make([][]float64, len(covs)), text: make([]bool, len(covs))}
	for k := range c.num {
		c.num[k] = make([]float64, rows)
	}
	coders := make([]levelCoder, len(covs))
	codes := make([][]int32, len(covs))
	cov := make([][]byte, len(l.covs))
	trim := func(f string) []byte { return []byte(strings.Trim(f, " \t")) }
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			c.reject(pe.Line, pe.Err.Error()) // the reader goes on at the next line
			continue
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != l.width {
			c.reject(line, fmt.Sprintf("want %d fields, got %d", l.width, len(rec)))
			continue
		}
		for k, i := range l.covs {
			cov[k] = trim(rec[i])
		}
		before := c.rows
		c.addRow(line, trim(rec[l.time]), trim(rec[l.event]), cov)
		if c.rows > before {
			for k := range cov {
				codes[k] = append(codes[k], coders[k].code(cov[k]))
			}
		}
	}
	t := &coxTable{time: c.time[:c.rows], event: c.event[:c.rows], bad: c.bad, nBad: c.nBad}
	for k, name := range l.names {
		col := coxCSVColumn{name: name, num: c.num[k][:c.rows], text: c.text[k]}
		if col.text {
			col.codes, col.levels = codes[k], coders[k].levels
		}
		t.cols = append(t.cols, col)
	}
	return t, nil
}
