// Package measurement holds the queries of what measures a patient's
// course (service/measurement): assessments by idempotency key, safety
// alerts, questionnaire links and the times they fall due.
package measurement

import "onset/internal/store/dbconn"

// Queries runs measurement's SQL on a pool or inside a transaction; store.Queries
// embeds it.
type Queries struct{ dbconn.Conn }
