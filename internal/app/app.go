// Package app assembles Onset's use cases: the core every capability
// shares (service), each capability's Service over its own storage, and
// the interfaces through which one capability asks another (declared in
// service, wired here). The adapters (web, cli, demo) hold one *App and
// call its use cases by name; each use case's home is its capability
// package.
package app

import (
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/apitokens"
	"onset/internal/service/backend"
	"onset/internal/service/booking"
	"onset/internal/service/cohort"
	"onset/internal/service/consent"
	"onset/internal/service/custody"
	"onset/internal/service/export"
	"onset/internal/service/floor"
	"onset/internal/service/imports"
	"onset/internal/service/interop"
	"onset/internal/service/locations"
	"onset/internal/service/measurement"
	"onset/internal/service/messaging"
	"onset/internal/service/notes"
	"onset/internal/service/outreach"
	"onset/internal/service/patients"
	"onset/internal/service/plans"
	"onset/internal/service/settings"
	"onset/internal/service/signoff"
	"onset/internal/service/treatment"
	"onset/internal/service/worklist"
)

// Stores is the storage of each capability; store.DB.Ports provides it.
type Stores struct {
	Core        service.Storage[service.Queries, service.Tx]
	Accounts    accounts.Store
	Custody     custody.Store
	Cohort      cohort.Store
	Imports     imports.Store
	Patients    patients.Store
	Plans       plans.Store
	Booking     booking.Store
	Measurement measurement.Store
	Treatment   treatment.Store
	Floor       floor.Store
	Signoff     signoff.Store
	Outreach    outreach.Store
	Settings    settings.Store
	Tokens      apitokens.Store
	Consent     consent.Store
	Interop     interop.Store
	Notes       notes.Store
	Worklist    worklist.Store
	Messaging   messaging.Store
	Export      export.Store
	Locations   locations.Store
	Backend     backend.Store
}

// The capabilities, named for embedding: App.Accounts is the accounts
// capability, and its use cases are App's own methods too.
type (
	Core        = service.Core
	Accounts    = accounts.Service
	Custody     = custody.Service
	Cohort      = cohort.Service
	Imports     = imports.Service
	Patients    = patients.Service
	Plans       = plans.Service
	Booking     = booking.Service
	Measurement = measurement.Service
	Treatment   = treatment.Service
	Floor       = floor.Service
	Signoff     = signoff.Service
	Outreach    = outreach.Service
	Settings    = settings.Service
	Tokens      = apitokens.Service
	Consent     = consent.Service
	Interop     = interop.Service
	Notes       = notes.Service
	Worklist    = worklist.Service
	Messaging   = messaging.Service
	Export      = export.Service
	Locations   = locations.Service
	Backend     = backend.Service
)

// App is every use case of Onset over one database.
type App struct {
	*Core
	*Accounts
	*Custody
	*Cohort
	*Imports
	*Patients
	*Plans
	*Booking
	*Measurement
	*Treatment
	*Floor
	*Signoff
	*Outreach
	*Settings
	*Tokens
	*Consent
	*Interop
	*Notes
	*Worklist
	*Messaging
	*Export
	*Locations
	*Backend
}

// New assembles the use cases over st.
func New(st Stores, cfg service.Config) *App {
	core := service.NewCore(st.Core, cfg)
	acc := accounts.New(core, st.Accounts)
	cus := custody.New(core, st.Custody, acc)
	coh := cohort.New(core, st.Cohort)
	imp := imports.New(core, st.Imports)
	pat := patients.New(core, st.Patients)
	pla := plans.New(core, st.Plans, coh)
	mea := measurement.New(core, st.Measurement, pat)
	tre := treatment.New(core, st.Treatment, cus, pla)
	flo := floor.New(core, st.Floor)
	sig := signoff.New(core, st.Signoff)
	out := outreach.New(core, st.Outreach, mea)
	boo := booking.New(core, st.Booking, out)
	set := settings.New(core, st.Settings)
	tok := apitokens.New(core, st.Tokens)
	con := consent.New(core, st.Consent)
	ino := interop.New(core, st.Interop)
	nts := notes.New(core, st.Notes)
	wl := worklist.New(core, st.Worklist)
	msg := messaging.New(core, st.Messaging)
	exp := export.New(core, st.Export)
	loc := locations.New(core, st.Locations)
	bkd := backend.New(core, st.Backend)
	return &App{Core: core, Accounts: acc, Custody: cus, Cohort: coh, Imports: imp, Patients: pat, Plans: pla, Booking: boo,
		Measurement: mea, Treatment: tre, Floor: flo, Signoff: sig, Outreach: out, Settings: set, Tokens: tok, Consent: con,
		Interop: ino, Notes: nts, Worklist: wl, Messaging: msg, Export: exp, Locations: loc, Backend: bkd}
}
