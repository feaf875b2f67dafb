package plans

import (
	"database/sql"
	"encoding/json"

	"onset/internal/clinic"
)

// The intake's factors (migration 0033) are one JSON object in
// intakes.factors; NULL when none was recorded.

// factorsText is the column's value: NULL when every factor is missing.
func factorsText(f clinic.IntakeFactors) (any, error) {
	if f == (clinic.IntakeFactors{}) {
		return nil, nil
	}
	b, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

func ReadFactors(s sql.NullString) (clinic.IntakeFactors, error) {
	var f clinic.IntakeFactors
	if !s.Valid || s.String == "" {
		return f, nil
	}
	return f, json.Unmarshal([]byte(s.String), &f)
}
