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
// names under onset/internal, e.g. "web", "service/booking").
func allowed(from, to string) bool {
	top := func(p string) string { p, _, _ = strings.Cut(p, "/"); return p }
	f, t := top(from), top(to)
	useCases := t == "service" || t == "app" || t == "record" || slices.Contains(domain, t)
	switch {
	case from == to || t == "clinic":
		return true // a package itself; the shared vocabulary everyone speaks
	case f == "service" && t == "service":
		// A capability builds on the core (service) alone; the core and
		// capabilities never import one another sideways.
		return from != "service" && to == "service" || strings.HasPrefix(to, "service/") && strings.HasPrefix(from, to+"/")
	case slices.Contains(domain, f):
		return false
	case f == "record":
		return slices.Contains(domain, t)
	case f == "service":
		return t == "record" || slices.Contains(domain, t)
	case f == "app":
		return t == "service" || t == "record" || slices.Contains(domain, t)
	case f == "store":
		return f == t || useCases
	case f == "delivery":
		return t == "record" || strings.HasPrefix(to, "service/") || slices.Contains(domain, t)
	case f == "fhir":
		return t == "record" || slices.Contains(domain, t) // pure mapping of records to FHIR resources
	case f == "web" && t == "web":
		// web mounts its sub-packages (web/fhirapi, web/calendar, …); they never
		// import web back, and build on the core every page uses (web/page)
		// alone, never on one another.
		return from == "web" && strings.HasPrefix(to, "web/") || from != "web/page" && to == "web/page"
	case f == "web" || f == "demo":
		return useCases || t == "delivery" || t == "fhir" // web checks an SMS webhook's signature and shows the demo's mailbox; serves FHIR
	case f == "cli":
		return t != "e2e" && t != "layering"
	}
	return f == t // e2e and layering are tests; bench and cmd are outside internal
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
	for _, must := range []string{"service", "service/treatment", "record", "app", "store", "web", "cli", "clinic", "scales"} {
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
	case from == "service":
		return "the core of the use cases imports only record and domain packages"
	case top == "service":
		return "a capability imports only the core (service), record and domain packages, never another capability"
	case top == "record":
		return "record imports only domain packages"
	case top == "app":
		return "app assembles the capabilities: service/..., record and domain packages"
	case top == "store":
		return "store imports only the ports it implements (service/..., app), record and domain packages"
	case top == "delivery":
		return "delivery implements a capability's Sender: it imports service/..., record and domain packages"
	case top == "fhir":
		return "fhir maps records to FHIR resources: it imports only record and domain packages"
	default:
		return top + " imports only app, service/..., record and domain packages"
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
		{"web", "web/page", true}, {"web/ledger", "web/page", true}, {"web/ledger", "web", false},
		{"web/ledger", "web/calendar", false}, {"web/page", "web/ledger", false}, {"web/page", "web", false},
		{"service", "scales", true}, {"service", "store", false}, {"service", "web", false}, {"service", "demo", false},
		{"scales", "clinic", true}, {"scales", "outcomes", false}, {"session", "service", false},
		{"store", "service", true}, {"store", "web", false}, {"store/storetest", "store", true},
		{"demo", "service", true}, {"demo", "store", false},
		{"cli", "store", true}, {"cli", "web", true},
		{"service/booking", "service", true}, {"service/booking", "service/sessions", false},
		{"service", "service/booking", false}, {"service/booking", "store", false},
		{"service/booking", "record", true}, {"record", "service", false}, {"record", "session", true},
		{"app", "service/booking", true}, {"app", "store", false}, {"web", "app", true}, {"web", "service/booking", true},
		{"store", "service/booking", true}, {"store", "app", true}, {"demo", "app", true},
		{"delivery", "service/outreach", true}, {"delivery", "store", false}, {"delivery", "app", false}, {"web", "delivery", true}, {"delivery", "web", false},
		{"fhir", "record", true}, {"fhir", "scales", true}, {"fhir", "service", false}, {"fhir", "store", false}, {"fhir", "web", false},
		{"web", "fhir", true}, {"web", "web/fhirapi", true}, {"web/fhirapi", "web", false}, {"web/fhirapi", "store", false}, {"web/fhirapi", "app", true}, {"demo", "fhir", true}, {"cli", "fhir", true}, {"service", "fhir", false}, {"scales", "fhir", false},
	} {
		if got := allowed(c.from, c.to); got != c.want {
			t.Errorf("allowed(%s, %s) = %v, want %v", c.from, c.to, got, c.want)
		}
	}
}
