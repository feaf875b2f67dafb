package outcomes

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"onset/internal/clinic"
)

// CoxCovariate is one variable of a Cox model, with one value per subject.
// It is continuous when Levels is nil: Values holds the numbers, NaN where
// the value is missing. It is categorical otherwise: Codes[i] indexes
// Levels, −1 where missing, and the model gets one indicator column per
// level other than the reference (R's treatment contrasts).
type CoxCovariate struct {
	Name   string
	Values []float64
	Codes  []int32
	Levels []string
	// Reference is the level the others are compared with. Empty means the
	// first level in sorted order, as R's factor() orders them: numerically
	// when every level is a number, else by bytes (R's C locale).
	Reference string
}

// Categorical reports whether c is a categorical covariate.
func (c CoxCovariate) Categorical() bool { return c.Levels != nil }

// coxTerm is one covariate's columns in the design: first and count.
type coxTerm struct {
	name         string
	first, count int
}

// coxColumn names one design column.
type coxColumn struct {
	name, term, level, reference string
}

// coxDesign is the model's data with incomplete rows left out, sorted by
// time (ascending; tied rows in the caller's order): time, event and the
// n×p design matrix, row-major. Subjects alike in time, event and every
// covariate share one row, w[i] of them: every sum of the fit is over
// subjects, so it adds w[i] times row i's term (only the order of the
// additions changes). A large set with categorical covariates and tied
// times shrinks several-fold.
type coxDesign struct {
	n, p     int // rows, columns
	subjects int // Σ w
	time     []float64
	event    []bool
	w        []float64
	x        []float64
	terms    []coxTerm
	columns  []coxColumn
	missing  int // subjects left out for a missing covariate
}

// buildCoxDesign checks the input and codes the covariates. Rows with any
// covariate missing are left out and counted. A categorical covariate's
// levels are those seen in the rows kept; a level met only in rows left out
// gets no column (R would keep it and report its coefficient as NA).
func buildCoxDesign(times []float64, evs []bool, covs []CoxCovariate) (coxDesign, error) {
	var d coxDesign
	n := len(times)
	if len(evs) != n {
		return d, clinic.Errorf(clinic.Invalid, "%d times but %d event flags", n, len(evs))
	}
	if len(covs) == 0 {
		return d, clinic.Errorf(clinic.Invalid, "no covariates: name at least one")
	}
	seen := make(map[string]bool, len(covs))
	for _, c := range covs {
		if seen[c.Name] {
			return d, clinic.Errorf(clinic.Invalid, "covariate %q named twice", c.Name)
		}
		seen[c.Name] = true
		if err := checkCovariate(c, n); err != nil {
			return d, err
		}
	}
	for i, t := range times {
		if math.IsNaN(t) || math.IsInf(t, 0) || t < 0 {
			return d, clinic.Errorf(clinic.Invalid, "row %d: time must be a finite number ≥ 0, got %g", i+1, t)
		}
	}

	keep := make([]bool, n)
	for i := range keep {
		keep[i] = true
	}
	for _, c := range covs {
		if c.Categorical() {
			for i, code := range c.Codes {
				if code < 0 {
					keep[i] = false
				}
			}
		} else {
			for i, v := range c.Values {
				if v != v { // NaN: missing
					keep[i] = false
				}
			}
		}
	}
	kept := 0
	for _, k := range keep {
		if k {
			kept++
		}
	}
	rows := make([]int32, 0, kept) // the rows kept, in the caller's order
	for i, k := range keep {
		if k {
			rows = append(rows, int32(i))
		}
	}
	d.missing = n - kept
	if kept == 0 {
		return d, clinic.Errorf(clinic.Invalid, "every row has a missing covariate: nothing to fit")
	}

	// One design column per continuous covariate and per non-reference level.
	type coding struct {
		cov    CoxCovariate
		column []int // level code → design column offset within the term, −1 for the reference
	}
	codings := make([]coding, len(covs))
	for k, c := range covs {
		first := len(d.columns)
		if !c.Categorical() {
			if constantAmong(c.Values, keep) {
				return d, clinic.Errorf(clinic.Invalid, "covariate %q has the same value in every row used: it cannot be estimated", c.Name)
			}
			d.columns = append(d.columns, coxColumn{name: c.Name, term: c.Name})
			d.terms = append(d.terms, coxTerm{c.Name, first, 1})
			codings[k] = coding{cov: c}
			continue
		}
		used := make([]bool, len(c.Levels))
		for i, code := range c.Codes {
			if keep[i] {
				used[code] = true
			}
		}
		var levels []int
		for code, u := range used {
			if u {
				levels = append(levels, code)
			}
		}
		sortLevels(levels, c.Levels)
		if len(levels) < 2 {
			return d, clinic.Errorf(clinic.Invalid, "categorical covariate %q has one level (%q) in the rows used: it cannot be estimated", c.Name, c.Levels[levels[0]])
		}
		ref := levels[0]
		if c.Reference != "" {
			ref = slices.IndexFunc(levels, func(code int) bool { return c.Levels[code] == c.Reference })
			if ref < 0 {
				names := make([]string, len(levels))
				for i, code := range levels {
					names[i] = c.Levels[code]
				}
				return d, clinic.Errorf(clinic.Invalid, "reference level %q of %q is not among its levels (%s)", c.Reference, c.Name, strings.Join(names, ", "))
			}
			ref = levels[ref]
		}
		col := make([]int, len(c.Levels))
		for i := range col {
			col[i] = -1
		}
		off := 0
		for _, code := range levels {
			if code == ref {
				continue
			}
			col[code] = off
			off++
			// R names a factor's column by the variable then the level.
			d.columns = append(d.columns, coxColumn{name: c.Name + c.Levels[code], term: c.Name, level: c.Levels[code], reference: c.Levels[ref]})
		}
		d.terms = append(d.terms, coxTerm{c.Name, first, off})
		codings[k] = coding{cov: c, column: col}
	}

	p := len(d.columns)
	d.n, d.p = kept, p

	// Fill the design in ascending order of time (stable, as R's order()):
	// the one sort of the fit.
	keys := make([]uint64, kept)
	for r, i := range rows {
		keys[r] = sortKey(times[i])
	}
	keys, perm := sortKeys(keys)
	d.time = make([]float64, kept)
	d.event = make([]bool, kept)
	sorted := make([]int32, kept) // the caller's row of each sorted row
	events := 0
	for r, k := range perm {
		i := rows[k]
		sorted[r] = i
		d.time[r] = fromSortKey(keys[r])
		d.event[r] = evs[i]
		if evs[i] {
			events++
		}
	}
	if events == 0 {
		return d, clinic.Errorf(clinic.Invalid, "no events in the %d rows used: a Cox model needs at least one", kept)
	}
	d.x = make([]float64, kept*p)
	for k, cd := range codings {
		first := d.terms[k].first
		if cd.column == nil {
			vals := cd.cov.Values
			if p == 1 {
				for r, i := range sorted {
					d.x[r] = vals[i]
				}
				continue
			}
			for r, i := range sorted {
				d.x[r*p+first] = vals[i]
			}
			continue
		}
		codes := cd.cov.Codes
		for r, i := range sorted {
			if off := cd.column[codes[i]]; off >= 0 {
				d.x[r*p+first+off] = 1
			}
		}
	}
	mergeNearTimes(d.time)
	d.subjects = kept
	d.compress()
	return d, nil
}

// maxPatterns caps the distinct rows compress tracks within one time: past
// it the rest of that time's rows stay as they are (continuous covariates
// rarely repeat, and one time shared by every row must not cost n²).
const maxPatterns = 16

// compress merges the rows of one time that have the same event flag and
// covariates into one row with their count in w.
func (d *coxDesign) compress() {
	n, p := d.n, d.p
	d.w = make([]float64, n)
	out := 0
	start := 0 // first output row of the current time
	for i := range n {
		if i > 0 && d.time[i] != d.time[i-1] {
			start = out
		}
		row := d.x[i*p : (i+1)*p]
		merged := false
		for j := start; j < out && j < start+maxPatterns; j++ {
			if d.event[j] == d.event[i] && slices.Equal(d.x[j*p:(j+1)*p], row) {
				d.w[j]++
				merged = true
				break
			}
		}
		if merged {
			continue
		}
		d.time[out], d.event[out], d.w[out] = d.time[i], d.event[i], 1
		copy(d.x[out*p:(out+1)*p], row)
		out++
	}
	d.n = out
	d.time, d.event, d.w, d.x = d.time[:out], d.event[:out], d.w[:out], d.x[:out*p]
}

func checkCovariate(c CoxCovariate, n int) error {
	if c.Name == "" {
		return clinic.Errorf(clinic.Invalid, "a covariate has no name")
	}
	if !c.Categorical() {
		if len(c.Values) != n {
			return clinic.Errorf(clinic.Invalid, "covariate %q has %d values for %d rows", c.Name, len(c.Values), n)
		}
		for i, v := range c.Values {
			if math.IsInf(v, 0) {
				return clinic.Errorf(clinic.Invalid, "covariate %q, row %d: %g is not a finite number", c.Name, i+1, v)
			}
		}
		return nil
	}
	if len(c.Codes) != n {
		return clinic.Errorf(clinic.Invalid, "covariate %q has %d values for %d rows", c.Name, len(c.Codes), n)
	}
	for i, code := range c.Codes {
		if code < -1 || int(code) >= len(c.Levels) {
			return clinic.Errorf(clinic.Invalid, "covariate %q, row %d: level code %d out of range", c.Name, i+1, code)
		}
	}
	return nil
}

// constantAmong reports whether v takes one value over the rows kept.
func constantAmong(v []float64, keep []bool) bool {
	first, seen := 0.0, false
	for i, x := range v {
		if !keep[i] {
			continue
		}
		if !seen {
			first, seen = x, true
		} else if x != first {
			return false
		}
	}
	return true
}

// sortLevels orders level codes by their names as R's factor() does:
// numerically when every name is a number, else by bytes.
func sortLevels(codes []int, names []string) {
	numeric := true
	vals := make(map[int]float64, len(codes))
	for _, c := range codes {
		v, err := strconv.ParseFloat(strings.TrimSpace(names[c]), 64)
		if err != nil {
			numeric = false
			break
		}
		vals[c] = v
	}
	slices.SortFunc(codes, func(a, b int) int {
		if numeric {
			if c := cmp.Compare(vals[a], vals[b]); c != 0 {
				return c
			}
		}
		return strings.Compare(names[a], names[b])
	})
}
