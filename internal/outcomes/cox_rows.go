package outcomes

import "slices"

// maxPatterns caps the distinct rows coxRows compares a new row with
// within one time: past it the row is kept as it is (continuous covariates
// rarely repeat, and one time shared by every row must not cost n²).
const maxPatterns = 16

// coxRows collects design rows in time order, merging a row into an
// earlier one of the same time with the same event flag and covariates
// (its count w goes up by one).
type coxRows struct {
	p     int
	time  []float64
	event []bool
	w     []float64
	x     []float64
	start int // first row of the current time
}

// addOne is add for a design of one column.
func (c *coxRows) addOne(t float64, event bool, x float64) {
	n := len(c.time)
	if n > 0 && t != c.time[n-1] {
		c.start = n
	}
	for j := c.start; j < min(n, c.start+maxPatterns); j++ {
		if c.x[j] == x && c.event[j] == event {
			c.w[j]++
			return
		}
	}
	c.time = append(c.time, t)
	c.event = append(c.event, event)
	c.w = append(c.w, 1)
	c.x = append(c.x, x)
}

func (c *coxRows) add(t float64, event bool, row []float64) {
	p, n := c.p, len(c.time)
	if n > 0 && t != c.time[n-1] {
		c.start = n
	}
	for j := c.start; j < n && j < c.start+maxPatterns; j++ {
		if c.event[j] != event {
			continue
		}
		if p == 1 && c.x[j] == row[0] || p > 1 && slices.Equal(c.x[j*p:(j+1)*p], row) {
			c.w[j]++
			return
		}
	}
	c.time = append(c.time, t)
	c.event = append(c.event, event)
	c.w = append(c.w, 1)
	c.x = append(c.x, row...)
}
