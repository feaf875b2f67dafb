package store

import (
	"context"

	"onset/internal/service"
)

// Ports returns db as the storage that package service declares.
func (db *DB) Ports() service.Store { return ports{db} }

type ports struct{ db *DB }

func (p ports) Read() service.Queries { return p.db.Reader() }

func (p ports) Ping(ctx context.Context) error { return p.db.Ping(ctx) }

func (p ports) WithTx(ctx context.Context, fn func(service.Tx) error) error {
	return p.db.WithTx(ctx, func(q *Queries) error { return fn(q) })
}
