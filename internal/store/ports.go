package store

import (
	"context"

	"onset/internal/app"
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

// Ports returns db as the storage of every capability of the use cases.
func (db *DB) Ports() app.Stores {
	return app.Stores{
		Core:        bind[service.Queries, service.Tx](db),
		Accounts:    bind[accounts.Queries, accounts.Tx](db),
		Custody:     bind[custody.Queries, custody.Tx](db),
		Cohort:      view[cohort.Queries, cohort.Tx]{db}, // with Analytics
		Imports:     bind[imports.Queries, imports.Tx](db),
		Patients:    bind[patients.Queries, patients.Tx](db),
		Plans:       bind[plans.Queries, plans.Tx](db),
		Booking:     bind[booking.Queries, booking.Tx](db),
		Measurement: bind[measurement.Queries, measurement.Tx](db),
		Treatment:   bind[treatment.Queries, treatment.Tx](db),
		Floor:       bind[floor.Queries, floor.Tx](db),
		Signoff:     bind[signoff.Queries, signoff.Tx](db),
		Notes:       bind[notes.Queries, notes.Tx](db),
		Worklist:    bind[worklist.Queries, worklist.Tx](db),
		Outreach:    bind[outreach.Queries, outreach.Tx](db),
		Settings:    bind[settings.Queries, settings.Tx](db),
		Tokens:      bind[apitokens.Queries, apitokens.Tx](db),
		Consent:     bind[consent.Queries, consent.Tx](db),
		Interop:     view[interop.Queries, interop.Tx]{db}, // with Analytics
		Messaging:   bind[messaging.Queries, messaging.Tx](db),
		Export:      view[export.Queries, export.Tx]{db}, // with Snapshot and Analytics
		Locations:   bind[locations.Queries, locations.Tx](db),
		Backend:     bind[backend.Queries, backend.Tx](db),
	}
}

// The storage each capability declares, implemented by Queries.
var (
	_ service.Queries = (*Queries)(nil)
	_ service.Tx      = (*Queries)(nil)
	_ consent.Tx      = (*Queries)(nil)
	_ apitokens.Tx    = (*Queries)(nil)
	_ backend.Tx      = (*Queries)(nil)
	_ settings.Tx     = (*Queries)(nil)
	_ outreach.Tx     = (*Queries)(nil)
	_ signoff.Tx      = (*Queries)(nil)
	_ notes.Tx        = (*Queries)(nil)
	_ worklist.Tx     = (*Queries)(nil)
	_ floor.Tx        = (*Queries)(nil)
	_ treatment.Tx    = (*Queries)(nil)
	_ measurement.Tx  = (*Queries)(nil)
	_ booking.Tx      = (*Queries)(nil)
	_ plans.Tx        = (*Queries)(nil)
	_ patients.Tx     = (*Queries)(nil)
	_ imports.Tx      = (*Queries)(nil)
	_ cohort.Tx       = (*Queries)(nil)
	_ accounts.Tx     = (*Queries)(nil)
	_ custody.Tx      = (*Queries)(nil)
	_ interop.Tx      = (*Queries)(nil)
	_ messaging.Tx    = (*Queries)(nil)
	_ export.Tx       = (*Queries)(nil)
	_ export.Store    = view[export.Queries, export.Tx]{}
	_ cohort.Store    = view[cohort.Queries, cohort.Tx]{}
	_ interop.Store   = view[interop.Queries, interop.Tx]{}
)

// view is db as the storage of one capability: Q its reads, T its
// transactions, both implemented by *Queries (asserted above).
type view[Q, T any] struct{ db *DB }

func bind[Q, T any](db *DB) service.Storage[Q, T] { return view[Q, T]{db} }

func (v view[Q, T]) Read() Q { return any(v.db.Reader()).(Q) }

func (v view[Q, T]) Ping(ctx context.Context) error { return v.db.Ping(ctx) }

// Analytics reads on the replica while it is healthy, otherwise on the
// primary (DB.Analytics).
func (v view[Q, T]) Analytics() Q { return any(v.db.Analytics()).(Q) }

func (v view[Q, T]) ReplicaHealth(ctx context.Context) service.ReplicaHealth {
	h := v.db.ReplicaHealth(ctx)
	return service.ReplicaHealth{Configured: h.Configured, Status: h.Status, Lag: h.Lag, LagKnown: h.LagKnown, Err: h.Err}
}

// Snapshot runs fn over one consistent, read-only view, on the replica
// while it is healthy (DB.AnalyticsSnapshot): only the export takes one.
func (v view[Q, T]) Snapshot(ctx context.Context, fn func(Q) error) error {
	return v.db.AnalyticsSnapshot(ctx, func(q *Queries) error { return fn(any(q).(Q)) })
}

func (v view[Q, T]) WithTx(ctx context.Context, fn func(T) error) error {
	return v.db.WithTx(ctx, func(q *Queries) error { return fn(any(q).(T)) })
}
