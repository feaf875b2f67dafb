package ledger

import (
	"math"
	"testing"
	"time"

	"onset/internal/clinic"
)

func TestApplyRules(t *testing.T) {
	t.Parallel()
	w := func(p ...Person) []Person { return p }
	tests := []struct {
		name    string
		prior   []Entry
		e       Entry
		code    clinic.Code // "" means the entry is accepted
		msg     string
		balance map[int64]Amount // after, when accepted
	}{
		// Receiving.
		{name: "vial received in mL", e: vial(), balance: map[int64]Amount{1: Mg(500)}},
		{name: "vial received in mg and mL that agree", e: func() Entry { e := vial(); e.Mg = 500; return e }(), balance: map[int64]Amount{1: Mg(500)}},
		{name: "mg and mL disagree", e: func() Entry { e := vial(); e.Mg = 400; return e }(), code: clinic.Invalid, msg: "quantities disagree"},
		{name: "vial received in mg only", e: func() Entry { e := vial(); e.ML = 0; e.Mg = 200; return e }(), balance: map[int64]Amount{1: Mg(200)}},
		{name: "esketamine kit in devices", e: kit(), balance: map[int64]Amount{2: Mg(84)}},
		{name: "esketamine device size is 28 mg", e: func() Entry { e := kit(); e.UnitMg = 30; return e }(), code: clinic.Invalid, msg: "28 mg"},
		{name: "esketamine is not a vial", e: func() Entry {
			e := kit()
			e.Form = Vial
			e.ConcentrationMgPerML = 28
			e.Units = 0
			e.ML = 1
			return e
		}(), code: clinic.Invalid, msg: "devices, not vials"},
		{name: "vial in units refused", e: func() Entry { e := vial(); e.Units = 2; return e }(), code: clinic.Invalid, msg: "not units"},
		{name: "quantity required", e: func() Entry { e := vial(); e.ML = 0; return e }(), code: clinic.Invalid, msg: "quantity is required"},
		{name: "negative quantity", e: func() Entry { e := vial(); e.ML = -1; return e }(), code: clinic.Invalid, msg: "must be positive"},
		{name: "bad NDC", e: func() Entry { e := vial(); e.NDC = "12345"; return e }(), code: clinic.Invalid, msg: "National Drug Code"},
		{name: "lot required", e: func() Entry { e := vial(); e.Lot = " "; return e }(), code: clinic.Invalid, msg: "lot number"},
		{name: "expiry required", e: func() Entry { e := vial(); e.Expires = time.Time{}; return e }(), code: clinic.Invalid, msg: "expiry"},
		{name: "expired on receipt", e: func() Entry { e := vial(); e.Expires = t0.AddDate(0, 0, -1); return e }(), code: clinic.Invalid, msg: "before it was received"},
		{name: "invoice required", e: func() Entry { e := vial(); e.Invoice = ""; return e }(), code: clinic.Invalid, msg: "invoice"},
		{name: "supplier required", e: func() Entry { e := vial(); e.Supplier = ""; return e }(), code: clinic.Invalid, msg: "supplier"},
		{name: "unknown drug", e: func() Entry { e := vial(); e.Drug = "morphine"; return e }(), code: clinic.Invalid, msg: "ketamine or esketamine"},
		{name: "implausible concentration", e: func() Entry { e := vial(); e.ConcentrationMgPerML = 500; return e }(), code: clinic.Invalid, msg: "concentration"},
		{name: "unknown form", e: func() Entry { e := vial(); e.Form = "ampoule"; return e }(), code: clinic.Invalid, msg: "vial or device"},
		{name: "container received twice", prior: []Entry{vial()}, e: func() Entry { e := vial(); e.ID = 5; return e }(), code: clinic.Conflict, msg: "correct entry 1"},
		{name: "front desk may not receive", e: func() Entry { e := vial(); e.Actor = frontdesk; return e }(), code: clinic.Forbidden, msg: "not a frontdesk"},
		{name: "admin may receive", e: func() Entry { e := vial(); e.Actor = admin; return e }(), balance: map[int64]Amount{1: Mg(500)}},

		// Common rules.
		{name: "IDs only increase", prior: []Entry{vial(), kit()}, e: draw(2, 10), code: clinic.Invalid, msg: "out of order"},
		{name: "time required", prior: []Entry{vial()}, e: func() Entry { e := draw(3, 10); e.At = time.Time{}; return e }(), code: clinic.Invalid, msg: "time it happened"},
		{name: "unknown kind", prior: []Entry{vial()}, e: Entry{ID: 3, Kind: "borrow", At: t0, ContainerID: 1, Actor: nurse}, code: clinic.Invalid, msg: "not a ledger entry kind"},
		{name: "actor required", prior: []Entry{vial()}, e: func() Entry { e := draw(3, 10); e.Actor = Person{}; return e }(), code: clinic.Invalid, msg: "person recording"},
		{name: "container not in stock", prior: []Entry{vial()}, e: func() Entry { e := draw(3, 10); e.ContainerID = 9; return e }(), code: clinic.NotFound, msg: "not in stock"},

		// Draws.
		{name: "draw by mg", prior: []Entry{vial()}, e: draw(3, 41), balance: map[int64]Amount{1: Mg(459)}},
		{name: "draw by mL", prior: []Entry{vial()}, e: func() Entry { e := draw(3, 0); e.ML = 0.82; return e }(), balance: map[int64]Amount{1: Mg(459)}},
		{name: "draw of the whole vial", prior: []Entry{vial()}, e: draw(3, 500), balance: map[int64]Amount{1: 0}},
		{name: "draw beyond the balance", prior: []Entry{vial(), draw(3, 480)}, e: draw(4, 20.001), code: clinic.Conflict, msg: "holds 20 mg"},
		{name: "draw needs an administration", prior: []Entry{vial()}, e: func() Entry { e := draw(3, 41); e.AdministrationID = 0; return e }(), code: clinic.Invalid, msg: "dose administration"},
		{name: "draw from an expired lot", prior: []Entry{vial()}, e: func() Entry { e := draw(3, 41); e.At = time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC); return e }(), code: clinic.Invalid, msg: "expired on 2027-05-31"}, // the label's date: the day before the first instant it may not be used
		{name: "draw just before expiry", prior: []Entry{vial()}, e: func() Entry { e := draw(3, 41); e.At = time.Date(2027, 5, 31, 23, 59, 0, 0, time.UTC); return e }(), balance: map[int64]Amount{1: Mg(459)}},
		{name: "admin may not draw", prior: []Entry{vial()}, e: func() Entry { e := draw(3, 41); e.Actor = admin; return e }(), code: clinic.Forbidden, msg: "clinician or nurse"},
		{name: "patient may not draw", prior: []Entry{vial()}, e: func() Entry { e := draw(3, 41); e.Actor = patient; return e }(), code: clinic.Forbidden, msg: "not a patient"},
		{name: "device draw in units", prior: []Entry{kit()}, e: Entry{ID: 3, Kind: Draw, At: hours(1), ContainerID: 2, Actor: doc, Units: 2, AdministrationID: 9}, balance: map[int64]Amount{2: Mg(28)}},
		{name: "device draw of part of a device", prior: []Entry{kit()}, e: Entry{ID: 3, Kind: Draw, At: hours(1), ContainerID: 2, Actor: doc, Mg: 40, AdministrationID: 9}, code: clinic.Invalid, msg: "whole number of 28 mg devices"},
		{name: "device draw in mL", prior: []Entry{kit()}, e: Entry{ID: 3, Kind: Draw, At: hours(1), ContainerID: 2, Actor: doc, ML: 1, AdministrationID: 9}, code: clinic.Invalid, msg: "whole units"},
		{name: "device draw beyond the kit", prior: []Entry{kit()}, e: Entry{ID: 3, Kind: Draw, At: hours(1), ContainerID: 2, Actor: doc, Units: 4, AdministrationID: 9}, code: clinic.Conflict, msg: "below zero"},

		// Waste.
		{name: "waste from a draw, witnessed", prior: []Entry{vial(), draw(3, 50)},
			e:       Entry{ID: 4, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: w(doc), Mg: 9, DrawID: 3},
			balance: map[int64]Amount{1: Mg(450)}},
		{name: "waste of the rest of the vial", prior: []Entry{vial(), draw(3, 41)},
			e:       Entry{ID: 4, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: w(nurse2), Mg: 459},
			balance: map[int64]Amount{1: 0}},
		{name: "waste needs a witness", prior: []Entry{vial(), draw(3, 50)},
			e: Entry{ID: 4, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Mg: 9, DrawID: 3}, code: clinic.Invalid, msg: "needs a witness"},
		{name: "witness is not the actor", prior: []Entry{vial(), draw(3, 50)},
			e: Entry{ID: 4, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: w(nurse), Mg: 9, DrawID: 3}, code: clinic.Invalid, msg: "second person"},
		{name: "witness must be licensed", prior: []Entry{vial(), draw(3, 50)},
			e: Entry{ID: 4, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: w(frontdesk), Mg: 9, DrawID: 3}, code: clinic.Forbidden, msg: "not a frontdesk"},
		{name: "admin cannot witness waste", prior: []Entry{vial(), draw(3, 50)},
			e: Entry{ID: 4, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: w(admin), Mg: 9, DrawID: 3}, code: clinic.Forbidden, msg: "not a admin"},
		{name: "only one witness for waste", prior: []Entry{vial(), draw(3, 50)},
			e: Entry{ID: 4, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: w(doc, nurse2), Mg: 9, DrawID: 3}, code: clinic.Invalid, msg: "(2 given)"},
		{name: "waste more than was drawn", prior: []Entry{vial(), draw(3, 50), {ID: 4, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: w(doc), Mg: 9, DrawID: 3}},
			e: Entry{ID: 5, Kind: Waste, At: hours(5), ContainerID: 1, Actor: nurse, Witnesses: w(doc), Mg: 41.5, DrawID: 3}, code: clinic.Conflict, msg: "only 41 mg of draw 3"},
		{name: "waste against an unknown draw", prior: []Entry{vial()},
			e: Entry{ID: 4, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: w(doc), Mg: 9, DrawID: 3}, code: clinic.NotFound, msg: "draw 3"},
		{name: "waste against another container's draw", prior: []Entry{vial(), kit(), draw(3, 50)},
			e: Entry{ID: 4, Kind: Waste, At: hours(4), ContainerID: 2, Actor: nurse, Witnesses: w(doc), Units: 1, DrawID: 3}, code: clinic.Invalid, msg: "from container 1"},

		// Transfers and returns.
		{name: "return by invoice", prior: []Entry{vial()},
			e:       Entry{ID: 3, Kind: Return, At: hours(3), ContainerID: 1, Actor: admin, ML: 10, Supplier: "Reverse Distributor LLC", Invoice: "RD-9"},
			balance: map[int64]Amount{1: 0}},
		{name: "transfer needs an invoice", prior: []Entry{vial()},
			e: Entry{ID: 3, Kind: Transfer, At: hours(3), ContainerID: 1, Actor: admin, ML: 10, Supplier: "Sister clinic"}, code: clinic.Invalid, msg: "invoice"},
		{name: "transfer needs a recipient", prior: []Entry{vial()},
			e: Entry{ID: 3, Kind: Transfer, At: hours(3), ContainerID: 1, Actor: admin, ML: 10, Invoice: "T-1"}, code: clinic.Invalid, msg: "who receives"},
		{name: "transfer beyond balance", prior: []Entry{vial(), draw(3, 41)},
			e: Entry{ID: 4, Kind: Transfer, At: hours(4), ContainerID: 1, Actor: admin, ML: 10, Supplier: "Sister clinic", Invoice: "T-1"}, code: clinic.Conflict, msg: "holds 459 mg"},

		// Destruction.
		{name: "destruction with two witnesses", prior: []Entry{vial()},
			e:       Entry{ID: 3, Kind: Destroy, At: hours(3), ContainerID: 1, Actor: nurse, Witnesses: w(nurse, doc), ML: 10, Method: "chemical digestion kit", Reason: "vial cracked"},
			balance: map[int64]Amount{1: 0}},
		{name: "destruction with one witness", prior: []Entry{vial()},
			e: Entry{ID: 3, Kind: Destroy, At: hours(3), ContainerID: 1, Actor: nurse, Witnesses: w(doc), ML: 10, Method: "kit", Reason: "expired"}, code: clinic.Invalid, msg: "two witnesses"},
		{name: "destruction witnesses are two people", prior: []Entry{vial()},
			e: Entry{ID: 3, Kind: Destroy, At: hours(3), ContainerID: 1, Actor: nurse, Witnesses: w(doc, doc), ML: 10, Method: "kit", Reason: "expired"}, code: clinic.Invalid, msg: "different people"},
		{name: "destruction witness must be licensed", prior: []Entry{vial()},
			e: Entry{ID: 3, Kind: Destroy, At: hours(3), ContainerID: 1, Actor: nurse, Witnesses: w(doc, admin), ML: 10, Method: "kit", Reason: "expired"}, code: clinic.Forbidden, msg: "witness must be a clinician or nurse"},
		{name: "destruction needs a method", prior: []Entry{vial()},
			e: Entry{ID: 3, Kind: Destroy, At: hours(3), ContainerID: 1, Actor: nurse, Witnesses: w(doc, nurse2), ML: 10, Reason: "expired"}, code: clinic.Invalid, msg: "non-retrievable"},
		{name: "destruction needs a reason", prior: []Entry{vial()},
			e: Entry{ID: 3, Kind: Destroy, At: hours(3), ContainerID: 1, Actor: nurse, Witnesses: w(doc, nurse2), ML: 10, Method: "kit"}, code: clinic.Invalid, msg: "needs a reason"},

		// Counts and adjustments.
		{name: "count that agrees", prior: []Entry{vial(), draw(3, 41)},
			e:       Entry{ID: 4, Kind: Count, At: hours(4), ContainerID: 1, Actor: admin, ML: 9.18, Estimated: true},
			balance: map[int64]Amount{1: Mg(459)}},
		{name: "estimate of a sealed container", prior: []Entry{vial()},
			e: Entry{ID: 4, Kind: Count, At: hours(4), ContainerID: 1, Actor: admin, ML: 10, Estimated: true}, code: clinic.Invalid, msg: "count it exactly"},
		{name: "count of an empty container", prior: []Entry{vial(), draw(3, 500)},
			e:       Entry{ID: 4, Kind: Count, At: hours(4), ContainerID: 1, Actor: admin},
			balance: map[int64]Amount{1: 0}},
		{name: "adjust to a short count", prior: []Entry{vial(), draw(3, 41), {ID: 4, Kind: Count, At: hours(4), ContainerID: 1, Actor: admin, ML: 9, Estimated: true}},
			e:       Entry{ID: 5, Kind: Adjust, At: hours(5), ContainerID: 1, Actor: doc, Witnesses: w(nurse), Mg: -9, CountID: 4, Reason: "spill not recorded; DEA notified"},
			balance: map[int64]Amount{1: Mg(450)}},
		{name: "adjust by the wrong amount", prior: []Entry{vial(), draw(3, 41), {ID: 4, Kind: Count, At: hours(4), ContainerID: 1, Actor: admin, ML: 9, Estimated: true}},
			e: Entry{ID: 5, Kind: Adjust, At: hours(5), ContainerID: 1, Actor: doc, Witnesses: w(nurse), Mg: -10, CountID: 4, Reason: "x"}, code: clinic.Invalid, msg: "by -9 mg"},
		{name: "adjust a count that agreed", prior: []Entry{vial(), {ID: 4, Kind: Count, At: hours(4), ContainerID: 1, Actor: admin, ML: 10}},
			e: Entry{ID: 5, Kind: Adjust, At: hours(5), ContainerID: 1, Actor: doc, Witnesses: w(nurse), Mg: 1, CountID: 4, Reason: "x"}, code: clinic.Invalid, msg: "nothing to adjust"},
		{name: "adjust twice", prior: []Entry{vial(), draw(3, 41), {ID: 4, Kind: Count, At: hours(4), ContainerID: 1, Actor: admin, ML: 9, Estimated: true},
			{ID: 5, Kind: Adjust, At: hours(5), ContainerID: 1, Actor: doc, Witnesses: w(nurse), Mg: -9, CountID: 4, Reason: "spill"}},
			e: Entry{ID: 6, Kind: Adjust, At: hours(6), ContainerID: 1, Actor: doc, Witnesses: w(nurse), Mg: -9, CountID: 4, Reason: "spill"}, code: clinic.Conflict, msg: "already settled by adjustment 5"},
		{name: "adjust needs a reason", prior: []Entry{vial(), draw(3, 41), {ID: 4, Kind: Count, At: hours(4), ContainerID: 1, Actor: admin, ML: 9, Estimated: true}},
			e: Entry{ID: 5, Kind: Adjust, At: hours(5), ContainerID: 1, Actor: doc, Witnesses: w(nurse), Mg: -9, CountID: 4}, code: clinic.Invalid, msg: "investigation"},
		{name: "adjust needs a witness", prior: []Entry{vial(), draw(3, 41), {ID: 4, Kind: Count, At: hours(4), ContainerID: 1, Actor: admin, ML: 9, Estimated: true}},
			e: Entry{ID: 5, Kind: Adjust, At: hours(5), ContainerID: 1, Actor: doc, Mg: -9, CountID: 4, Reason: "spill"}, code: clinic.Invalid, msg: "needs a witness"},
		{name: "adjust names a count", prior: []Entry{vial(), draw(3, 41)},
			e: Entry{ID: 5, Kind: Adjust, At: hours(5), ContainerID: 1, Actor: doc, Witnesses: w(nurse), Mg: -9, CountID: 3, Reason: "spill"}, code: clinic.NotFound, msg: "count 3"},

		// Corrections.
		{name: "correct a mistyped draw", prior: []Entry{vial(), draw(3, 410)},
			e:       Entry{ID: 4, Kind: Draw, At: hours(3), ContainerID: 1, Actor: nurse, Mg: 41, AdministrationID: 1003, Corrects: 3, Reason: "typed 410 for 41"},
			balance: map[int64]Amount{1: Mg(459)}},
		{name: "void a draw", prior: []Entry{vial(), draw(3, 41)},
			e:       Entry{ID: 4, Kind: Draw, At: hours(3), ContainerID: 1, Actor: nurse, AdministrationID: 1003, Corrects: 3, Reason: "recorded on the wrong vial"},
			balance: map[int64]Amount{1: Mg(500)}},
		{name: "correction needs a reason", prior: []Entry{vial(), draw(3, 41)},
			e: Entry{ID: 4, Kind: Draw, At: hours(3), ContainerID: 1, Actor: nurse, Mg: 40, AdministrationID: 1003, Corrects: 3}, code: clinic.Invalid, msg: "needs a reason"},
		{name: "correction keeps its kind", prior: []Entry{vial(), draw(3, 41)},
			e: Entry{ID: 4, Kind: Transfer, At: hours(3), ContainerID: 1, Actor: nurse, Mg: 41, Supplier: "x", Invoice: "y", Corrects: 3, Reason: "r"}, code: clinic.Invalid, msg: "cannot be corrected by a transfer"},
		{name: "correction keeps its container", prior: []Entry{vial(), kit(), draw(3, 41)},
			e: Entry{ID: 4, Kind: Draw, At: hours(3), ContainerID: 2, Actor: nurse, Units: 1, AdministrationID: 1003, Corrects: 3, Reason: "r"}, code: clinic.Invalid, msg: "same container"},
		{name: "correct only the latest", prior: []Entry{vial(), draw(3, 410), {ID: 4, Kind: Draw, At: hours(3), ContainerID: 1, Actor: nurse, Mg: 41, AdministrationID: 1003, Corrects: 3, Reason: "r"}},
			e: Entry{ID: 5, Kind: Draw, At: hours(3), ContainerID: 1, Actor: nurse, Mg: 40, AdministrationID: 1003, Corrects: 3, Reason: "r"}, code: clinic.Conflict, msg: "already corrected by entry 4"},
		{name: "correct a correction", prior: []Entry{vial(), draw(3, 410), {ID: 4, Kind: Draw, At: hours(3), ContainerID: 1, Actor: nurse, Mg: 41, AdministrationID: 1003, Corrects: 3, Reason: "r"}},
			e:       Entry{ID: 5, Kind: Draw, At: hours(3), ContainerID: 1, Actor: nurse, Mg: 40, AdministrationID: 1003, Corrects: 4, Reason: "r"},
			balance: map[int64]Amount{1: Mg(460)}},
		{name: "correction of an unknown entry", prior: []Entry{vial()},
			e: Entry{ID: 4, Kind: Draw, At: hours(3), ContainerID: 1, Actor: nurse, Mg: 40, AdministrationID: 1003, Corrects: 3, Reason: "r"}, code: clinic.NotFound, msg: "not in the ledger"},
		{name: "correction that would go negative", prior: []Entry{vial(), draw(3, 41), draw(4, 450)},
			e: Entry{ID: 5, Kind: Draw, At: hours(3), ContainerID: 1, Actor: nurse, Mg: 60, AdministrationID: 1003, Corrects: 3, Reason: "r"}, code: clinic.Conflict, msg: "below zero"},
		{name: "draw corrected below its waste", prior: []Entry{vial(), draw(3, 50), {ID: 4, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: w(doc), Mg: 9, DrawID: 3}},
			e: Entry{ID: 5, Kind: Draw, At: hours(3), ContainerID: 1, Actor: nurse, Mg: 5, AdministrationID: 1003, Corrects: 3, Reason: "r"}, code: clinic.Conflict, msg: "9 mg wasted"},
		{name: "receipt corrected down", prior: []Entry{vial(), draw(3, 41)},
			e:       func() Entry { e := vial(); e.ID, e.ML, e.Corrects, e.Reason = 4, 5, 1, "a 5 mL vial"; return e }(),
			balance: map[int64]Amount{1: Mg(209)}},
		{name: "receipt correction keeps the form", prior: []Entry{vial()},
			e: func() Entry { e := kit(); e.ID, e.ContainerID, e.Corrects, e.Reason = 4, 1, 1, "wrong"; return e }(), code: clinic.Invalid, msg: "cannot change the drug or form"},
		{name: "not a number", prior: []Entry{vial()}, e: func() Entry { e := draw(3, math.NaN()); return e }(), code: clinic.Invalid, msg: "amount in mg must be between 0 and 100000 mg (got NaN)"},
		{name: "infinite", prior: []Entry{vial()}, e: func() Entry { e := draw(3, math.Inf(1)); return e }(), code: clinic.Invalid, msg: "(got +Inf)"},
		{name: "devices that overflow", prior: []Entry{vial()}, e: func() Entry { e := draw(3, 0); e.Units = math.MaxInt64; return e }(), code: clinic.Invalid, msg: "number of devices must be between 0 and 1000"},
		{name: "receipt corrected below what was drawn", prior: []Entry{vial(), draw(3, 300)},
			e: func() Entry { e := vial(); e.ID, e.ML, e.Corrects, e.Reason = 4, 5, 1, "a 5 mL vial"; return e }(), code: clinic.Conflict, msg: "below zero"},
		{name: "waste correction returns to the draw", prior: []Entry{vial(), draw(3, 50), {ID: 4, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: w(doc), Mg: 9, DrawID: 3}},
			e:       Entry{ID: 5, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: w(doc), Mg: 50, DrawID: 3, Corrects: 4, Reason: "whole dose refused"},
			balance: map[int64]Amount{1: Mg(450)}},
		{name: "count correction after it was settled", prior: []Entry{vial(), draw(3, 41), {ID: 4, Kind: Count, At: hours(4), ContainerID: 1, Actor: admin, ML: 9, Estimated: true},
			{ID: 5, Kind: Adjust, At: hours(5), ContainerID: 1, Actor: doc, Witnesses: w(nurse), Mg: -9, CountID: 4, Reason: "spill"}},
			e: Entry{ID: 6, Kind: Count, At: hours(4), ContainerID: 1, Actor: admin, ML: 9.18, Estimated: true, Corrects: 4, Reason: "misread"}, code: clinic.Conflict, msg: "correct the adjustment first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := mustReplay(t, tt.prior...)
			before := len(l.Entries())
			beforeC := l.Containers()
			err := l.Apply(tt.e)
			if tt.code != "" {
				wantErr(t, err, tt.code, tt.msg)
				if len(l.Entries()) != before {
					t.Error("a refused entry was recorded")
				}
				afterC := l.Containers()
				if len(afterC) != len(beforeC) {
					t.Fatalf("containers changed on error: %v → %v", beforeC, afterC)
				}
				for i := range afterC {
					if afterC[i] != beforeC[i] {
						t.Errorf("container changed on error: %+v → %+v", beforeC[i], afterC[i])
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range tt.balance {
				c, ok := l.Container(id)
				if !ok || c.Balance != want {
					t.Errorf("container %d balance %s, want %s", id, c.Balance, want)
				}
			}
		})
	}
}

func TestAdministeredAndChains(t *testing.T) {
	t.Parallel()
	l := mustReplay(t, vial(), draw(3, 50),
		Entry{ID: 4, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: []Person{doc}, Mg: 9, DrawID: 3},
		Entry{ID: 5, Kind: Draw, At: hours(3), ContainerID: 1, Actor: nurse, Mg: 60, AdministrationID: 1003, Corrects: 3, Reason: "typed 50 for 60"},
		// Waste against the original draw ID still counts against the chain.
		Entry{ID: 6, Kind: Waste, At: hours(4), ContainerID: 1, Actor: nurse, Witnesses: []Person{doc}, Mg: 1, DrawID: 3},
	)
	for _, id := range []int64{3, 5} {
		got, ok := l.Administered(id)
		if !ok || got != Mg(50) {
			t.Errorf("Administered(%d) = %s, %v; want 50 mg", id, got, ok)
		}
	}
	if _, ok := l.Administered(4); ok {
		t.Error("a waste entry reported an administered amount")
	}
	if l.Effective(3) || !l.Effective(5) || l.Effective(99) {
		t.Error("Effective: want 3 replaced, 5 in force, 99 unknown")
	}
	c, _ := l.Container(1)
	if c.Balance != Mg(440) || !c.Opened || c.Received != Mg(500) {
		t.Errorf("container %+v; want balance 440 mg, opened, received 500 mg", c)
	}
	if got := c.ML(c.Balance); got != 8.8 {
		t.Errorf("ML = %v, want 8.8", got)
	}
	// Corrections never remove entries.
	if n := len(l.Entries()); n != 5 {
		t.Errorf("%d entries, want all 5 kept", n)
	}
}

func TestReplayOrderAndBalance(t *testing.T) {
	t.Parallel()
	// Replay sorts by ID, so the store may hand entries over in any order.
	got, err := Balance([]Entry{draw(4, 9), kit(), draw(3, 41), vial()}, 1)
	if err != nil || got != Mg(450) {
		t.Fatalf("Balance = %s, %v; want 450 mg", got, err)
	}
	if _, err := Balance([]Entry{vial()}, 2); err == nil {
		t.Error("balance of a container never received: no error")
	}
	_, err = Replay([]Entry{vial(), draw(3, 600)})
	wantErr(t, err, clinic.Conflict, "entry 3 would take it below zero")
}

func TestValidNDC(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"50458-028-02": true, "0143-9508-01": true, "12345-6789-1": true, "12345-6789-01": true,
		"5045802802": false, "50458-28-02": false, "50458-028-0a": false, "": false, "1-2-3": false, "50458--02": false,
	} {
		if got := ValidNDC(s); got != want {
			t.Errorf("ValidNDC(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestAmount(t *testing.T) {
	t.Parallel()
	if got := Mg(0.1) + Mg(0.2); got != Mg(0.3) {
		t.Errorf("0.1 + 0.2 mg = %s, want 0.3 mg", got)
	}
	if s := Mg(41.25).String(); s != "41.25 mg" {
		t.Errorf("String = %q", s)
	}
	c := Container{Form: Device, UnitMg: 28}
	if c.Units(Mg(84)) != 3 || c.ML(Mg(84)) != 0 {
		t.Error("device units")
	}
}
