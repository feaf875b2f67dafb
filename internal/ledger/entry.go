package ledger

import (
	"strings"
	"time"

	"onset/internal/clinic"
)

// Kind is what an entry records.
type Kind string

const (
	Receive  Kind = "receive"  // stock received by invoice: opens a container
	Draw     Kind = "draw"     // drawn for one dose administration
	Waste    Kind = "waste"    // wasted, with one witness
	Transfer Kind = "transfer" // transferred to another registrant
	Return   Kind = "return"   // returned to the supplier or a reverse distributor
	Destroy  Kind = "destroy"  // destroyed on site, two witnesses (DEA Form 41)
	Count    Kind = "count"    // a physical count; changes no balance
	Adjust   Kind = "adjust"   // brings the book to a count after investigation
)

// Kinds lists every kind, in the order forms show them.
var Kinds = []Kind{Receive, Draw, Waste, Transfer, Return, Destroy, Count, Adjust}

// Drug is a Schedule III substance the ledger tracks (§5.4).
type Drug string

const (
	Ketamine   Drug = "ketamine"   // racemic ketamine, vials
	Esketamine Drug = "esketamine" // Spravato nasal spray devices
)

// Form is how a container holds its drug.
type Form string

const (
	Vial   Form = "vial"   // liquid at a concentration (mg/mL)
	Device Form = "device" // whole unit doses (an esketamine device: 28 mg)
)

// EsketamineDeviceMg is the dose of one Spravato device: 28 mg (2 sprays),
// clinical-reference.md §1.4.
const EsketamineDeviceMg = 28

// Person is someone who acts on or witnesses an entry.
type Person struct {
	ID   int64
	Name string
	Role clinic.Role
}

// Entry is one append-only ledger line. Which fields are required depends
// on Kind; Apply checks them.
type Entry struct {
	ID          int64 // assigned by the store; strictly increasing
	Kind        Kind
	At          time.Time // when it happened
	ContainerID int64
	Actor       Person
	Witnesses   []Person // waste and adjust: one; destroy: two
	Reason      string   // required for corrections, adjustments and destruction
	Corrects    int64    // the entry this one replaces, 0 if none

	// Quantity: give mg, mL (vials) or units (devices); when more than one
	// is given they must agree. Adjust takes a signed quantity.
	Mg    float64
	ML    float64
	Units int

	// Receive: describes the container.
	Drug                 Drug
	NDC                  string
	Lot                  string
	Expires              time.Time // the first instant the lot may not be used
	Form                 Form
	ConcentrationMgPerML float64 // vials
	UnitMg               float64 // devices; 0 means 28 mg for esketamine
	Invoice              string  // receive, transfer and return (Schedule III moves by invoice, §5.4)
	Supplier             string  // receive: who sent it; transfer/return: who receives it
	SupplierDEA          string  // the other registrant's DEA number, when known

	// Draw.
	AdministrationID int64
	PatientID        int64

	// Waste: the draw whose unadministered part is wasted; 0 wastes from
	// the container itself (the rest of a single-use vial, a broken vial).
	DrawID int64

	// Destroy: how it was rendered non-retrievable (§5.4).
	Method string

	// Count: counted by estimate (allowed for opened Schedule III
	// containers, §5.4).
	Estimated bool

	// Adjust: the count whose discrepancy this adjustment settles.
	CountID int64
}

// licensed reports whether a role holds a clinical licence: the people who
// may draw, waste, destroy and witness.
func licensed(r clinic.Role) bool { return r == clinic.RoleClinician || r == clinic.RoleNurse }

// staffRole reports whether a role may receive, move and count stock.
func staffRole(r clinic.Role) bool { return licensed(r) || r == clinic.RoleAdmin }

// ValidNDC reports whether s is a National Drug Code written with dashes in
// one of the FDA's 10-digit layouts (4-4-2, 5-3-2, 5-4-1) or the 11-digit
// 5-4-2 billing layout, e.g. "50458-028-02" (§1.4).
func ValidNDC(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return false
	}
	layout := ""
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
		layout += string(rune('0' + len(p)))
	}
	switch layout {
	case "442", "532", "541", "542":
		return true
	}
	return false
}
