package fhir

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// FHIR's date and time types, read strictly: the calendar must hold the
// day (2023-02-31 is refused, as the schema's patterns alone would not),
// times carry seconds and a zone, years run 0001–9999 and zone offsets
// ±14:00 at most, as the R4 JSON schema's patterns require.

var (
	errDate     = errors.New("must be a date written YYYY-MM-DD")
	errDateTime = errors.New("must be a date and time with seconds and a time zone, e.g. 2026-03-01T09:30:00Z")
	errCalendar = errors.New("is not a day in the calendar")
	errZone     = errors.New("has a time-zone offset beyond ±14:00")
)

// ParseDate reads a FHIR date with a day (YYYY-MM-DD) as midnight UTC.
func ParseDate(s string) (time.Time, error) {
	if len(s) != len("2006-01-02") || !digitsAt(s, 0, 1, 2, 3, 5, 6, 8, 9) || s[4] != '-' || s[7] != '-' {
		return time.Time{}, errDate
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, errCalendar
	}
	if t.Year() < 1 {
		return time.Time{}, errCalendar
	}
	return t, nil
}

// ParseDateTime reads a full FHIR dateTime or instant: a date, a time with
// seconds (fractions allowed) and a zone ("Z" or ±hh:mm).
func ParseDateTime(s string) (time.Time, error) {
	if len(s) < len("2006-01-02T15:04:05Z") || s[10] != 'T' {
		return time.Time{}, errDateTime
	}
	if _, err := ParseDate(s[:10]); err != nil {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || strings.ContainsAny(s, "z,") {
		return time.Time{}, errDateTime
	}
	if _, off := t.Zone(); off > 14*3600 || off < -14*3600 {
		return time.Time{}, errZone
	}
	return t, nil
}

// checkDateTime accepts any FHIR dateTime: a year, a year and month, a
// date, or a full date and time (partial forms are valid FHIR even where
// Onset, reading a resource, needs the full one).
func checkDateTime(s string) error {
	switch {
	case len(s) == 4 && digitsAt(s, 0, 1, 2, 3) && s != "0000":
		return nil
	case len(s) == 7 && digitsAt(s, 0, 1, 2, 3, 5, 6) && s[4] == '-' && s[:4] != "0000":
		if m, _ := strconv.Atoi(s[5:]); m >= 1 && m <= 12 {
			return nil
		}
		return errCalendar
	case len(s) == 10:
		_, err := ParseDate(s)
		return err
	}
	_, err := ParseDateTime(s)
	return err
}

func digitsAt(s string, at ...int) bool {
	for _, i := range at {
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
