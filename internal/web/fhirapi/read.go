package fhirapi

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/fhir"
	"onset/internal/service/accounts"
	"onset/internal/service/interop"
)

// chartResources maps a patient's chart to the resources of typ ("" for
// every type the API serves).
func chartResources(ch interop.Chart, typ string) []fhir.Resource {
	want := func(t string) bool { return typ == "" || typ == t }
	var out []fhir.Resource
	if want("Patient") {
		out = append(out, versionedPatient(ch))
	}
	pid := ch.Patient.ID
	for _, a := range ch.Assessments {
		if want("Observation") {
			if o, err := fhir.ScoreObservation(a); err == nil {
				out = append(out, o)
			}
		}
		if want("QuestionnaireResponse") && a.Answers != nil {
			if q, err := fhir.NewQuestionnaireResponse(a); err == nil {
				out = append(out, q)
			}
		}
	}
	for _, rec := range ch.Sessions {
		if want("Encounter") {
			out = append(out, fhir.NewEncounter(rec))
		}
		if rec.Dose != nil && want("MedicationAdministration") {
			out = append(out, fhir.NewMedicationAdministration(*rec.Dose, rec.Session))
		}
		if rec.Dose != nil && want("Medication") {
			out = append(out, fhir.NewMedication(*rec.Dose))
		}
		if want("Observation") {
			vs := fhir.SessionVitals(rec.Session)
			for _, v := range rec.Vitals {
				vs = append(vs, fhir.EntryVitals(pid, v)...)
			}
			for _, v := range vs {
				out = append(out, fhir.VitalObservation(v))
			}
		}
	}
	if want("Observation") {
		for _, in := range ch.Intakes {
			for _, v := range fhir.IntakeVitals(in) {
				out = append(out, fhir.VitalObservation(v))
			}
		}
	}
	if want("Condition") {
		for _, c := range fhir.NewConditions(ch.Patient) {
			out = append(out, c)
		}
	}
	if want("Consent") {
		for i, c := range ch.Contacts { // newest first: the first is in force
			out = append(out, fhir.NewConsent(c, i == 0))
		}
	}
	if want("CarePlan") {
		for _, p := range ch.Plans {
			out = append(out, fhir.NewCarePlan(p))
		}
	}
	if want("Appointment") {
		for _, ap := range ch.Appointments {
			out = append(out, fhir.NewAppointment(ap, ch.ProviderUsers[ap.ProviderID]))
		}
	}
	return out
}

// versionedPatient is the patient's details in force, with their version.
func versionedPatient(ch interop.Chart) fhir.Patient {
	at := ch.Patient.CreatedAt
	if len(ch.Versions) > 0 {
		at = ch.Versions[0].ChangedAt
	}
	return fhir.VersionedPatient(ch.Patient, ch.Version(), at)
}

// kindPart is the part of a chart that holds each kind of record.
var kindPart = map[string]interop.Parts{
	interop.KindAssessment: interop.Assessments, interop.KindSession: interop.Sessions, interop.KindDose: interop.Sessions,
	interop.KindVitals: interop.Sessions, interop.KindIntake: interop.Intakes, interop.KindPlan: interop.Plans,
	interop.KindAppointment: interop.Appointments, interop.KindContact: interop.Consents,
}

// locate reads a resource id of typ: the kind and number of the record it
// names. ok is false for an id Onset never makes.
func locate(typ, id string) (kind string, n int64, ok bool) {
	num := func(s string) (int64, bool) {
		v, err := strconv.ParseInt(s, 10, 64)
		return v, err == nil && v > 0 && strconv.FormatInt(v, 10) == s
	}
	switch typ {
	case "Observation":
		switch {
		case strings.HasPrefix(id, "vitals-"):
			kind, id = interop.KindVitals, strings.TrimPrefix(id, "vitals-")
		case strings.HasPrefix(id, "session-"):
			kind, id = interop.KindSession, strings.TrimPrefix(id, "session-")
		case strings.HasPrefix(id, "intake-"):
			kind, id = interop.KindIntake, strings.TrimPrefix(id, "intake-")
		default: // <instrument>-<assessment>; instrument ids hold dashes too
			i := strings.LastIndex(id, "-")
			if i < 0 {
				return "", 0, false
			}
			n, ok = num(id[i+1:])
			return interop.KindAssessment, n, ok
		}
		id, _, _ = strings.Cut(id, "-")
	case "Medication":
		var found bool
		if id, found = strings.CutPrefix(id, "dose-"); !found {
			return "", 0, false
		}
		kind = interop.KindDose
	case "QuestionnaireResponse":
		kind = interop.KindAssessment
	case "Encounter":
		kind = interop.KindSession
	case "MedicationAdministration":
		kind = interop.KindDose
	case "CarePlan":
		kind = interop.KindPlan
	case "Appointment":
		kind = interop.KindAppointment
	case "Consent":
		var found bool
		if id, found = strings.CutPrefix(id, "contact-"); !found {
			return "", 0, false
		}
		kind = interop.KindContact
	default:
		return "", 0, false
	}
	n, ok = num(id)
	return kind, n, ok
}

// fhirRead answers GET /fhir/{typ}/{id}.
func (api *API) fhirRead(typ string) Handler {
	return func(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
		res, err := api.readResource(r, p, typ, "fhir.read")
		if err != nil {
			return err
		}
		if pt, ok := res.(fhir.Patient); ok {
			w.Header().Set("ETag", fhir.ETag(pt.Meta.VersionID))
		}
		if fhir.WriteOnce(typ) {
			res = fhir.AsFirstVersion(res)
			w.Header().Set("ETag", fhir.ETag("1"))
		}
		return writeFHIR(w, http.StatusOK, res)
	}
}

// readResource finds the resource of type typ named by the path's id,
// reading (and auditing as audit) only the part of its patient's chart
// that holds it.
func (api *API) readResource(r *http.Request, p *accounts.Principal, typ, audit string) (fhir.Resource, error) {
	if err := inScope(p, typ); err != nil {
		return nil, err
	}
	id := r.PathValue("id")
	var pid int64
	var parts interop.Parts
	switch typ {
	case "Patient":
		var err error
		if pid, err = pathID(r, "id"); err != nil {
			return nil, errNoResource
		}
	case "Condition":
		var ok bool
		if pid, ok = conditionPatient(id); !ok {
			return nil, errNoResource
		}
	default:
		kind, n, ok := locate(typ, id)
		if !ok {
			return nil, errNoResource
		}
		var err error
		if pid, err = api.svc.LocateRecord(r.Context(), p.Actor, kind, n); err != nil {
			return nil, err
		}
		parts = kindPart[kind]
	}
	ch, err := api.svc.PatientChart(r.Context(), p.Actor, interop.ChartRequest{PatientID: pid, Parts: parts, Audit: audit})
	if err != nil {
		return nil, err
	}
	for _, res := range chartResources(ch, typ) {
		if fhir.ResourceID(res) == id {
			return res, nil
		}
	}
	return nil, errNoResource
}

// onceHistory answers GET /fhir/{typ}/{id}/_history for a type whose
// records are never changed (fhir.WriteOnce): the one version there is.
func (api *API) onceHistory(typ string) Handler {
	return func(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
		res, err := api.readResource(r, p, typ, "fhir.history")
		if err != nil {
			return err
		}
		res = fhir.AsFirstVersion(res)
		modified := ""
		if t, ok := fhir.LastUpdated(res); ok {
			modified = fhir.Instant(t)
		}
		base := api.base(r)
		id := fhir.ResourceID(res)
		b := fhir.History(1, fhir.Instant(api.now()))
		b.Link = []fhir.BundleLink{{Relation: "self", URL: base + strings.TrimPrefix(r.URL.Path, "/fhir")}}
		b.Entry = []fhir.BundleEntry{{FullURL: base + "/" + typ + "/" + id, Resource: res,
			Request:  &fhir.BundleRequest{Method: "POST", URL: typ},
			Response: &fhir.BundleResponse{Status: "201", Etag: fhir.ETag("1"), LastModified: modified}}}
		return writeFHIR(w, http.StatusOK, b)
	}
}

// onceVersion answers GET /fhir/{typ}/{id}/_history/{vid} for a type whose
// records are never changed: version 1 is the record.
func (api *API) onceVersion(typ string) Handler {
	return func(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
		res, err := api.readResource(r, p, typ, "fhir.history")
		if err != nil {
			return err
		}
		if vid := r.PathValue("vid"); vid != "1" {
			return clinic.Errorf(clinic.NotFound, "There is no version %s: Onset never changes a %s once written, so it has version 1 only.",
				clinic.Excerpt(vid, 20), typ)
		}
		w.Header().Set("ETag", fhir.ETag("1"))
		return writeFHIR(w, http.StatusOK, fhir.AsFirstVersion(res))
	}
}

// fhirSearch answers GET /fhir/{typ}?…: a searchset Bundle of one page of
// the matches (_count, from _offset) with its total, self and next links,
// and the patient when _include asks.
func (api *API) fhirSearch(typ string) Handler {
	return func(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
		if err := inScope(p, typ); err != nil {
			return err
		}
		q, err := fhir.ParseSearch(typ, r.URL.Query())
		if err != nil {
			return err
		}
		var charts []interop.Chart
		if typ == "Patient" {
			if charts, err = api.svc.FindPatients(r.Context(), p.Actor, interop.PatientQuery{IDs: q.PatientIDs(), MRN: q.MRN(),
				Name: q.Name(), MayLag: true}); err != nil {
				return err
			}
		} else {
			pid := q.Patient
			if pid == 0 && p.Role == clinic.RolePatient {
				pid = p.PatientID
			}
			if pid == 0 {
				return clinic.Errorf(clinic.Invalid, "Search %s of one patient: give patient=Patient/<id> (or subject).", typ)
			}
			// Lenient: an Observation search leaves out the vital signs of
			// sessions for those who may not read sessions.
			ch, err := api.svc.PatientChart(r.Context(), p.Actor, interop.ChartRequest{PatientID: pid, Parts: fhirTypes[typ],
				Lenient: true, Audit: "fhir.search", MayLag: true})
			switch {
			case clinic.ErrorCode(err) == clinic.NotFound: // a patient the caller may not see: nothing matches
			case err != nil:
				return err
			default:
				charts = append(charts, ch)
			}
		}
		var all []fhir.Resource
		for _, ch := range charts {
			all = append(all, chartResources(ch, typ)...)
		}
		matches := q.Match(all)
		var include []fhir.Resource
		if len(q.Include) > 0 {
			for _, ch := range charts {
				include = append(include, versionedPatient(ch))
			}
		}
		return writeFHIR(w, http.StatusOK, api.searchset(r, matches, include, q.Count, q.Offset))
	}
}

// searchset is one page of matches as a Bundle: entries from offset, at
// most count, and the included resources the page's entries refer to.
func (api *API) searchset(r *http.Request, matches, include []fhir.Resource, count, offset int) fhir.Bundle {
	base := api.base(r)
	b := fhir.Searchset(len(matches), fhir.Instant(api.now()))
	query := r.URL.Query()
	link := func(rel string, off int) {
		query.Set("_offset", strconv.Itoa(off))
		query.Set("_count", strconv.Itoa(count))
		b.Link = append(b.Link, fhir.BundleLink{Relation: rel, URL: base + strings.TrimPrefix(r.URL.Path, "/fhir") + "?" +
			query.Encode()})
	}
	link("self", offset)
	if offset+count < len(matches) {
		link("next", offset+count)
	}
	if offset > 0 {
		link("previous", max(0, offset-count))
	}
	page := matches[min(offset, len(matches)):min(offset+count, len(matches))]
	referred := map[int64]bool{}
	for _, res := range page {
		b.Entry = append(b.Entry, fhir.BundleEntry{FullURL: base + "/" + res.Type() + "/" + fhir.ResourceID(res), Resource: res,
			Search: &fhir.BundleSearch{Mode: "match"}})
		referred[fhir.PatientOf(res)] = true
	}
	for _, res := range include {
		if referred[fhir.PatientOf(res)] && !slices.ContainsFunc(page, func(m fhir.Resource) bool {
			return m.Type() == res.Type() && fhir.ResourceID(m) == fhir.ResourceID(res)
		}) {
			b.Entry = append(b.Entry, fhir.BundleEntry{FullURL: base + "/" + res.Type() + "/" + fhir.ResourceID(res),
				Resource: res, Search: &fhir.BundleSearch{Mode: "include"}})
		}
	}
	return b
}

// fhirEverything answers GET /fhir/Patient/{id}/$everything: the patient
// and every resource of theirs the caller may read (the parts they may not
// are left out), one page at a time (_count, _offset).
func (api *API) fhirEverything(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return errNoResource
	}
	count, offset, err := pageOf(r.URL.Query())
	if err != nil {
		return err
	}
	ch, err := api.svc.PatientChart(r.Context(), p.Actor, interop.ChartRequest{PatientID: pid, Parts: interop.Everything,
		Lenient: true, Audit: "fhir.everything"})
	if err != nil {
		return err
	}
	all := slices.DeleteFunc(chartResources(ch, ""), func(res fhir.Resource) bool { return inScope(p, res.Type()) != nil })
	return writeFHIR(w, http.StatusOK, api.searchset(r, all, nil, count, offset))
}

// pageOf reads the paging parameters of $everything, the only ones it
// takes.
func pageOf(q url.Values) (count, offset int, err error) {
	count = fhir.MaxCount
	for k, vs := range q {
		if k != "_count" && k != "_offset" {
			return 0, 0, clinic.Errorf(clinic.Invalid, "$everything takes only _count and _offset, not %s.", k)
		}
		n, err := strconv.Atoi(vs[0])
		switch {
		case len(vs) > 1 || err != nil:
			return 0, 0, clinic.Errorf(clinic.Invalid, "%s must be one whole number.", k)
		case k == "_count" && (n < 1 || n > fhir.MaxCount):
			return 0, 0, clinic.Errorf(clinic.Invalid, "_count must be from 1 to %d.", fhir.MaxCount)
		case k == "_offset" && (n < 0 || n > fhir.MaxOffset):
			return 0, 0, clinic.Errorf(clinic.Invalid, "_offset must be from 0 to %d.", fhir.MaxOffset)
		case k == "_count":
			count = n
		default:
			offset = n
		}
	}
	return count, offset, nil
}

// fhirPatientHistory answers GET /fhir/Patient/{id}/_history: the
// versions of the patient's details, newest first. Onset keeps the
// details each edit left; the registration's own details are kept only
// until the first edit replaces them, so version 1 is listed only while
// it is the one in force.
func (api *API) fhirPatientHistory(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	ch, err := api.patientVersions(r, p)
	if err != nil {
		return err
	}
	base := api.base(r)
	vs := patientVersions(ch)
	b := fhir.History(len(vs), fhir.Instant(api.now()))
	b.Link = []fhir.BundleLink{{Relation: "self", URL: base + strings.TrimPrefix(r.URL.Path, "/fhir")}}
	for _, v := range vs {
		req, status := &fhir.BundleRequest{Method: "PUT", URL: "Patient/" + v.ID}, "200"
		if v.Meta.VersionID == "1" {
			req, status = &fhir.BundleRequest{Method: "POST", URL: "Patient"}, "201"
		}
		b.Entry = append(b.Entry, fhir.BundleEntry{FullURL: base + "/Patient/" + v.ID, Resource: v, Request: req,
			Response: &fhir.BundleResponse{Status: status, Etag: fhir.ETag(v.Meta.VersionID), LastModified: v.Meta.LastUpdated}})
	}
	return writeFHIR(w, http.StatusOK, b)
}

// fhirPatientVersion answers GET /fhir/Patient/{id}/_history/{vid}.
func (api *API) fhirPatientVersion(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	ch, err := api.patientVersions(r, p)
	if err != nil {
		return err
	}
	vid := r.PathValue("vid")
	for _, v := range patientVersions(ch) {
		if v.Meta.VersionID == vid {
			w.Header().Set("ETag", fhir.ETag(vid))
			return writeFHIR(w, http.StatusOK, v)
		}
	}
	if vid == "1" {
		return clinic.Errorf(clinic.NotFound, "Version 1 (the registration) was replaced by an edit; Onset keeps what each edit left, not what it replaced.")
	}
	return clinic.Errorf(clinic.NotFound, "There is no version %s of this patient.", vid)
}

func (api *API) patientVersions(r *http.Request, p *accounts.Principal) (interop.Chart, error) {
	if err := inScope(p, "Patient"); err != nil {
		return interop.Chart{}, err
	}
	pid, err := pathID(r, "id")
	if err != nil {
		return interop.Chart{}, errNoResource
	}
	return api.svc.PatientChart(r.Context(), p.Actor, interop.ChartRequest{PatientID: pid, Audit: "fhir.history"})
}

// patientVersions are the versions of a patient's details Onset keeps,
// newest first: each edit's result, and the registration while no edit
// has replaced it.
func patientVersions(ch interop.Chart) []fhir.Patient {
	if len(ch.Versions) == 0 {
		return []fhir.Patient{versionedPatient(ch)}
	}
	out := make([]fhir.Patient, len(ch.Versions))
	for i, v := range ch.Versions {
		pt := v.Patient
		pt.ID, pt.ClinicID = ch.Patient.ID, ch.Patient.ClinicID
		out[i] = fhir.VersionedPatient(pt, len(ch.Versions)-i+1, v.ChangedAt)
	}
	return out
}
