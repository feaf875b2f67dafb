// Package treatment holds the treatment session in the room: check-in
// with the pre-dose checklist, the blood-pressure hold and a prescriber's
// decision, the dose (drawn from the ledger through service.DoseLedger),
// timed vital signs with alerts, side effects, discharge criteria, the
// Spravato REMS form, sign-off and addenda; the room's problems pushed to
// the clinicians watching; and the Today board.
package treatment

import "onset/internal/service"

// Service runs the treatment-session use cases.
type Service struct {
	*service.Core
	store      Store
	doseLedger service.DoseLedger
	plans      service.SignedPlans
}

// New returns the treatment-session use cases over st; doseLedger is the
// controlled-substance ledger's part in a dose, plans the plan in force.
func New(core *service.Core, st Store, doseLedger service.DoseLedger, plans service.SignedPlans) *Service {
	return &Service{Core: core, store: service.Once(core, st), doseLedger: doseLedger, plans: plans}
}
