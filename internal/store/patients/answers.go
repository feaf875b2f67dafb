package patients

import (
	"fmt"
	"strconv"
	"strings"
)

// Item answers are kept as a comma-separated list: both engines store it
// as text, and it reads plainly in a database shell.
func JoinAnswers(a []int) string {
	parts := make([]string, len(a))
	for i, v := range a {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ",")
}

func SplitAnswers(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	out := make([]int, len(parts))
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("store: bad stored answers %q", s)
		}
		out[i] = v
	}
	return out, nil
}
