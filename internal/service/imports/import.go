package imports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/scales"
	"onset/internal/service"
)

// DefaultCourseGapDays: a treatment more than this many days after the
// patient's previous one starts a new course. 90 days is three months
// without a session, longer than any maintenance interval in
// clinical-reference §1–2 (weekly to monthly).
const DefaultCourseGapDays = 90

// ImportOptions tune an import.
type ImportOptions struct {
	CourseGapDays int                   // 0 means DefaultCourseGapDays
	Progress      func(done, total int) // called as rows are written; may be nil
}

// ImportReport says what an import file did.
type ImportReport struct {
	Rows     int        // data rows read
	Added    int        // new records
	Existing int        // rows imported before: left as they are
	Matched  int        // patients: rows linked to a patient already registered with that MRN
	Courses  int        // treatments: courses started
	Rejected []RowError // every rejected row; when any, nothing was stored
	Ignored  []string   // columns the format does not use
}

// errRejected rolls an import back when any row was rejected.
var errRejected = errors.New("rows rejected")

func rejectedError(n int) error {
	rows := "rows were"
	if n == 1 {
		rows = "row was"
	}
	return clinic.Errorf(clinic.Invalid, "%d %s rejected, so nothing was imported from this file.", n, rows)
}

// Import kinds name the external ids in the import_keys table.
const (
	importPatient        = "patient"
	importAdministration = "administration"
	importAssessment     = "assessment"
)

// importedSource marks assessments that came from an import file.
const importedSource = "import"

// runImport reads the file, lets validate check every row against the
// database inside one transaction, and lets write store them there, with
// the audit row. If any row is rejected (by reading or by validate) the
// transaction is rolled back and the report lists every rejected row.
func (s *Service) runImport(ctx context.Context, a service.Actor, kind string, r io.Reader, required []string, optional func(string) bool,
	validate func(tx Tx, rows []csvRow, reject func(line int, format string, args ...any)) (write func() error, err error),
	rep *ImportReport) error {
	if err := service.Authorize(a, service.ActImport); err != nil {
		return err
	}
	rows, bad, ignored, err := readCSV(r, required, optional)
	if err != nil {
		return clinic.Errorf(clinic.Invalid, "%s", err.Error())
	}
	rep.Rows, rep.Ignored, rep.Rejected = len(rows)+len(bad), ignored, bad
	return s.runChecked(ctx, a, kind, func(tx Tx, reject func(int, string, ...any)) (func() error, error) {
		return validate(tx, rows, reject)
	}, rep)
}

// runChecked lets validate check every record against the database inside
// one transaction and write store them there, with the audit row; if any
// record is rejected the transaction is rolled back and the report lists
// every rejection.
func (s *Service) runChecked(ctx context.Context, a service.Actor, kind string,
	validate func(tx Tx, reject func(line int, format string, args ...any)) (write func() error, err error), rep *ImportReport) error {
	reject := func(line int, format string, args ...any) {
		rep.Rejected = append(rep.Rejected, RowError{line, fmt.Sprintf(format, args...)})
	}
	err := s.store.WithTx(ctx, func(tx Tx) error {
		write, err := validate(tx, reject)
		if err != nil {
			return err
		}
		if len(rep.Rejected) > 0 {
			return errRejected
		}
		if err := write(); err != nil {
			return err
		}
		e := s.Entry(a, service.ActImport, 0)
		e.RecordType = "import " + kind
		return tx.AppendAudit(ctx, e)
	})
	if errors.Is(err, errRejected) {
		slices.SortStableFunc(rep.Rejected, func(x, y RowError) int { return x.Line - y.Line })
		return rejectedError(len(rep.Rejected))
	}
	if err != nil {
		*rep = ImportReport{Rows: rep.Rows, Ignored: rep.Ignored}
	}
	return clinic.Wrap(err, "Could not import the file.")
}

// importChunk is how many rows go to the store at a time: the progress bar
// moves between chunks.
const importChunk = 1000

// inChunks calls f on [from, to) ranges of n rows.
func inChunks(n int, f func(from, to int) error) error {
	for from := 0; from < n; from += importChunk {
		if err := f(from, min(from+importChunk, n)); err != nil {
			return err
		}
	}
	return nil
}

// progress calls p when at least 1% of total rows more are done, and at
// the end.
func progress(p func(done, total int), total int) func(done int) {
	if p == nil || total == 0 {
		return func(int) {}
	}
	step, last := max(1, total/100), 0
	return func(done int) {
		if done-last >= step || done == total {
			last = done
			p(done, total)
		}
	}
}

// ImportPatients imports patients from CSV with the header
// patient,sex,birth_year,condition. patient is the clinic's own identifier
// (it becomes the MRN); sex is female, male, other or unknown (f and m are
// accepted); birth_year is a four-digit year (the birth date is taken as
// 1 July of that year, so ages are right to within half a year); condition
// is one of Onset's conditions or empty. A patient imported before is left
// as is; a patient already registered with that MRN is linked, not copied.
func (s *Service) ImportPatients(ctx context.Context, a service.Actor, r io.Reader, opt ImportOptions) (ImportReport, error) {
	var rep ImportReport
	now := s.Now()
	err := s.runImport(ctx, a, "patients", r, []string{"patient", "sex", "birth_year", "condition"}, nil,
		func(tx Tx, rows []csvRow, reject func(int, string, ...any)) (func() error, error) {
			keys, err := tx.ImportKeys(ctx, a.ClinicID, importPatient)
			if err != nil {
				return nil, err
			}
			mrns, err := tx.PatientIDsByMRN(ctx, a.ClinicID)
			if err != nil {
				return nil, err
			}
			type link struct {
				ext string
				id  int64
			}
			var add []clinic.Patient
			var links []link
			first := map[string]int{}
			for _, row := range rows {
				ext := row.get("patient")
				if msg := checkExternalID(ext); msg != "" {
					reject(row.line, "%s", msg)
					continue
				}
				if l, dup := first[ext]; dup {
					reject(row.line, "patient %s appears again (first on line %d)", ext, l)
					continue
				}
				first[ext] = row.line
				p := clinic.Patient{ClinicID: a.ClinicID, MRN: ext, GivenName: "Patient", FamilyName: ext, CreatedAt: now}
				var bad []string
				switch sex := strings.ToLower(row.get("sex")); sex {
				case "f":
					p.Sex = "female"
				case "m":
					p.Sex = "male"
				default:
					if !clinic.Sexes[sex] {
						bad = append(bad, fmt.Sprintf("sex must be female, male, other or unknown, got %q", row.get("sex")))
					}
					p.Sex = sex
				}
				y, err := strconv.Atoi(row.get("birth_year"))
				if err != nil || y < 1900 || y > now.Year() {
					bad = append(bad, fmt.Sprintf("birth_year must be a year from 1900 to %d, got %q", now.Year(), row.get("birth_year")))
				}
				p.BirthDate = time.Date(y, time.July, 1, 0, 0, 0, 0, time.UTC)
				if c := clinic.Condition(strings.ToLower(row.get("condition"))); c != "" {
					if !c.Known() {
						bad = append(bad, fmt.Sprintf("condition %q is not one of %s", row.get("condition"), conditionList()))
					}
					p.Conditions = []clinic.Condition{c}
				}
				if len(bad) > 0 {
					reject(row.line, "%s", strings.Join(bad, "; "))
					continue
				}
				if _, ok := keys[ext]; ok {
					rep.Existing++
				} else if id := mrns[ext]; id != 0 {
					links = append(links, link{ext, id})
				} else {
					add = append(add, p)
				}
			}
			return func() error {
				tick := progress(opt.Progress, len(add)+len(links))
				err := inChunks(len(add), func(from, to int) error {
					keys := make([]string, 0, to-from)
					for _, p := range add[from:to] {
						keys = append(keys, p.MRN)
					}
					_, err := tx.ImportPatients(ctx, add[from:to], keys)
					tick(to)
					return err
				})
				if err != nil {
					return err
				}
				for i, l := range links {
					if err := tx.PutImportKey(ctx, a.ClinicID, importPatient, l.ext, l.id); err != nil {
						return err
					}
					tick(len(add) + i + 1)
				}
				rep.Added, rep.Matched = len(add), len(links)
				return nil
			}, nil
		}, &rep)
	return rep, err
}

func checkExternalID(ext string) string {
	switch {
	case ext == "":
		return "patient is empty"
	case len(ext) > 40:
		return "patient identifiers are limited to 40 characters"
	case clinic.MRNText.Check(ext) != nil:
		return "patient: " + strings.TrimSuffix(clinic.ErrorMessage(clinic.MRNText.Check(ext)), ".")
	case strings.Contains(ext, "|"):
		return `patient identifiers must not contain "|"`
	}
	return ""
}

func conditionList() string {
	list := make([]string, 0, len(clinic.Conditions))
	for _, c := range clinic.Conditions {
		list = append(list, string(c))
	}
	slices.Sort(list)
	return strings.Join(list, ", ")
}

// patientLookup finds a patient by import id first, then by MRN.
func patientLookup(ctx context.Context, tx Tx, clinicID int64) (func(ext string) int64, error) {
	keys, err := tx.ImportKeys(ctx, clinicID, importPatient)
	if err != nil {
		return nil, err
	}
	mrns, err := tx.PatientIDsByMRN(ctx, clinicID)
	if err != nil {
		return nil, err
	}
	return func(ext string) int64 {
		if id, ok := keys[ext]; ok {
			return id
		}
		return mrns[ext]
	}, nil
}

// importTimeLayouts are the times import files may use; times without a
// zone are UTC.
var importTimeLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"}

func parseImportTime(s string, now time.Time) (time.Time, string) {
	for _, l := range importTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			t = t.UTC()
			switch {
			case t.After(now):
				return t, fmt.Sprintf("%s is in the future", s)
			case t.Year() < 1970:
				return t, fmt.Sprintf("%s is before 1970", s)
			}
			return t, ""
		}
	}
	return time.Time{}, fmt.Sprintf("%q is not a time (want YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339)", s)
}

var importRoutes = map[clinic.Route]bool{clinic.RouteIV: true, clinic.RouteIM: true, clinic.RouteEsketamine: true,
	clinic.RouteSublingual: true, clinic.RouteOral: true}

// importNumber reads a number cell as its quantity (clinic.DoseMg,
// clinic.WeightKg: the same limits as every other way in), or says why not.
func importNumber(cell, column string, q clinic.Quantity) (float64, string) {
	x, err := clinic.ParseNumber(column, cell)
	if err == nil {
		err = q.Check(column, x)
	}
	if err != nil {
		return 0, strings.TrimSuffix(clinic.ErrorMessage(err), ".") + fmt.Sprintf(", got %q", cell)
	}
	return x, ""
}

// ImportTreatments imports doses from CSV with the header
// patient,given_at,route,dose_mg,weight_kg and derives courses: per
// patient, a dose more than CourseGapDays after the previous one (stored or
// in the file) starts a new course, whose route is its first dose's route
// and whose condition is the patient's (first) condition. An optional
// column therapy (yes or no; empty is no) says whether psychotherapy went
// alongside: a course takes it from the dose that starts it. A row imported
// before (same patient, time and route) is left as is. A new dose earlier
// than the patient's latest stored dose is rejected: courses are derived
// forward in time, so import older history first or in one file.
func (s *Service) ImportTreatments(ctx context.Context, a service.Actor, r io.Reader, opt ImportOptions) (ImportReport, error) {
	var rep ImportReport
	gapDays := opt.CourseGapDays
	if gapDays == 0 {
		gapDays = DefaultCourseGapDays
	}
	if gapDays < 0 {
		return rep, clinic.Errorf(clinic.Invalid, "The course gap must be a positive number of days.")
	}
	gap := time.Duration(gapDays) * 24 * time.Hour
	now := s.Now()
	optional := func(c string) bool { return c == "therapy" }
	err := s.runImport(ctx, a, "treatments", r, []string{"patient", "given_at", "route", "dose_mg", "weight_kg"}, optional,
		func(tx Tx, rows []csvRow, reject func(int, string, ...any)) (func() error, error) {
			patientID, err := patientLookup(ctx, tx, a.ClinicID)
			if err != nil {
				return nil, err
			}
			keys, err := tx.ImportKeys(ctx, a.ClinicID, importAdministration)
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
			byPatient := map[int64][]dose{}
			var order []int64
			first := map[string]int{}
			for _, row := range rows {
				ext := row.get("patient")
				pid := patientID(ext)
				var bad []string
				if pid == 0 {
					bad = append(bad, fmt.Sprintf("patient %q is not in the clinic (import the patients file first)", ext))
				}
				given, msg := parseImportTime(row.get("given_at"), now)
				if msg != "" {
					bad = append(bad, "given_at: "+msg)
				}
				route := clinic.Route(strings.ToLower(row.get("route")))
				if !importRoutes[route] {
					bad = append(bad, fmt.Sprintf("route must be iv, im, esketamine, sublingual or oral, got %q", row.get("route")))
				}
				mg, msg := importNumber(row.get("dose_mg"), "dose_mg", clinic.DoseMg)
				if msg != "" {
					bad = append(bad, msg)
				}
				kg, msg := importNumber(row.get("weight_kg"), "weight_kg", clinic.WeightKg)
				if msg != "" {
					bad = append(bad, msg)
				}
				therapy, ok := yesNo(row.get("therapy"))
				if !ok {
					bad = append(bad, fmt.Sprintf("therapy must be yes or no, got %q", row.get("therapy")))
				}
				if len(bad) > 0 {
					reject(row.line, "%s", strings.Join(bad, "; "))
					continue
				}
				key := ext + "|" + given.Format(time.RFC3339) + "|" + string(route)
				if l, dup := first[key]; dup {
					reject(row.line, "the same treatment appears again (first on line %d)", l)
					continue
				}
				first[key] = row.line
				if _, ok := keys[key]; ok {
					rep.Existing++
					continue
				}
				if prev, ok := last[pid]; ok && given.Before(prev.GivenAt) {
					reject(row.line, "given_at %s is earlier than this patient's latest stored treatment (%s); import older history first",
						given.Format(time.RFC3339), prev.GivenAt.Format(time.RFC3339))
					continue
				}
				if _, ok := byPatient[pid]; !ok {
					order = append(order, pid)
				}
				byPatient[pid] = append(byPatient[pid], dose{key, therapy, clinic.Administration{ClinicID: a.ClinicID, PatientID: pid,
					GivenAt: given, Route: route, DoseMg: mg, WeightKg: kg}})
			}
			return func() error {
				return writeDoses(ctx, tx, a.ClinicID, gap, order, byPatient, last, conds, opt, &rep)
			}, nil
		}, &rep)
	return rep, err
}

// dose is an imported dose waiting for its course.
type dose struct {
	key     string
	therapy bool
	clinic.Administration
}

// writeDoses derives the patients' courses and stores their doses: per
// patient in order, a dose more than gap after the previous one (stored,
// last, or new) starts a course, whose route is its first dose's and
// whose condition is the patient's first; then the doses in bulk.
func writeDoses(ctx context.Context, tx Tx, clinicID int64, gap time.Duration, order []int64, byPatient map[int64][]dose,
	last map[int64]clinic.Administration, conds map[int64]clinic.Condition, opt ImportOptions, rep *ImportReport) error {
	var doses []clinic.Administration
	var keys []string
	for _, pid := range order {
		ds := byPatient[pid]
		slices.SortStableFunc(ds, func(x, y dose) int { return x.GivenAt.Compare(y.GivenAt) })
		prev, has := last[pid]
		for _, d := range ds {
			if !has || d.GivenAt.Sub(prev.GivenAt) > gap {
				cid, err := tx.CreateCourse(ctx, clinic.Course{ClinicID: clinicID, PatientID: pid,
					Condition: conds[pid], Route: d.Route, StartedAt: d.GivenAt, Therapy: d.therapy})
				if err != nil {
					return err
				}
				rep.Courses++
				prev.CourseID = cid
			}
			d.CourseID = prev.CourseID
			prev, has = d.Administration, true
			doses = append(doses, d.Administration)
			keys = append(keys, d.key)
		}
	}
	tick := progress(opt.Progress, len(doses))
	if err := inChunks(len(doses), func(from, to int) error {
		err := tx.ImportAdministrations(ctx, doses[from:to], keys[from:to])
		tick(to)
		return err
	}); err != nil {
		return err
	}
	rep.Added += len(doses)
	return nil
}

// yesNo reads an optional yes/no cell; empty is no.
func yesNo(v string) (yes, ok bool) {
	switch strings.ToLower(v) {
	case "", "no", "n", "false", "0":
		return false, true
	case "yes", "y", "true", "1":
		return true, true
	}
	return false, false
}

// isItemColumn reports whether c is item1, item2, ...
func isItemColumn(c string) bool {
	n, ok := strings.CutPrefix(c, "item")
	if !ok {
		return false
	}
	v, err := strconv.Atoi(n)
	return err == nil && v >= 1 && v <= 64
}

// ImportAssessments imports questionnaire totals from CSV with the header
// patient,taken_at,instrument,total, and optionally the item answers,
// either in one column answers ("2,2,1,..." quoted, or separated by
// semicolons or spaces) or in columns item1..itemN; "-" or an empty item
// cell is a skipped item. With answers the total is computed and must
// equal the total column when that is filled in; total may then be empty.
// A row imported before (same patient, instrument and time) is left as is.
func (s *Service) ImportAssessments(ctx context.Context, a service.Actor, r io.Reader, opt ImportOptions) (ImportReport, error) {
	var rep ImportReport
	now := s.Now()
	optional := func(c string) bool { return c == "answers" || isItemColumn(c) }
	err := s.runImport(ctx, a, "assessments", r, []string{"patient", "taken_at", "instrument", "total"}, optional,
		func(tx Tx, rows []csvRow, reject func(int, string, ...any)) (func() error, error) {
			patientID, err := patientLookup(ctx, tx, a.ClinicID)
			if err != nil {
				return nil, err
			}
			keys, err := tx.ImportKeys(ctx, a.ClinicID, importAssessment)
			if err != nil {
				return nil, err
			}
			type assessment struct {
				key string
				clinic.Assessment
			}
			var add []assessment
			first := map[string]int{}
			instruments := map[string]scales.Instrument{}
			for _, row := range rows {
				ext := row.get("patient")
				pid := patientID(ext)
				var bad []string
				if pid == 0 {
					bad = append(bad, fmt.Sprintf("patient %q is not in the clinic (import the patients file first)", ext))
				}
				taken, msg := parseImportTime(row.get("taken_at"), now)
				if msg != "" {
					bad = append(bad, "taken_at: "+msg)
				}
				id := strings.ToLower(row.get("instrument"))
				inst, ok := instruments[id]
				if !ok {
					if inst, ok = scales.Lookup(id); ok {
						instruments[id] = inst
					}
				}
				var as clinic.Assessment
				if !ok {
					bad = append(bad, fmt.Sprintf("instrument %q is not one of %s", row.get("instrument"), strings.Join(scales.IDs(), ", ")))
				} else if msg := readScores(row, inst, &as); msg != "" {
					bad = append(bad, msg)
				}
				if len(bad) > 0 {
					reject(row.line, "%s", strings.Join(bad, "; "))
					continue
				}
				key := ext + "|" + inst.ID + "|" + taken.Format(time.RFC3339)
				if l, dup := first[key]; dup {
					reject(row.line, "the same assessment appears again (first on line %d)", l)
					continue
				}
				first[key] = row.line
				if _, ok := keys[key]; ok {
					rep.Existing++
					continue
				}
				as.ClinicID, as.PatientID, as.Instrument, as.TakenAt, as.Source = a.ClinicID, pid, inst.ID, taken, importedSource
				add = append(add, assessment{key, as})
			}
			return func() error {
				tick := progress(opt.Progress, len(add))
				err := inChunks(len(add), func(from, to int) error {
					as := make([]clinic.Assessment, 0, to-from)
					keys := make([]string, 0, to-from)
					for _, x := range add[from:to] {
						as = append(as, x.Assessment)
						keys = append(keys, x.key)
					}
					err := tx.ImportAssessments(ctx, as, keys, now)
					tick(to)
					return err
				})
				if err != nil {
					return err
				}
				rep.Added = len(add)
				return nil
			}, nil
		}, &rep)
	return rep, err
}

// readScores fills in as.Total and as.Answers from the row, or says why
// they are wrong.
func readScores(row csvRow, inst scales.Instrument, as *clinic.Assessment) string {
	answers := row.get("answers")
	if answers == "" {
		var items []string
		filled := false
		for i := range inst.Items {
			v := row.get(fmt.Sprintf("item%d", i+1))
			if v == "" {
				v = "-"
			} else {
				filled = true
			}
			items = append(items, v)
		}
		if filled {
			answers = strings.Join(items, ",")
		}
	} else {
		answers = strings.NewReplacer(";", ",", " ", ",").Replace(answers)
		for strings.Contains(answers, ",,") {
			answers = strings.ReplaceAll(answers, ",,", ",")
		}
	}
	totalText := row.get("total")
	total, terr := strconv.Atoi(totalText)
	if answers != "" {
		parsed, err := scales.ParseAnswers(answers)
		if err != nil {
			return "answers: " + clinic.ErrorMessage(err)
		}
		res, err := inst.Score(parsed)
		if err != nil {
			return "answers: " + clinic.ErrorMessage(err)
		}
		if totalText != "" && (terr != nil || total != res.Total) {
			return fmt.Sprintf("total %q does not match the answers, which add up to %d", totalText, res.Total)
		}
		as.Total, as.Answers = res.Total, parsed
		return ""
	}
	if terr != nil {
		return fmt.Sprintf("total must be a whole number, got %q", totalText)
	}
	if total < inst.Min || total > inst.Max {
		return fmt.Sprintf("%s totals run from %d to %d, got %d", inst.ID, inst.Min, inst.Max, total)
	}
	as.Total = total
	return ""
}
