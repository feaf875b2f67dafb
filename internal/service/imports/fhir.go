package imports

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/scales"
	"onset/internal/service"
)

// FHIRRecord is one resource of a FHIR import file in Onset's terms (the
// CLI reads it with package fhir): a patient, a questionnaire (answers or
// a total) or a dose, each with its line in the file and its key in the
// sending system.
type FHIRRecord struct {
	Line int
	// Key is the resource's type and id in the sending system
	// ("Patient/abc"); Subject, for a patient's record, the key of that
	// patient.
	Key, Subject   string
	Patient        *clinic.Patient
	Assessment     *clinic.Assessment
	Administration *clinic.Administration
}

// Import keys of FHIR records, beside the CSV files' ("patient" keys hold
// the sending system's Patient/<id> too).
const fhirSource = "fhir import"

// ImportFHIR imports one file's records, all or nothing: patients (a
// patient imported before, by its key, is left as is; one registered with
// that MRN is linked), then questionnaires (answers or totals: one per
// patient, instrument and time, so a total and the answers it came from
// are one record) and doses, which make courses as ImportTreatments does.
// A record about a patient neither in the file nor imported before is
// rejected with its line; so is a dose earlier than the patient's latest
// stored dose. The import is audited with the file's kind.
func (s *Service) ImportFHIR(ctx context.Context, a service.Actor, recs []FHIRRecord, opt ImportOptions) (ImportReport, error) {
	var rep ImportReport
	rep.Rows = len(recs)
	now := s.Now()
	gap := time.Duration(DefaultCourseGapDays) * 24 * time.Hour
	if opt.CourseGapDays > 0 {
		gap = time.Duration(opt.CourseGapDays) * 24 * time.Hour
	}
	if err := service.Authorize(a, service.ActImport); err != nil {
		return rep, err
	}
	err := s.runChecked(ctx, a, "fhir", func(tx Tx, reject func(int, string, ...any)) (func() error, error) {
		pkeys, err := tx.ImportKeys(ctx, a.ClinicID, importPatient)
		if err != nil {
			return nil, err
		}
		mrns, err := tx.PatientIDsByMRN(ctx, a.ClinicID)
		if err != nil {
			return nil, err
		}
		akeys, err := tx.ImportKeys(ctx, a.ClinicID, importAssessment)
		if err != nil {
			return nil, err
		}
		dkeys, err := tx.ImportKeys(ctx, a.ClinicID, importAdministration)
		if err != nil {
			return nil, err
		}
		last, err := tx.LastAdministrations(ctx, a.ClinicID)
		if err != nil {
			return nil, err
		}
		conds, err := tx.FirstConditions(ctx, a.ClinicID)
		if err != nil {
			return nil, err
		}
		// Patients: new ones get their IDs when written; until then the
		// records about them wait under their key.
		var add []clinic.Patient
		var addKeys []string
		type link struct {
			key string
			id  int64
		}
		var links []link
		inFile := map[string]int{} // key → line
		for _, r := range recs {
			if r.Patient == nil {
				continue
			}
			if l, dup := inFile[r.Key]; dup {
				reject(r.Line, "%s appears again (first on line %d)", r.Key, l)
				continue
			}
			inFile[r.Key] = r.Line
			p := *r.Patient
			p.ClinicID, p.CreatedAt = a.ClinicID, now
			if p.BirthDate.After(now) {
				reject(r.Line, "Patient.birthDate is in the future")
				continue
			}
			switch {
			case pkeys[r.Key] != 0:
				rep.Existing++
			case mrns[p.MRN] != 0:
				links = append(links, link{r.Key, mrns[p.MRN]})
				rep.Matched++
			default:
				add = append(add, p)
				addKeys = append(addKeys, r.Key)
			}
		}
		known := func(key string) bool { _, ok := inFile[key]; return ok || pkeys[key] != 0 }
		existing := map[string]int64{} // patients stored before this file, by key
		for k, id := range pkeys {
			existing[k] = id
		}
		for _, l := range links {
			existing[l.key] = l.id
		}
		type pending struct {
			subject, key string
			a            clinic.Assessment
		}
		var assessments []pending
		type pendingDose struct {
			subject string
			d       dose
		}
		var doses []pendingDose
		seen := map[string]int{}
		for _, r := range recs {
			if r.Patient != nil {
				continue
			}
			if !known(r.Subject) {
				reject(r.Line, "%s is about %s, who is neither in this file nor imported before (import the patients first)", r.Key, r.Subject)
				continue
			}
			switch {
			case r.Assessment != nil:
				as := *r.Assessment
				if as.TakenAt.After(now) {
					reject(r.Line, "%s was taken in the future", r.Key)
					continue
				}
				if _, ok := scales.Lookup(as.Instrument); !ok {
					reject(r.Line, "%s: unknown instrument %q", r.Key, as.Instrument)
					continue
				}
				key := r.Subject + "|" + as.Instrument + "|" + as.TakenAt.UTC().Format(time.RFC3339Nano)
				if _, dup := seen[key]; dup || akeys[key] != 0 {
					rep.Existing++ // the same questionnaire again (a total and the answers it came from)
					continue
				}
				seen[key] = r.Line
				as.ClinicID, as.Source = a.ClinicID, fhirSource
				assessments = append(assessments, pending{r.Subject, key, as})
			case r.Administration != nil:
				d := *r.Administration
				if d.GivenAt.After(now) {
					reject(r.Line, "%s was given in the future", r.Key)
					continue
				}
				key := r.Subject + "|" + d.GivenAt.UTC().Format(time.RFC3339Nano) + "|" + string(d.Route)
				if _, dup := seen[key]; dup || dkeys[key] != 0 {
					rep.Existing++
					continue
				}
				if prev, ok := last[existing[r.Subject]]; ok && existing[r.Subject] != 0 && d.GivenAt.Before(prev.GivenAt) {
					reject(r.Line, "%s was given before this patient's latest stored dose (%s); import older history first",
						r.Key, prev.GivenAt.UTC().Format(time.RFC3339))
					continue
				}
				seen[key] = r.Line
				d.ClinicID = a.ClinicID
				doses = append(doses, pendingDose{r.Subject, dose{key: key, Administration: d}})
			}
		}
		return func() error {
			ids, err := tx.ImportPatients(ctx, add, addKeys)
			if err != nil {
				return err
			}
			patient := map[string]int64{}
			for k, id := range pkeys {
				patient[k] = id
			}
			for i, id := range ids {
				patient[addKeys[i]] = id
			}
			for _, l := range links {
				if err := tx.PutImportKey(ctx, a.ClinicID, importPatient, l.key, l.id); err != nil {
					return err
				}
				patient[l.key] = l.id
			}
			rep.Added += len(add)
			var as []clinic.Assessment
			var keys []string
			for _, p := range assessments {
				p.a.PatientID = patient[p.subject]
				as = append(as, p.a)
				keys = append(keys, p.key)
			}
			if err := inChunks(len(as), func(from, to int) error {
				return tx.ImportAssessments(ctx, as[from:to], keys[from:to], now)
			}); err != nil {
				return err
			}
			rep.Added += len(as)
			byPatient := map[int64][]dose{}
			var order []int64
			for _, p := range doses {
				pid := patient[p.subject]
				p.d.PatientID = pid
				if _, ok := byPatient[pid]; !ok {
					order = append(order, pid)
				}
				byPatient[pid] = append(byPatient[pid], p.d)
			}
			return writeDoses(ctx, tx, a.ClinicID, gap, order, byPatient, last, conds, opt, &rep)
		}, nil
	}, &rep)
	return rep, err
}
