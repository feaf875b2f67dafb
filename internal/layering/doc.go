// Package layering holds the dependency rule of Onset's packages, written
// down once and checked by its test (layering_test.go) on every build of
// the suite. ARCHITECTURE.md explains the layers; the rule is:
//
//   - domain packages (the clinical truth: scales, outcomes, pk, protocol,
//     screening, schedule, ledger, session; and the leaf helpers auditchain, auth,
//     chart, report, live) import only clinic and the standard library
//     (and outside libraries) — never another Onset package;
//   - service (the use cases) imports domain packages, never store, web,
//     cli or demo;
//   - store implements the ports service declares: it imports service and
//     domain packages, never web, cli or demo;
//   - web imports service and domain packages, never store, cli or demo;
//   - demo drives the use cases: service and domain, never store, web or cli;
//   - cli is the composition root and may import anything but tests.
//
// Test code may cross layers (a web test opens a store to have data).
package layering
