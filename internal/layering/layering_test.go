package layering

import (
	"bufio"
	"bytes"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "onset/internal/"

// layer names what each Onset package may import of Onset's own.
var domain = []string{"auditchain", "auth", "chart", "clinic", "ledger", "live", "outcomes", "pk", "protocol", "report", "scales",
	"schedule", "screening", "session"}

// allowed says whether package from may import package to (both short
// names under onset/internal, e.g. "web", "store/storetest").
func allowed(from, to string) bool {
	top := func(p string) string { p, _, _ = strings.Cut(p, "/"); return p }
	f, t := top(from), top(to)
	switch {
	case f == t:
		return true // a package and its own subpackages
	case t == "clinic":
		return true // the shared types everyone speaks
	case slices.Contains(domain, f):
		return false
	case f == "service":
		return slices.Contains(domain, t)
	case f == "store":
		return t == "service" || slices.Contains(domain, t)
	case f == "web" || f == "demo":
		return t == "service" || slices.Contains(domain, t)
	case f == "cli":
		return t != "e2e" && t != "layering"
	}
	return true // e2e and layering are tests; bench and cmd are outside internal
}

// imports lists each Onset package's non-test imports of Onset packages.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "onset/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	graph := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || !strings.HasPrefix(fields[0], module) {
			continue
		}
		from := strings.TrimPrefix(fields[0], module)
		graph[from] = nil
		for _, imp := range fields[1:] {
			if to, ok := strings.CutPrefix(imp, module); ok {
				graph[from] = append(graph[from], to)
			}
		}
	}
	return graph
}

// pending are the imports that break the rule today, each with the work
// that removes it; the test fails when one goes, so the list stays true.
var pending = map[string]string{}

func TestDependencyRule(t *testing.T) {
	t.Parallel()
	graph := imports(t)
	seen := map[string]bool{}
	for _, must := range []string{"service", "store", "web", "cli", "clinic", "scales"} {
		if _, ok := graph[must]; !ok {
			t.Fatalf("go list did not report package %s: the check would check nothing", must)
		}
	}
	for from, tos := range graph {
		for _, to := range tos {
			if allowed(from, to) {
				continue
			}
			if key := from + " → " + to; pending[key] != "" {
				seen[key] = true
				continue
			}
			t.Errorf("%s imports %s: %s", from, to, why(from))
		}
	}
	for key := range pending {
		if !seen[key] {
			t.Errorf("%s no longer happens: take it off the pending list", key)
		}
	}
}

func why(from string) string {
	top, _, _ := strings.Cut(from, "/")
	switch {
	case slices.Contains(domain, top):
		return "a domain package imports only clinic and the standard library"
	case top == "service":
		return "service (the use cases) imports only domain packages"
	case top == "store":
		return "store imports only service (its ports) and domain packages"
	default:
		return top + " imports only service and domain packages"
	}
}

// The rule itself, table-tested: a forbidden import must be caught.
func TestAllowed(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		from, to string
		want     bool
	}{
		{"web", "service", true}, {"web", "store", false}, {"web", "cli", false},
		{"service", "scales", true}, {"service", "store", false}, {"service", "web", false}, {"service", "demo", false},
		{"scales", "clinic", true}, {"scales", "outcomes", false}, {"session", "service", false},
		{"store", "service", true}, {"store", "web", false}, {"store/storetest", "store", true},
		{"demo", "service", true}, {"demo", "store", false},
		{"cli", "store", true}, {"cli", "web", true},
	} {
		if got := allowed(c.from, c.to); got != c.want {
			t.Errorf("allowed(%s, %s) = %v, want %v", c.from, c.to, got, c.want)
		}
	}
}
