package outcomes

// neumaier is a compensated float64 sum. Log-rank statistics add up one
// small term per event time and subtract nearly equal totals (O − E); on a
// million rows plain summation would lose digits that the compensation keeps.
type neumaier struct{ sum, c float64 }

func (s *neumaier) add(x float64) {
	t := s.sum + x
	if abs(s.sum) >= abs(x) {
		s.c += (s.sum - t) + x
	} else {
		s.c += (x - t) + s.sum
	}
	s.sum = t
}

func (s *neumaier) value() float64 { return s.sum + s.c }

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
