// Package layering holds the dependency rule of Onset's packages, written
// down once and checked by its test (layering_test.go) on every build of
// the suite. ARCHITECTURE.md explains the layers; the rule is:
//
//   - domain packages (the clinical truth: scales, outcomes, pk, protocol,
//     screening, schedule, ledger, session; and the leaf helpers auditchain, auth,
//     chart, report, live) import only clinic and the standard library
//     (and outside libraries) — never another Onset package;
//   - record (the stored records) imports domain packages only;
//   - service, the core of the use cases (actor, policy, audit, storage,
//     the interfaces between capabilities), imports record and domain;
//   - each capability under service/ (accounts, booking, treatment, …)
//     imports the core, record and domain — never another capability:
//     what one asks of another goes through an interface the core
//     declares, wired in app;
//   - app assembles the capabilities: service/..., record and domain;
//   - store implements the storage each capability declares: it imports
//     service/..., app, record and domain, never web, cli or demo;
//   - delivery implements outreach's Sender (SMTP, an SMS provider): it
//     imports service/..., record and domain;
//   - web and demo import app, service/..., delivery, fhir, record and
//     domain, never store or cli; web mounts its sub-packages (web/fhirapi,
//     the FHIR API), which never import web back;
//   - cli is the composition root and may import anything but tests.
//
// Test code may cross layers (a web test opens a store to have data).
package layering
