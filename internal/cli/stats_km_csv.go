package cli

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"onset/internal/outcomes"
)

// readKMData is parseKMCSV over a file's whole contents, with the same
// rows, validation and messages. A file without a double quote (what
// spreadsheets and R's write.csv(quote = FALSE) write for numbers) is split
// by hand, one chunk of whole lines per core, and its numbers read by
// parseNumber (strconv.ParseFloat's result, without its allocation);
// encoding/csv read the million-row benchmark set at about 2 rows per µs,
// most of `stats km`'s time. A file with quotes goes through parseKMCSV.
func readKMData(data []byte) (map[string][]outcomes.Observation, []badRow, int, error) {
	if bytes.IndexByte(data, '"') >= 0 {
		return parseKMCSV(bytes.NewReader(data))
	}
	// encoding/csv skips blank lines, before the header too.
	line := 0
	for len(data) > 0 {
		nl := bytes.IndexByte(data, '\n')
		if nl < 0 {
			nl = len(data)
		}
		if len(bytes.TrimSuffix(data[:nl], []byte{'\r'})) > 0 {
			break
		}
		line++
		data = data[min(nl+1, len(data)):]
	}
	if len(data) == 0 {
		return parseKMCSV(bytes.NewReader(nil)) // its "empty file" error
	}
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		nl = len(data)
	}
	header := strings.Split(strings.TrimSuffix(string(data[:nl]), "\r"), ",")
	col, err := headerColumns(header)
	if err != nil {
		return nil, nil, 0, err
	}
	line++ // the header's
	body := data[min(nl+1, len(data)):]

	parts := 1
	if len(body) > 1<<20 {
		parts = runtime.GOMAXPROCS(0)
	}
	chunks := make([]*kmChunk, parts)
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
		chunks[k] = &kmChunk{col: col, width: len(header), body: body[start:end]}
		start = end
	}
	var wg sync.WaitGroup
	for _, c := range chunks {
		wg.Go(c.parse)
	}
	wg.Wait()

	groups := map[string][]outcomes.Observation{}
	var bad []badRow
	nBad := 0
	for _, c := range chunks {
		for _, b := range c.bad {
			if len(bad) < maxBadRows {
				bad = append(bad, badRow{line + b.line, b.msg})
			}
		}
		nBad += c.nBad
		line += c.lines
	}
	if nBad > 0 {
		return groups, bad, nBad, nil // nothing is computed; the rows are not needed
	}
	// Each chunk's groups are numbered globally, counted, and their rows
	// copied into one exact slice per group.
	var names []string
	index := map[string]int{}
	var count []int
	for _, c := range chunks {
		c.global = make([]int, len(c.names))
		for i, name := range c.names {
			g, ok := index[name]
			if !ok {
				g = len(names)
				index[name] = g
				names = append(names, name)
				count = append(count, 0)
			}
			c.global[i] = g
		}
		for _, k := range c.codes {
			count[c.global[k]]++
		}
	}
	out := make([][]outcomes.Observation, len(names))
	for g := range names {
		out[g] = make([]outcomes.Observation, 0, count[g])
	}
	for _, c := range chunks {
		for r, k := range c.codes {
			g := c.global[k]
			out[g] = append(out[g], c.obs[r])
		}
	}
	for g, name := range names {
		groups[name] = out[g]
	}
	return groups, bad, nBad, nil
}

// kmChunk is a run of whole lines and the observations parsed from it, by
// group in order of first appearance.
type kmChunk struct {
	col   kmColumns
	width int
	body  []byte
	lines int // lines in body

	names  []string // its groups, in order of first appearance
	index  map[string]int32
	global []int                  // each group's number in the whole file
	obs    []outcomes.Observation // its rows
	codes  []int32                // each row's group
	bad    []badRow               // line numbers within the chunk, from 1
	nBad   int
}

func (c *kmChunk) reject(line int, msg string) {
	if c.nBad++; len(c.bad) < maxBadRows {
		c.bad = append(c.bad, badRow{line, msg})
	}
}

// group returns the index of the group named g, adding it when new; the
// last group found is tried first, then (a few groups, the usual case)
// each name in turn, then the map.
func (c *kmChunk) group(g []byte, last int32) int32 {
	if last >= 0 && string(g) == c.names[last] {
		return last
	}
	if len(c.names) <= 8 {
		for i, name := range c.names {
			if string(g) == name {
				return int32(i)
			}
		}
	} else if i, ok := c.index[string(g)]; ok {
		return i
	}
	if c.index == nil {
		c.index = map[string]int32{}
	}
	i := int32(len(c.names))
	c.names = append(c.names, string(g))
	c.index[string(g)] = i
	return i
}

// parse splits c.body by hand: one pass over the bytes finds the commas
// and the line ends. Fields are trimmed as parseKMRow trims them.
func (c *kmChunk) parse() {
	ends := make([]int, c.width)
	body := c.body
	// A row takes at least 4 bytes ("0,1\n"); a fifth of the bytes is a
	// close upper bound for files of this shape, and append grows past it.
	c.obs = make([]outcomes.Observation, 0, len(body)/5)
	c.codes = make([]int32, 0, len(body)/5)
	start, nf := 0, 0
	last := int32(-1)
	all := []byte("all")
	for i := 0; i <= len(body); i++ {
		if i < len(body) {
			switch body[i] {
			case ',':
				if nf < c.width {
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
			continue // blank lines are skipped, as encoding/csv does
		}
		if fields != c.width {
			c.reject(line, fmt.Sprintf("want %d fields, got %d", c.width, fields))
			continue
		}
		ends[fields-1] = end
		field := func(k int) []byte {
			a := rowStart
			if k > 0 {
				a = ends[k-1] + 1
			}
			return bytes.TrimSpace(body[a:ends[k]])
		}
		t, msg := kmTime(field(c.col.time))
		if msg != "" {
			c.reject(line, msg)
			continue
		}
		ef := field(c.col.event)
		if len(ef) != 1 || (ef[0] != '0' && ef[0] != '1') {
			c.reject(line, fmt.Sprintf("event must be 0 or 1, got %q", ef))
			continue
		}
		g := all
		if c.col.group >= 0 {
			if g = field(c.col.group); len(g) == 0 {
				c.reject(line, "group must not be empty")
				continue
			}
		}
		last = c.group(g, last)
		c.obs = append(c.obs, outcomes.Observation{Time: t, Event: ef[0] == '1'})
		c.codes = append(c.codes, last)
	}
}

// kmTime is parseKMRow's reading of a time field, with its messages: a
// number too large for float64 is "not a number" there (strconv's range
// error), where parseTimeField calls it not finite.
func kmTime(f []byte) (float64, string) {
	t, msg := parseTimeField(f)
	if msg != "" {
		if _, err := strconv.ParseFloat(string(f), 64); err != nil {
			return 0, fmt.Sprintf("time must be a number, got %q", f)
		}
	}
	return t, msg
}
