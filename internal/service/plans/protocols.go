package plans

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"

	"onset/internal/clinic"
	"onset/internal/protocol"
	"onset/internal/record"
	"onset/internal/service"
)

// TemplateChoice is a template a plan can be made from.
type TemplateChoice struct {
	protocol.Template
	Clinic  bool // the clinic's own (copied and edited), not built in
	Version int  // the clinic version in force; 0 for built-in templates
}

// ProtocolTemplates lists the built-in templates and the clinic's own
// (each at its latest version), for choosing and for copying.
func (s *Service) ProtocolTemplates(ctx context.Context, a service.Actor) ([]TemplateChoice, error) {
	if err := service.Authorize(a, service.ActPlanRead); err != nil {
		return nil, err
	}
	own, err := latestClinicTemplates(ctx, s.store.Read(), a.ClinicID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the protocol templates.")
	}
	var out []TemplateChoice
	for _, t := range protocol.Templates() {
		out = append(out, TemplateChoice{Template: t})
	}
	for _, ct := range own {
		out = append(out, TemplateChoice{Template: ct.Template, Clinic: true, Version: ct.Version})
	}
	return out, nil
}

func latestClinicTemplates(ctx context.Context, q Queries, clinicID int64) ([]record.ClinicTemplate, error) {
	all, err := q.ClinicTemplates(ctx, clinicID)
	if err != nil {
		return nil, err
	}
	latest := map[string]record.ClinicTemplate{}
	for _, ct := range all {
		if cur, ok := latest[ct.Template.ID]; !ok || ct.Version > cur.Version {
			latest[ct.Template.ID] = ct
		}
	}
	out := make([]record.ClinicTemplate, 0, len(latest))
	for _, ct := range latest {
		out = append(out, ct)
	}
	slices.SortFunc(out, func(a, b record.ClinicTemplate) int { return strings.Compare(a.Template.Name, b.Template.Name) })
	return out, nil
}

// templateLookup resolves a template ID for the clinic: the built-in
// templates first, then the clinic's own latest versions.
func templateLookup(ctx context.Context, q Queries, clinicID int64) (func(string) (protocol.Template, bool), error) {
	own, err := latestClinicTemplates(ctx, q, clinicID)
	if err != nil {
		return nil, err
	}
	return func(id string) (protocol.Template, bool) {
		if t, ok := protocol.TemplateByID(id); ok {
			return t, true
		}
		for _, ct := range own {
			if ct.Template.ID == id {
				return ct.Template, true
			}
		}
		return protocol.Template{}, false
	}, nil
}

// maxTemplateBytes bounds a template's JSON text.
const maxTemplateBytes = 64 << 10

// SaveProtocolTemplate saves a clinic template from its JSON text (a copy
// of a built-in one, edited), as a new version: it must validate, keep its
// source, and not reuse a built-in template's ID. Saved versions are never
// changed; plans keep a snapshot of the version they were made from.
func (s *Service) SaveProtocolTemplate(ctx context.Context, a service.Actor, body string) (record.ClinicTemplate, error) {
	if err := service.Authorize(a, service.ActProtocolEdit); err != nil {
		return record.ClinicTemplate{}, err
	}
	if len(body) > maxTemplateBytes {
		return record.ClinicTemplate{}, clinic.Errorf(clinic.Invalid, "The template is too long.")
	}
	var t protocol.Template
	if err := clinic.DecodeJSON([]byte(body), &t); err != nil {
		return record.ClinicTemplate{}, clinic.Errorf(clinic.Invalid, "The template is not valid JSON for a protocol template: %s.", clinic.ErrorMessage(err))
	}
	t.ID, t.Name, t.Source = strings.TrimSpace(t.ID), strings.TrimSpace(t.Name), strings.TrimSpace(t.Source)
	switch _, builtIn := protocol.TemplateByID(t.ID); {
	case t.ID == "" || len(t.ID) > 80:
		return record.ClinicTemplate{}, clinic.Errorf(clinic.Invalid, "Give the template an id of 1 to 80 characters.")
	case builtIn:
		return record.ClinicTemplate{}, clinic.Errorf(clinic.Invalid, "%q is a built-in template's id: give your copy its own id, e.g. \"clinic-%s\".", t.ID, t.ID)
	case t.Source == "":
		return record.ClinicTemplate{}, clinic.Errorf(clinic.Invalid, "Say where the protocol comes from in \"source\" (the publication or the clinic's own decision).")
	}
	if err := t.Validate(); err != nil {
		return record.ClinicTemplate{}, err
	}
	ct := record.ClinicTemplate{ClinicID: a.ClinicID, Template: t, CreatedBy: a.UserID, CreatedByName: service.ActorName(a), CreatedAt: s.Now()}
	err := s.store.WithTx(ctx, func(tx Tx) error {
		own, err := tx.ClinicTemplates(ctx, a.ClinicID)
		if err != nil {
			return err
		}
		ct.Version = 1
		for _, o := range own {
			if o.Template.ID == t.ID && o.Version >= ct.Version {
				ct.Version = o.Version + 1
			}
		}
		if ct.ID, err = tx.CreateClinicTemplate(ctx, ct); err != nil {
			return err
		}
		e := s.Entry(a, service.ActProtocolEdit, 0)
		e.RecordType, e.RecordID = "protocol_template", ct.ID
		return tx.AppendAudit(ctx, e)
	})
	return ct, clinic.Wrap(err, "Could not save the template.")
}

// TemplateJSON is a template as indented JSON, for copying and editing.
func TemplateJSON(t protocol.Template) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.Encode(t)
	return b.String()
}
