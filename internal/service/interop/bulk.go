package interop

import (
	"context"
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/service"
)

// BulkRequest asks for the charts of a bulk export (FHIR $export).
type BulkRequest struct {
	// Group narrows the patients: "" every patient of the clinic (system
	// and Patient-level export), GroupAll the same as a Group, or
	// CaseloadGroup(therapist) a therapist's caseload.
	Group string
	Parts Parts
}

// GroupAll is the Group of every patient of the clinic.
const GroupAll = "all"

// CaseloadGroup is the Group of a therapist's caseload.
func CaseloadGroup(therapistID int64) string { return "caseload-" + strconv.FormatInt(therapistID, 10) }

// GroupTherapist reads a Group id: 0 for every patient ("" or GroupAll),
// the therapist's user id for a caseload group; NotFound for any other.
func GroupTherapist(g string) (int64, error) {
	rest, caseload := strings.CutPrefix(g, "caseload-")
	switch {
	case g == "" || g == GroupAll:
		return 0, nil
	case caseload:
		if id, err := strconv.ParseInt(rest, 10, 64); err == nil && id > 0 && strconv.FormatInt(id, 10) == rest {
			return id, nil
		}
	}
	return 0, clinic.Errorf(clinic.NotFound, "There is no Group %q: Onset's Groups are %q and caseload-<therapist's user id>.",
		clinic.Excerpt(g, 40), GroupAll)
}

// bulkPage is how many patients one read of the list takes.
const bulkPage = 500

// BulkCharts reads the charts of the patients of a bulk export, one at a
// time, handing each to each with how many are done and the total. Only
// admins and backend clients export (ActBulkExport); the parts the actor
// may not read are left out. The export is audited once, before anything
// is read, as a read of the clinic's records (the record id is the number
// of patients). Reads may come from a read replica.
func (s *Service) BulkCharts(ctx context.Context, a service.Actor, req BulkRequest, each func(done, total int, ch Chart) error) error {
	if err := service.Authorize(a, service.ActBulkExport); err != nil {
		return err
	}
	r := s.reads(true)
	therapist, err := GroupTherapist(req.Group)
	if err != nil {
		return err
	}
	list := func(offset int) (clinic.PatientPage, error) {
		if therapist != 0 {
			return r.SearchCaseloadPatients(ctx, a.ClinicID, therapist, "", bulkPage, offset)
		}
		return r.SearchPatients(ctx, a.ClinicID, "", bulkPage, offset)
	}
	first, err := list(0)
	if err != nil {
		return clinic.Wrap(err, "Could not list the patients.")
	}
	e := s.Entry(a, service.ActBulkExport, 0)
	e.RecordType, e.RecordID = "fhir.export", int64(first.Total)
	if err := s.AuditRead(ctx, e); err != nil {
		return err
	}
	parts := Readable(a.Role, req.Parts)
	done, offset := 0, 0
	for page := first; ; {
		offset += len(page.Patients)
		for _, p := range page.Patients {
			if err := ctx.Err(); err != nil {
				return err
			}
			ch, err := s.load(ctx, r, a.ClinicID, p.ID, parts)
			if clinic.ErrorCode(err) == clinic.NotFound {
				continue // removed since the list was read
			}
			if err != nil {
				return err
			}
			done++
			if err := each(done, first.Total, ch); err != nil {
				return err
			}
		}
		if len(page.Patients) < bulkPage {
			return nil
		}
		if page, err = list(offset); err != nil {
			return clinic.Wrap(err, "Could not list the patients.")
		}
	}
}
