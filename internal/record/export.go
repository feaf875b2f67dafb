package record

import "time"

// ClinicExport records one export of a whole clinic's data (service/export):
// who took it, when, in which format, and how many rows each file held.
// The export's audit row names it; it is never changed.
type ClinicExport struct {
	ID, ClinicID int64
	Format       string // "csv": a zip of CSV files
	Files        []ExportedFile
	UserID       int64 // 0 for the command line
	UserName     string
	CreatedAt    time.Time
}

// ExportedFile is one file of an export and its rows (the header not counted).
type ExportedFile struct {
	Name string
	Rows int64
}

// Rows is the export's rows over all its files.
func (e ClinicExport) Rows() int64 {
	var n int64
	for _, f := range e.Files {
		n += f.Rows
	}
	return n
}
