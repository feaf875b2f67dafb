package cli

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// coxTable is what `stats cox` reads from its CSV file: time, event and
// the named covariate columns, with the rows that failed to parse.
type coxTable struct {
	time  []float64
	event []bool
	cols  []coxCSVColumn
	bad   []badRow // the first maxBadRows
	nBad  int
}

// coxCSVColumn is one covariate column. num holds each value as a number:
// NaN where the field is missing ("" or NA) or not a number. text marks a
// column with a field that is not a number: codes then index levels (the
// fields' texts in order of appearance), −1 where missing.
type coxCSVColumn struct {
	name   string
	num    []float64
	text   bool
	codes  []int32
	levels []string
}

// missingField reports whether a field means "no value": empty or NA (R's
// read.csv reads both as NA).
func missingField(f []byte) bool {
	return len(f) == 0 || string(f) == "NA"
}

// levelCoder numbers the distinct texts of a categorical column.
type levelCoder struct {
	index  map[string]int32
	levels []string
}

func (l *levelCoder) code(f []byte) int32 {
	if missingField(f) {
		return -1
	}
	if c, ok := l.index[string(f)]; ok {
		return c
	}
	if l.index == nil {
		l.index = map[string]int32{}
	}
	c := int32(len(l.levels))
	l.levels = append(l.levels, string(f))
	l.index[string(f)] = c
	return c
}

// readCoxCSV picks out time, event and covs from a CSV file's contents,
// into columns from arena.
// Files without a double quote (the usual export) are split by hand, on
// every core; others go through encoding/csv. err is set when the header
// lacks a column or a quoted file cannot be read.
func readCoxCSV(data []byte, covs []string, arena *hugeArena) (*coxTable, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // spreadsheets write a BOM
	if bytes.IndexByte(data, '"') >= 0 {
		return readCoxCSVQuoted(data, covs)
	}
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		nl = len(data)
	}
	if len(bytes.TrimSpace(data[:nl])) == 0 {
		return nil, errors.New("line 1: missing header: want time, event and the covariates' columns")
	}
	header := strings.Split(strings.TrimSuffix(string(data[:nl]), "\r"), ",")
	layout, err := coxLayout(header, covs)
	if err != nil {
		return nil, err
	}
	body := data[min(nl+1, len(data)):]

	// One chunk of whole lines per core. Each counts its lines, which
	// bounds its rows, so every chunk writes straight into its own stretch
	// of the columns; the stretches are closed up afterwards if blank or
	// bad lines left gaps.
	parts := 1
	if len(body) > 1<<20 {
		parts = runtime.GOMAXPROCS(0)
	}
	chunks := make([]*coxChunk, parts)
	start := 0
	for k := range parts {
		end := len(body)
		if k < parts-1 {
			end = max(start, len(body)*(k+1)/parts)
			if i := bytes.IndexByte(body[end:], '\n'); i >= 0 {
				end += i + 1
			} else {
				end = len(body)
			}
		}
		chunks[k] = &coxChunk{layout: layout, body: body[start:end]}
		start = end
	}
	var wg sync.WaitGroup
	for _, c := range chunks {
		wg.Go(func() { c.room = bytes.Count(c.body, []byte{'\n'}) + 1 })
	}
	wg.Wait()
	total := 0
	for _, c := range chunks {
		c.base = total
		total += c.room
	}
	t := &coxTable{time: arena.floats(total), event: arena.bools(total)}
	num := make([][]float64, len(covs))
	for k := range num {
		num[k] = arena.floats(total)
	}
	for _, c := range chunks {
		c.time, c.event = t.time, t.event
		c.num = num
		c.text = make([]bool, len(covs))
		wg.Go(c.parse)
	}
	wg.Wait()

	n := 0
	line := 1 // the header
	for _, c := range chunks {
		if n != c.base {
			copy(t.time[n:], t.time[c.base:c.base+c.rows])
			copy(t.event[n:], t.event[c.base:c.base+c.rows])
			for k := range num {
				copy(num[k][n:], num[k][c.base:c.base+c.rows])
			}
		}
		n += c.rows
		for _, b := range c.bad {
			if len(t.bad) < maxBadRows {
				t.bad = append(t.bad, badRow{line + b.line, b.msg})
			}
		}
		t.nBad += c.nBad
		line += c.lines
	}
	t.time, t.event = t.time[:n], t.event[:n]
	for k, name := range layout.names {
		col := coxCSVColumn{name: name, num: num[k][:n]}
		for _, c := range chunks {
			col.text = col.text || c.text[k]
		}
		t.cols = append(t.cols, col)
	}
	if t.nBad == 0 {
		for k := range t.cols {
			if t.cols[k].text {
				t.cols[k].codes, t.cols[k].levels = categoricalColumn(body, layout, layout.covs[k], n)
			}
		}
	}
	return t, nil
}

// categoricalColumn reads field i of every row again, as text: the levels
// of a column that turned out categorical. It runs only on a file without
// bad rows, so every non-blank line is a row.
func categoricalColumn(body []byte, l coxColumns, i, n int) ([]int32, []string) {
	codes := make([]int32, 0, n)
	var coder levelCoder
	for len(body) > 0 {
		line := body
		if j := bytes.IndexByte(body, '\n'); j >= 0 {
			line, body = body[:j], body[j+1:]
		} else {
			body = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) == 0 {
			continue
		}
		for range i {
			line = line[bytes.IndexByte(line, ',')+1:]
		}
		if j := bytes.IndexByte(line, ','); j >= 0 {
			line = line[:j]
		}
		codes = append(codes, coder.code(trimBlanks(line)))
	}
	return codes, coder.levels
}

// coxColumns says which field of a row is time, event and each covariate.
type coxColumns struct {
	width       int
	time, event int
	covs        []int
	names       []string
}

func coxLayout(header, covs []string) (coxColumns, error) {
	l := coxColumns{width: len(header), time: -1, event: -1, names: covs}
	index := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		if _, dup := index[h]; dup {
			return l, fmt.Errorf("line 1: column %q appears twice in the header", h)
		}
		index[h] = i
	}
	find := func(name string) (int, error) {
		if i, ok := index[name]; ok {
			return i, nil
		}
		return -1, fmt.Errorf("line 1: no column %q in the header (columns: %s)", name, strings.Join(header, ","))
	}
	var err error
	if l.time, err = find("time"); err != nil {
		return l, err
	}
	if l.event, err = find("event"); err != nil {
		return l, err
	}
	for _, c := range covs {
		i, err := find(c)
		if err != nil {
			return l, err
		}
		if i == l.time || i == l.event {
			return l, fmt.Errorf("%q is the outcome; it cannot be a covariate too", c)
		}
		if slices.Contains(l.covs, i) {
			return l, fmt.Errorf("--covariates names %q twice", c)
		}
		l.covs = append(l.covs, i)
	}
	return l, nil
}

// coxChunk is a run of whole lines and where parsing them puts the rows:
// from index base of the shared columns on.
type coxChunk struct {
	layout coxColumns
	body   []byte
	room   int // an upper bound of its rows: its line ends, plus one
	lines  int // lines in body, counted by parse
	base   int
	rows   int

	time  []float64
	event []bool
	num   [][]float64
	text  []bool
	bad   []badRow // line numbers within the chunk, from 1
	nBad  int
}

func (c *coxChunk) reject(line int, msg string) {
	if c.nBad++; len(c.bad) < maxBadRows {
		c.bad = append(c.bad, badRow{line, msg})
	}
}

// addRow checks one row's time, event and covariate fields (trimmed) and
// stores it, or rejects it with the reason.
func (c *coxChunk) addRow(line int, tf, ef []byte, cov [][]byte) {
	t, msg := parseTimeField(tf)
	if msg != "" {
		c.reject(line, msg)
		return
	}
	if len(ef) != 1 || (ef[0] != '0' && ef[0] != '1') {
		c.reject(line, fmt.Sprintf("event must be 0 or 1, got %q", ef))
		return
	}
	r := c.base + c.rows
	for k, v := range cov {
		if missingField(v) {
			c.num[k][r] = math.NaN()
			continue
		}
		f, ok := parseNumber(v)
		switch {
		case !ok:
			c.text[k] = true
			f = math.NaN()
		case f-f != 0: // ±Inf or NaN
			c.reject(line, fmt.Sprintf("%s must be a finite number, a category or NA, got %q", c.layout.names[k], v))
			return
		}
		c.num[k][r] = f
	}
	c.time[r] = t
	c.event[r] = ef[0] == '1'
	c.rows++
}

// parse splits c.body, whole lines without quotes, by hand: one pass over
// the bytes finds both the commas and the line ends.
func (c *coxChunk) parse() {
	l := c.layout
	ends := make([]int, l.width) // where each field of the row ends
	cov := make([][]byte, len(l.covs))
	body := c.body
	start, nf := 0, 0
	for i := 0; i <= len(body); i++ {
		if i < len(body) {
			switch body[i] {
			case ',':
				if nf < l.width {
					ends[nf] = i
				}
				nf++
				continue
			case '\n':
			default:
				continue
			}
		} else if start == len(body) {
			break // the last line ended with a newline
		}
		c.lines++
		line := c.lines
		end := i
		if end > start && body[end-1] == '\r' {
			end--
		}
		rowStart, fields := start, nf+1
		start, nf = i+1, 0
		if end == rowStart {
			continue // blank lines are skipped, as encoding/csv and R do
		}
		if fields != l.width {
			c.reject(line, fmt.Sprintf("want %d fields, got %d", l.width, fields))
			continue
		}
		ends[fields-1] = end
		field := func(k int) []byte {
			a := rowStart
			if k > 0 {
				a = ends[k-1] + 1
			}
			return trimBlanks(body[a:ends[k]])
		}
		for k, f := range l.covs {
			cov[k] = field(f)
		}
		c.addRow(line, field(l.time), field(l.event), cov)
	}
}
