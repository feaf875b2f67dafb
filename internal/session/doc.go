// Package session holds the pure rules of a treatment session in the room:
// plausibility of vital signs, the pre-dose blood-pressure hold, alerts on
// vital signs during monitoring, discharge criteria by route and the
// completeness of the Spravato REMS Patient Monitoring Form.
//
// It reads no clock and touches no database: callers pass times and
// records in, and get decisions and plain-language reasons out. Every
// clinical default carries its source beside it (clinical-reference.md
// §1.3, §1.5, §5.1–5.3); values the clinic may change are fields of a
// rules struct with a Default constructor.
package session
