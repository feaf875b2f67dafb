package fhirapi

import (
	"net/http"
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/fhir"
	"onset/internal/scales"
	"onset/internal/service/accounts"
	"onset/internal/service/interop"
)

// The resources that are the clinic's rather than a patient's: the
// Questionnaires (one per instrument), and the clinic's directory — the
// Organization (the clinic), its Locations (chairs and rooms) and its
// Practitioners (staff accounts). And the audit trail as AuditEvents, for
// admins, one patient at a time.

// questionnaires are every instrument's Questionnaire.
func questionnaires() []fhir.Resource {
	var out []fhir.Resource
	for _, in := range scales.All() {
		out = append(out, fhir.NewQuestionnaire(in))
	}
	return out
}

// directoryResources are the directory's resources of typ.
func (api *API) directoryResources(r *http.Request, p *accounts.Principal, typ string) ([]fhir.Resource, error) {
	if typ == "Questionnaire" {
		return questionnaires(), nil
	}
	d, err := api.svc.ClinicDirectory(r.Context(), p.Actor)
	if err != nil {
		return nil, err
	}
	return directoryOf(d, typ), nil
}

func directoryOf(d interop.Directory, typ string) []fhir.Resource {
	var out []fhir.Resource
	switch typ {
	case "Organization":
		out = append(out, fhir.NewOrganization(d.ClinicID, d.Settings))
	case "Location":
		for _, res := range d.Resources {
			out = append(out, fhir.NewLocation(res))
		}
	case "Practitioner":
		for _, u := range d.Staff {
			if pr, ok := fhir.NewPractitioner(u); ok {
				out = append(out, pr)
			}
		}
	}
	return out
}

// directoryRead answers GET /fhir/{Questionnaire,Organization,Location,Practitioner}/{id}.
func (api *API) directoryRead(typ string) Handler {
	return func(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
		if err := inScope(p, typ); err != nil {
			return err
		}
		all, err := api.directoryResources(r, p, typ)
		if err != nil {
			return err
		}
		for _, res := range all {
			if fhir.ResourceID(res) == r.PathValue("id") {
				return writeFHIR(w, http.StatusOK, res)
			}
		}
		return errNoResource
	}
}

// directorySearch answers GET /fhir/{Questionnaire,Location,Practitioner}?….
func (api *API) directorySearch(typ string) Handler {
	return func(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
		if err := inScope(p, typ); err != nil {
			return err
		}
		q, err := fhir.ParseSearch(typ, r.URL.Query())
		if err != nil {
			return err
		}
		all, err := api.directoryResources(r, p, typ)
		if err != nil {
			return err
		}
		return writeFHIR(w, http.StatusOK, api.searchset(r, q.Match(all), nil, q.Count, q.Offset))
	}
}

// auditSearch answers GET /fhir/AuditEvent?patient=…: the patient's
// entries of the clinic's audit trail, newest first (admins).
func (api *API) auditSearch(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	q, err := fhir.ParseSearch("AuditEvent", r.URL.Query())
	if err != nil {
		return err
	}
	if q.Patient == 0 {
		return clinic.Errorf(clinic.Invalid, "Search AuditEvent of one patient: give patient=Patient/<id>.")
	}
	es, err := api.svc.AuditLog(r.Context(), p.Actor, clinic.AuditFilter{PatientID: q.Patient, Limit: fhir.MaxOffset})
	if err != nil {
		return err
	}
	all := make([]fhir.Resource, 0, len(es))
	for _, e := range es {
		all = append(all, fhir.NewAuditEvent(e))
	}
	return writeFHIR(w, http.StatusOK, api.searchset(r, q.Match(all), nil, q.Count, q.Offset))
}

// conditionPatient reads the patient of a Condition id,
// <patient>-<condition>.
func conditionPatient(id string) (int64, bool) {
	n, _, ok := strings.Cut(id, "-")
	pid, err := strconv.ParseInt(n, 10, 64)
	return pid, ok && err == nil && pid > 0 && strconv.FormatInt(pid, 10) == n
}
