package treatment

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// OpenRoomProblems lists the clinic's open problems in the treatment room
// since since, newest first: sessions held for blood pressure without a
// decision, vitals alerts not yet acknowledged (one problem per reading),
// and latest intakes whose screening excludes treatment, not overridden.
func (q *Queries) OpenRoomProblems(ctx context.Context, clinicID int64, since time.Time) ([]record.RoomProblem, error) {
	var out []record.RoomProblem
	add := func(kind, query string) error {
		rows, err := q.QueryContext(ctx, query, clinicID, q.T(since))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p := record.RoomProblem{Kind: kind, ClinicID: clinicID}
			var given, family string
			var at dbconn.Time
			if err := rows.Scan(&p.PatientID, &given, &family, &p.SessionID, &p.Message, &at); err != nil {
				return err
			}
			p.PatientName, p.At = given+" "+family, at.Time
			if kind == record.RoomHold {
				p.Message = record.HoldMessage(p.Message)
			}
			out = append(out, p)
		}
		return rows.Err()
	}
	if err := add(record.RoomHold, `SELECT s.patient_id, p.given_name, p.family_name, s.id, s.hold_reason, s.checked_in_at
		FROM treatment_sessions s JOIN patients p ON p.id = s.patient_id AND p.clinic_id = s.clinic_id
		WHERE s.clinic_id = $1 AND s.status = 'held' AND s.checked_in_at >= $2`); err != nil {
		return nil, err
	}
	if err := add(record.RoomVitalsAlert, `SELECT s.patient_id, p.given_name, p.family_name, s.id, a.message, a.created_at
		FROM session_alerts a JOIN treatment_sessions s ON s.id = a.session_id AND s.clinic_id = a.clinic_id
		JOIN patients p ON p.id = s.patient_id AND p.clinic_id = s.clinic_id
		WHERE a.clinic_id = $1 AND a.ack_at IS NULL AND a.created_at >= $2 ORDER BY a.id`); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT i.patient_id, p.given_name, p.family_name, i.findings, i.recorded_at
		FROM intakes i JOIN patients p ON p.id = i.patient_id AND p.clinic_id = i.clinic_id
		WHERE i.clinic_id = $1 AND i.eligible = $3 AND i.recorded_at >= $2
		  AND i.id = (SELECT MAX(l.id) FROM intakes l WHERE l.clinic_id = i.clinic_id AND l.patient_id = i.patient_id)
		  AND NOT EXISTS (SELECT 1 FROM screening_overrides o WHERE o.intake_id = i.id)`, clinicID, q.T(since), false)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		p := record.RoomProblem{Kind: record.RoomExclusion, ClinicID: clinicID}
		var given, family, findings string
		var at dbconn.Time
		if err := rows.Scan(&p.PatientID, &given, &family, &findings, &at); err != nil {
			return nil, err
		}
		var in record.Intake
		if err := json.Unmarshal([]byte(findings), &in.Findings); err != nil {
			return nil, err
		}
		p.PatientName, p.At, p.Message = given+" "+family, at.Time, record.ExclusionMessage(in)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out = mergeReadings(out)
	slices.SortStableFunc(out, func(a, b record.RoomProblem) int { return b.At.Compare(a.At) })
	return out, nil
}

// mergeReadings joins the alerts of one reading (same session, same
// time) into one problem, as they were raised.
func mergeReadings(ps []record.RoomProblem) []record.RoomProblem {
	var out []record.RoomProblem
	for _, p := range ps {
		if n := len(out); n > 0 && p.Kind == record.RoomVitalsAlert && out[n-1].Kind == p.Kind &&
			out[n-1].SessionID == p.SessionID && out[n-1].At.Equal(p.At) {
			out[n-1].Message += "; " + p.Message
			continue
		}
		out = append(out, p)
	}
	return out
}
