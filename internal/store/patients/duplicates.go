package patients

import (
	"context"
	"strings"

	"onset/internal/clinic"
)

// PossibleDuplicates lists a clinic's patients who may be the person
// being registered: the same MRN, the same name and birth date, the same
// email, or the same phone number (once written as E.164), at most 10.
func (q *Queries) PossibleDuplicates(ctx context.Context, clinicID int64, p clinic.Patient) ([]clinic.Patient, error) {
	email := strings.ToLower(strings.TrimSpace(p.Email))
	phone, _ := clinic.E164(p.Phone)
	tail := "-" // matches nothing when there is no usable number
	if len(phone) >= 8 {
		tail = phone[len(phone)-4:]
	}
	rows, err := q.QueryContext(ctx, `SELECT `+PatientColumns+` FROM patients WHERE clinic_id = $1 AND (
		(lower(given_name) = lower($2) AND lower(family_name) = lower($3) AND birth_date = $4)
		OR ($5 <> '' AND lower(email) = $5) OR phone LIKE $6 OR lower(mrn) = lower($7)) ORDER BY id LIMIT 50`,
		clinicID, p.GivenName, p.FamilyName, q.T(p.BirthDate), email, "%"+tail, p.MRN)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clinic.Patient
	for rows.Next() {
		x, err := ScanPatient(rows)
		if err != nil {
			return nil, err
		}
		samePhone := false
		if e, ok := clinic.E164(x.Phone); ok && phone != "" && e == phone {
			samePhone = true
		}
		sameName := strings.EqualFold(x.GivenName, p.GivenName) && strings.EqualFold(x.FamilyName, p.FamilyName) &&
			x.BirthDate.Equal(p.BirthDate)
		sameMRN := strings.EqualFold(x.MRN, p.MRN)
		if sameMRN || sameName || samePhone || (email != "" && strings.EqualFold(x.Email, email)) {
			out = append(out, x)
		}
		if len(out) == 10 {
			break
		}
	}
	return out, rows.Err()
}
