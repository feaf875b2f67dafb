package scales

import "testing"

// S is short for Skipped in answer tables.
const S = Skipped

func mustLookup(t testing.TB, id string) Instrument {
	t.Helper()
	in, ok := Lookup(id)
	if !ok {
		t.Fatalf("Lookup(%q) not found", id)
	}
	return in
}

// answersFor builds valid answers whose total is total: items are filled
// greedily in order, and for domain-scored instruments (QIDS-SR16) only the
// first item of each domain is used, so the total is a plain sum again.
func answersFor(t testing.TB, in Instrument, total int) []int {
	t.Helper()
	answers := make([]int, len(in.Items))
	seen := map[string]bool{}
	left := total
	for i, it := range in.Items {
		if it.Domain != "" {
			if seen[it.Domain] {
				continue
			}
			seen[it.Domain] = true
		}
		a := min(left, it.Max())
		answers[i] = a
		left -= a
	}
	if left != 0 {
		t.Fatalf("%s: cannot reach total %d", in.ID, total)
	}
	return answers
}

func repeat(v, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}
