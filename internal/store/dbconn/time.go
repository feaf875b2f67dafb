package dbconn

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// sqliteTimeLayout is fixed-width so stored times sort and compare as text.
const sqliteTimeLayout = "2006-01-02T15:04:05.000000Z"

// T converts a time for a query argument: UTC text for SQLite, time.Time
// for PostgreSQL (TIMESTAMPTZ).
func (q *Conn) T(v time.Time) any {
	v = v.UTC()
	if q.Engine == SQLite {
		return v.Format(sqliteTimeLayout)
	}
	return v
}

// OptTime is T, or NULL for the zero time.
func (q *Conn) OptTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return q.T(t)
}

// Time scans a time column from either engine; NULL scans as zero.
type Time struct{ time.Time }

func (d *Time) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		d.Time = time.Time{}
	case time.Time:
		d.Time = v.UTC()
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	default:
		return fmt.Errorf("store: cannot scan %T as time", src)
	}
	return nil
}

func (d *Time) parse(s string) error {
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("store: bad stored time %q: %w", s, err)
	}
	d.Time = v.UTC()
	return nil
}

var _ driver.Valuer = (*NullInt)(nil)

// NullInt writes 0 as NULL: optional references use 0 for "none".
type NullInt int64

func (n NullInt) Value() (driver.Value, error) {
	if n == 0 {
		return nil, nil
	}
	return int64(n), nil
}
