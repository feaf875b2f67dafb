package ledger

import (
	"errors"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
)

var (
	nurse     = Person{ID: 1, Name: "Nora Nurse", Role: clinic.RoleNurse}
	doc       = Person{ID: 2, Name: "Carl Clinician", Role: clinic.RoleClinician}
	nurse2    = Person{ID: 3, Name: "Nia Nurse", Role: clinic.RoleNurse}
	admin     = Person{ID: 4, Name: "Ada Admin", Role: clinic.RoleAdmin}
	frontdesk = Person{ID: 5, Name: "Fred Desk", Role: clinic.RoleFrontDesk}
	patient   = Person{ID: 6, Name: "Pat Patient", Role: clinic.RolePatient}
)

// t0 is a Monday morning.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func hours(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }

// vial is container 1: 10 mL of ketamine 50 mg/mL = 500 mg.
func vial() Entry {
	return Entry{ID: 1, Kind: Receive, At: t0, ContainerID: 1, Actor: nurse,
		Drug: Ketamine, NDC: "0143-9508-01", Lot: "K123", Expires: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC),
		Form: Vial, ConcentrationMgPerML: 50, ML: 10, Invoice: "INV-1", Supplier: "Wholesaler Inc"}
}

// kit is container 2: an 84 mg esketamine kit of 3 devices.
func kit() Entry {
	return Entry{ID: 2, Kind: Receive, At: t0, ContainerID: 2, Actor: admin,
		Drug: Esketamine, NDC: "50458-028-03", Lot: "E77", Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		Form: Device, Units: 3, Invoice: "INV-2", Supplier: "Specialty Pharmacy"}
}

func draw(id int64, mg float64) Entry {
	return Entry{ID: id, Kind: Draw, At: hours(int(id)), ContainerID: 1, Actor: nurse, Mg: mg, AdministrationID: 1000 + id, PatientID: 7}
}

func mustReplay(t *testing.T, es ...Entry) *Ledger {
	t.Helper()
	l, err := Replay(es)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// wantErr checks err's code and that its message holds want.
func wantErr(t *testing.T, err error, code clinic.Code, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s %q", code, want)
	}
	var ce *clinic.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a clinic.Error", err)
	}
	if ce.Code != code || !strings.Contains(ce.Message, want) {
		t.Fatalf("got %s %q, want %s containing %q", ce.Code, ce.Message, code, want)
	}
}
