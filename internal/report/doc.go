// Package report writes Onset's printable documents as PDF. It takes plain
// values (no database, no HTTP) and writes to an io.Writer; the PDFs carry
// a fixed creation date when asked, so tests can compare them.
package report
