package fhir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"onset/internal/clinic"
)

// Reading an import file: NDJSON (one resource a line, as a Bulk Data
// export writes) or one Bundle (transaction, batch or collection) whose
// entries hold resources. Each resource is read as the API reads a posted
// one (the same strict decoding and checks), except that it is another
// system's: its id and its references to patients are that system's
// (Imported.ID, Imported.Subject), resolved by the import.

// ImportEntry is one resource of an import file with where it was: its
// line (NDJSON) or entry number (a Bundle, from 1).
type ImportEntry struct {
	Line int
	Type string
	Raw  []byte
}

// MaxImportLine bounds one NDJSON line (a resource).
const MaxImportLine = 1 << 20

// SplitImport reads an import file into its resources. A file that is
// neither NDJSON of resources nor a Bundle is refused with the line at
// fault; blank lines are skipped.
func SplitImport(data []byte) ([]ImportEntry, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, clinic.Errorf(clinic.Invalid, "The file is empty.")
	}
	if !utf8.Valid(data) {
		return nil, clinic.Errorf(clinic.Invalid, "The file is not valid UTF-8.")
	}
	var head struct {
		ResourceType string            `json:"resourceType"`
		Type         string            `json:"type"`
		Entry        []json.RawMessage `json:"entry"`
	}
	// A Bundle is one JSON document across lines; NDJSON's first line is a
	// whole resource of its own.
	if first, _, _ := bytes.Cut(trimmed, []byte("\n")); typeOf(first) == "" || typeOf(first) == "Bundle" {
		switch t := typeOf(trimmed); t {
		case "":
			return nil, clinic.Errorf(clinic.Invalid, "The file is neither NDJSON (a resource a line) nor a Bundle nor one resource.")
		case "Bundle":
		default:
			return []ImportEntry{{Line: 1, Type: t, Raw: trimmed}}, nil
		}
		if err := json.Unmarshal(trimmed, &head); err != nil {
			return nil, clinic.Errorf(clinic.Invalid, "The Bundle cannot be read: %s.", clinic.Excerpt(err.Error(), 80))
		}
		switch head.Type {
		case "transaction", "batch", "collection", "searchset":
		default:
			return nil, clinic.Errorf(clinic.Invalid, "A Bundle of type %q is not imported: give a transaction, batch or collection.", clinic.Excerpt(head.Type, 80))
		}
		var out []ImportEntry
		for i, raw := range head.Entry {
			var e struct {
				Resource json.RawMessage `json:"resource"`
			}
			if err := json.Unmarshal(raw, &e); err != nil || len(e.Resource) == 0 {
				return nil, clinic.Errorf(clinic.Invalid, "Bundle entry %d holds no resource.", i+1)
			}
			out = append(out, ImportEntry{Line: i + 1, Type: typeOf(e.Resource), Raw: e.Resource})
		}
		return out, nil
	}
	var out []ImportEntry
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), MaxImportLine)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		t := typeOf(line)
		if t == "" {
			return nil, clinic.Errorf(clinic.Invalid, "Line %d is not a FHIR resource (a JSON object with resourceType).", n)
		}
		out = append(out, ImportEntry{Line: n, Type: t, Raw: bytes.Clone(line)})
	}
	if err := sc.Err(); err != nil {
		return nil, clinic.Errorf(clinic.Invalid, "A line is longer than %d KiB.", MaxImportLine>>10)
	}
	return out, nil
}

func typeOf(raw []byte) string {
	var h struct {
		ResourceType string `json:"resourceType"`
	}
	if json.Unmarshal(raw, &h) != nil {
		return ""
	}
	return h.ResourceType
}

// Imported is one resource of an import file in Onset's terms: a patient,
// a questionnaire (with its answers, or a total), or a dose.
type Imported struct {
	Type, ID string
	// Subject is the reference to the patient a record is about, as the
	// sending system wrote it ("Patient/abc").
	Subject        string
	Patient        *clinic.Patient
	Assessment     *clinic.Assessment
	Administration *clinic.Administration
	// Skip says why a resource read correctly is not imported (a vital
	// sign, a type Onset does not take from other systems).
	Skip string
}

// Key is the resource's type and id in the sending system ("Patient/abc").
func (im Imported) Key() string { return im.Type + "/" + im.ID }

// ImportTypes are the types whose resources become Onset's records.
var ImportTypes = []string{"Patient", "QuestionnaireResponse", "Observation", "MedicationAdministration"}

// ReadImported reads one resource of an import file. A resource Onset
// cannot read is an error naming the element at fault (Issues).
func ReadImported(e ImportEntry) (Imported, error) {
	im := Imported{Type: e.Type}
	var h struct {
		ID string `json:"id"`
	}
	json.Unmarshal(e.Raw, &h)
	im.ID = h.ID
	switch e.Type {
	case "Patient", "QuestionnaireResponse", "Observation", "MedicationAdministration":
		if im.ID == "" || len(im.ID) > 64 {
			return im, invalidAt(e.Type+".id", "is required (from 1 to 64 characters): the import keys each record by it")
		}
	}
	switch e.Type {
	case "Patient":
		p, err := parsePatient(e.Raw, true)
		if err != nil {
			return im, err
		}
		im.Patient = &p
	case "QuestionnaireResponse":
		a, subject, err := parseQuestionnaireResponse(e.Raw, true)
		if err != nil {
			return im, err
		}
		im.Assessment, im.Subject = &a, subject
	case "Observation":
		m, subject, err := parseObservation(e.Raw, true)
		if err != nil {
			return im, err
		}
		im.Subject = subject
		if m.Vital != nil {
			im.Skip = "a vital sign: Onset records vital signs in its own treatment sessions"
		} else {
			m.Score.ID = 0
			im.Assessment = m.Score
		}
	case "MedicationAdministration":
		d, subject, err := parseAdministration(e.Raw)
		if err != nil {
			return im, err
		}
		im.Administration, im.Subject = &d, subject
	default:
		im.Skip = "Onset imports " + strings.Join(ImportTypes, ", ") + "; " + clinic.Excerpt(e.Type, 80) + " is kept out"
	}
	if im.Assessment != nil {
		im.Assessment.ID = 0
	}
	return im, nil
}

// parseAdministration reads a completed dose of ketamine or esketamine:
// its patient, when (effectiveDateTime or the period's start), the route
// (dosage.route's text as Onset writes it: Intravenous, Intramuscular,
// Nasal for esketamine, Sublingual, Oral) and the dose in mg.
func parseAdministration(data []byte) (clinic.Administration, string, error) {
	var m MedicationAdministration
	if err := decodeForeign(data, "MedicationAdministration", &m); err != nil {
		return clinic.Administration{}, "", err
	}
	if err := Validate(m); err != nil {
		return clinic.Administration{}, "", err
	}
	c := &checker{}
	subject := ""
	if m.Subject != nil {
		subject = m.Subject.Reference
	}
	if !strings.HasPrefix(subject, "Patient/") {
		c.add("MedicationAdministration.subject", "must name the patient, Patient/<id>")
	}
	if m.Status != "completed" {
		c.add("MedicationAdministration.status", "must be completed: Onset imports doses given")
	}
	var d clinic.Administration
	when := m.EffectiveDateTime
	if m.EffectivePeriod != nil {
		when = m.EffectivePeriod.Start
	}
	t, err := ParseDateTime(when)
	if err != nil || !strings.Contains(when, "T") {
		c.add("MedicationAdministration.effective[x]", "needs the time the dose was given, with its zone")
	}
	d.GivenAt = t
	if m.Dosage == nil || m.Dosage.Route == nil {
		c.add("MedicationAdministration.dosage.route", "is required: one of "+routeNames())
	} else {
		for r, name := range routes {
			if strings.EqualFold(m.Dosage.Route.Text, name) {
				d.Route = r
			}
		}
		if d.Route == "" {
			c.add("MedicationAdministration.dosage.route", "must be one of "+routeNames())
		}
	}
	if m.Dosage == nil || m.Dosage.Dose == nil || m.Dosage.Dose.Value == nil || m.Dosage.Dose.Code != "mg" {
		c.add("MedicationAdministration.dosage.dose", "is required in mg (UCUM code mg)")
	} else if err := clinic.DoseMg.Check("dose", *m.Dosage.Dose.Value); err != nil {
		c.add("MedicationAdministration.dosage.dose", clinic.ErrorMessage(err))
	} else {
		d.DoseMg = *m.Dosage.Dose.Value
	}
	return d, subject, c.err()
}

func routeNames() string {
	var names []string
	for _, r := range []clinic.Route{clinic.RouteIV, clinic.RouteIM, clinic.RouteEsketamine, clinic.RouteSublingual, clinic.RouteOral} {
		names = append(names, routes[r])
	}
	return strings.Join(names, ", ")
}
