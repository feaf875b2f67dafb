package dbconn

import (
	"database/sql"
	"errors"
	"strings"

	"onset/internal/clinic"
)

// NotFound turns "no row" into clinic.NotFound naming what was looked for.
func NotFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return clinic.Errorf(clinic.NotFound, "%s not found", what)
	}
	return err
}

// IsUniqueViolation recognises a duplicate-key error from either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}
