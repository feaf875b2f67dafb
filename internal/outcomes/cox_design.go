package outcomes

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

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
func buildCoxDesign(times []float64, evs []bool, covs []CoxCovariate, scratchTimes bool) (coxDesign, error) {
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

	// keep marks the rows with every covariate present; nil when all are.
	var keep []bool
	kept := n
	if slices.ContainsFunc(covs, CoxCovariate.hasMissing) {
		keep = make([]bool, n)
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
		kept = 0
		for _, k := range keep {
			if k {
				kept++
			}
		}
	}
	var rows []int32 // the rows kept, in the caller's order, when some are not
	if kept < n {
		rows = make([]int32, 0, kept)
		for i, k := range keep {
			if k {
				rows = append(rows, int32(i))
			}
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
			if keep == nil || keep[i] {
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

	// Sort by time: the one sort of the fit, in a copy of the times or,
	// when the caller allows it, in its own slice.
	var sortedTimes []float64
	switch {
	case d.missing == 0 && scratchTimes:
		sortedTimes = times
		for i := range sortedTimes {
			sortedTimes[i] += 0 // −0 to +0
		}
	case d.missing == 0:
		sortedTimes = make([]float64, kept)
		for i, t := range times {
			sortedTimes[i] = t + 0
		}
	default:
		sortedTimes = make([]float64, kept)
		for r, i := range rows {
			sortedTimes[r] = times[i] + 0
		}
	}
	sortedTimes, sorted := sortTimes(sortedTimes)
	if d.missing > 0 {
		for r, k := range sorted {
			sorted[r] = rows[k] // the caller's row of each sorted row
		}
	}
	mergeNearTimes(sortedTimes)
	d.subjects = kept

	// Fill the design in that order, merging alike rows as they come
	// (compress). Two halves on two cores keep twice as many of the random
	// reads from the caller's columns in flight; rows of one time split
	// between the halves simply stay two rows.
	fill := func(lo, hi int) *coxRows {
		// Room for every row: pages never written are never touched.
		out := &coxRows{p: p, time: make([]float64, 0, hi-lo), event: make([]bool, 0, hi-lo),
			w: make([]float64, 0, hi-lo), x: make([]float64, 0, (hi-lo)*p)}
		row := make([]float64, p)
		if p == 1 && codings[0].column == nil {
			// Gather a block at a time into small buffers, in a loop of
			// independent loads the processor can overlap, then merge.
			const block = 2048
			vals := codings[0].cov.Values
			var xb [block]float64
			var eb [block]bool
			for r0 := lo; r0 < hi; r0 += block {
				m := min(block, hi-r0)
				for j, i := range sorted[r0 : r0+m] {
					xb[j], eb[j] = vals[i], evs[i]
				}
				for j := range m {
					out.addOne(sortedTimes[r0+j], eb[j], xb[j])
				}
			}
			return out
		}
		for r := lo; r < hi; r++ {
			i := sorted[r]
			clear(row)
			for k := range codings {
				cd := &codings[k]
				first := d.terms[k].first
				if cd.column == nil {
					row[first] = cd.cov.Values[i]
				} else if off := cd.column[cd.cov.Codes[i]]; off >= 0 {
					row[first+off] = 1
				}
			}
			out.add(sortedTimes[r], evs[i], row)
		}
		return out
	}
	var parts []*coxRows
	if kept < 1<<16 {
		parts = []*coxRows{fill(0, kept)}
	} else {
		var first *coxRows
		var wg sync.WaitGroup
		wg.Go(func() { first = fill(0, kept/2) })
		second := fill(kept/2, kept)
		wg.Wait()
		parts = []*coxRows{first, second}
	}
	if len(parts) == 1 {
		d.time, d.event, d.w, d.x = parts[0].time, parts[0].event, parts[0].w, parts[0].x
	} else {
		// The second half's rows go after the first's, in its spare room
		// when they fit.
		first, second := parts[0], parts[1]
		d.time = append(first.time, second.time...)
		d.event = append(first.event, second.event...)
		d.w = append(first.w, second.w...)
		d.x = append(first.x, second.x...)
	}
	d.n = len(d.time)
	if !slices.Contains(d.event, true) {
		return d, clinic.Errorf(clinic.Invalid, "no events in the %d rows used: a Cox model needs at least one", kept)
	}
	return d, nil
}

// hasMissing reports whether some value of c is missing.
func (c CoxCovariate) hasMissing() bool {
	if c.Categorical() {
		return slices.Contains(c.Codes, -1)
	}
	return slices.ContainsFunc(c.Values, math.IsNaN)
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

// constantAmong reports whether v takes one value over the rows kept
// (keep nil: all).
func constantAmong(v []float64, keep []bool) bool {
	first, seen := 0.0, false
	for i, x := range v {
		if keep != nil && !keep[i] {
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
