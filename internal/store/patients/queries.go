// Package patients holds the queries of patients' records
// (service/patients, custody): patients and their courses, administrations
// and assessments, versions, possible duplicates, transfers between
// clinics, therapists' caseloads, and which patient a record belongs to.
package patients

import "onset/internal/store/dbconn"

// Queries runs patients's SQL on a pool or inside a transaction; store.Queries
// embeds it.
type Queries struct{ dbconn.Conn }
