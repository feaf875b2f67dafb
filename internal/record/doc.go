// Package record holds the records Onset's use cases keep and its storage
// returns: appointments, plans, intakes, treatment sessions and their
// vitals, questionnaire links, safety alerts, outbox messages, the
// clinic's session rules. They are plain data with the few methods that
// read them (Open, Signed, Excludes). Every capability under service
// speaks them, and store reads and writes them, so they live below both.
// Like a domain package it has no SQL, no HTTP and no clock.
package record
