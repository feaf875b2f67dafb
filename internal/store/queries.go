package store

import (
	"onset/internal/store/accounts"
	"onset/internal/store/booking"
	"onset/internal/store/cohort"
	"onset/internal/store/dbconn"
	"onset/internal/store/export"
	"onset/internal/store/imports"
	"onset/internal/store/measurement"
	"onset/internal/store/messaging"
	"onset/internal/store/notes"
	"onset/internal/store/outreach"
	"onset/internal/store/patients"
	"onset/internal/store/plans"
	"onset/internal/store/treatment"
)

// Queries runs Onset's SQL on a pool or inside a transaction. The SQL of
// each capability lives in a package of its own under store, whose Queries
// runs on the same dbconn.Conn; this one embeds them all, so their methods
// are its own and it implements every port (ports.go).
type Queries struct {
	dbconn.Conn
	heads *auditHeads // the audit chains' heads (audit.go)

	messagingQueries
	accountsQueries
	patientsQueries
	measurementQueries
	plansQueries
	bookingQueries
	notesQueries
	treatmentQueries
	outreachQueries
	cohortQueries
	importsQueries
	exportQueries
}

// The capabilities' Queries, named for the fields that embed them.
type (
	messagingQueries   = messaging.Queries
	accountsQueries    = accounts.Queries
	patientsQueries    = patients.Queries
	measurementQueries = measurement.Queries
	plansQueries       = plans.Queries
	bookingQueries     = booking.Queries
	notesQueries       = notes.Queries
	treatmentQueries   = treatment.Queries
	outreachQueries    = outreach.Queries
	cohortQueries      = cohort.Queries
	importsQueries     = imports.Queries
	exportQueries      = export.Queries
)

// queries are db's Queries on q (a pool, or a transaction), with fanout
// the semaphore of a pool's reads (nil in a transaction).
func (db *DB) queries(q dbconn.Querier, fanout chan struct{}) *Queries {
	c := dbconn.Conn{Querier: q, Engine: db.engine}
	return &Queries{Conn: c, heads: &db.heads,
		messagingQueries:   messagingQueries{Conn: c},
		accountsQueries:    accountsQueries{Conn: c},
		patientsQueries:    patientsQueries{Conn: c},
		measurementQueries: measurementQueries{Conn: c},
		plansQueries:       plansQueries{Conn: c},
		bookingQueries:     bookingQueries{Conn: c},
		notesQueries:       notesQueries{Conn: c},
		treatmentQueries:   treatmentQueries{Conn: c},
		outreachQueries:    outreachQueries{Conn: c},
		importsQueries:     importsQueries{Conn: c},
		exportQueries:      exportQueries{Conn: c},
		cohortQueries:      cohortQueries{Conn: c, Fanout: fanout},
	}
}
