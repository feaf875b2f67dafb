// Package export takes a whole clinic's data out of Onset as files other
// programs open: a zip of CSV files (patients, courses, plans, sessions,
// doses, vital signs, questionnaires, alerts, appointments, the
// controlled-substance ledger, notes, messages, the audit trail) with a
// README and a data dictionary, for a clinic's own spreadsheets and for a
// clinic leaving Onset. Every file is read from one snapshot of the
// database, a row at a time, and streamed into the zip as it is read.
// Only administrators export; each export is recorded with its row counts
// and audited once, before any data leaves.
package export

import (
	"archive/zip"
	"context"
	"fmt"
	"io"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Service runs the export use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the export use cases over st. The export writes no form
// (it is a download), so its storage is not wrapped in service.Once.
func New(core *service.Core, st Store) *Service { return &Service{Core: core, store: st} }

// CSVOptions tunes ExportClinicCSV.
type CSVOptions struct {
	// Progress, if set, is called as each file of the zip is finished.
	Progress func(file string, rows int64)
}

// AuditRecordType is the audit row's record type; its record ID is the
// export's (record.ClinicExport).
const AuditRecordType = "clinic_export"

// ExportClinicCSV writes the actor's clinic to w as a zip of CSV files
// (Files lists them; README.txt and data_dictionary.csv describe them).
// It counts each file's rows in the snapshot it exports, records the
// export with those counts and audits it before the first byte is
// written, then streams each file. An error after writing began leaves w
// holding an incomplete zip (no central directory): a caller that
// cannot take it back must discard it.
func (s *Service) ExportClinicCSV(ctx context.Context, a service.Actor, w io.Writer, opt CSVOptions) (record.ClinicExport, error) {
	if err := service.Authorize(a, service.ActClinicExport); err != nil {
		return record.ClinicExport{}, err
	}
	var exp record.ClinicExport
	err := s.store.Snapshot(ctx, func(q Queries) error {
		counts, err := q.ExportRowCounts(ctx, a.ClinicID) // the snapshot's first read fixes it
		if err != nil {
			return clinic.Wrap(err, "Could not count the clinic's records.")
		}
		st, loc, err := service.ClinicSettingsIn(ctx, q, a.ClinicID)
		if err != nil {
			return clinic.Wrap(err, "Could not load the clinic's settings.")
		}
		now := s.Now()
		exp = record.ClinicExport{ClinicID: a.ClinicID, Format: "csv", UserID: a.UserID, UserName: service.ActorName(a),
			CreatedAt: now}
		for _, f := range files {
			n, ok := counts[f.base()]
			if !ok {
				return clinic.Wrap(fmt.Errorf("export: no count for %s", f.name()), "Could not count the clinic's records.")
			}
			exp.Files = append(exp.Files, record.ExportedFile{Name: f.name(), Rows: n})
		}
		if err := s.store.WithTx(ctx, func(tx Tx) error {
			id, err := tx.CreateClinicExport(ctx, exp)
			if err != nil {
				return err
			}
			exp.ID = id
			e := s.Entry(a, service.ActClinicExport, 0)
			e.RecordType, e.RecordID = AuditRecordType, id
			return tx.AppendAudit(ctx, e)
		}); err != nil {
			return clinic.Wrap(err, "Could not record the export.")
		}
		out := &archive{zw: zip.NewWriter(w), at: now, loc: loc}
		if err := out.text("README.txt", readme(st, loc, exp)); err != nil {
			return err
		}
		if err := out.dictionary(loc); err != nil {
			return err
		}
		for i, f := range files {
			cw, err := out.csv(f.name())
			if err != nil {
				return err
			}
			n, err := f.write(ctx, q, a.ClinicID, cw, exp.Files[i].Rows)
			if err != nil {
				return clinic.Wrap(fmt.Errorf("export %s: %w", f.name(), err), "Could not export the clinic's records.")
			}
			if n != exp.Files[i].Rows {
				return clinic.Wrap(fmt.Errorf("export %s: %d rows, %d counted", f.name(), n, exp.Files[i].Rows),
					"The clinic's records changed during the export.")
			}
			if opt.Progress != nil {
				opt.Progress(f.name(), n)
			}
		}
		return clinic.Wrap(out.zw.Close(), "Could not write the export.")
	})
	return exp, clinic.Wrap(err, "Could not export the clinic's records.")
}

// ClinicExports lists the clinic's latest exports, newest first: who took
// the data, when, and how many rows.
func (s *Service) ClinicExports(ctx context.Context, a service.Actor, limit int) ([]record.ClinicExport, error) {
	if err := service.Authorize(a, service.ActClinicExport); err != nil {
		return nil, err
	}
	es, err := s.store.Read().ClinicExports(ctx, a.ClinicID, limit)
	return es, clinic.Wrap(err, "Could not load the clinic's exports.")
}

// FileNames lists the files of a CSV export in the order the zip holds them.
func FileNames() []string {
	out := []string{"README.txt", "data_dictionary.csv"}
	for _, f := range files {
		out = append(out, f.name())
	}
	return out
}
