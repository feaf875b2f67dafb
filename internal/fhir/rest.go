package fhir

import (
	"strconv"
	"strings"

	"onset/internal/clinic"
)

// The resources of the REST API itself: the Bundle a search, a history
// or $everything answers with, the OperationOutcome an error answers
// with, and the CapabilityStatement that says what the server does.

// Bundle is a FHIR R4 Bundle: a searchset or a history.
type Bundle struct {
	ResourceType string        `json:"resourceType"`
	ID           string        `json:"id,omitempty"`
	Meta         *Meta         `json:"meta,omitempty"`
	BundleType   string        `json:"type"` // Bundle.type: searchset | history
	Timestamp    string        `json:"timestamp,omitempty"`
	Total        *int          `json:"total,omitempty"`
	Link         []BundleLink  `json:"link,omitempty"`
	Entry        []BundleEntry `json:"entry,omitempty"`
}

// BundleLink is a link of a Bundle: self, next, previous.
type BundleLink struct {
	Relation string `json:"relation"`
	URL      string `json:"url"`
}

// BundleEntry is one resource of a Bundle.
type BundleEntry struct {
	FullURL  string          `json:"fullUrl,omitempty"`
	Resource Resource        `json:"resource,omitempty"`
	Search   *BundleSearch   `json:"search,omitempty"`
	Request  *BundleRequest  `json:"request,omitempty"`
	Response *BundleResponse `json:"response,omitempty"`
}

// BundleSearch says why a resource is in a searchset: it matched, or it
// is included (_include).
type BundleSearch struct {
	Mode string `json:"mode,omitempty"`
}

// BundleRequest is, in a history, the interaction that made the version.
type BundleRequest struct {
	Method string `json:"method"`
	URL    string `json:"url"`
}

// BundleResponse is, in a history, the outcome of that interaction.
type BundleResponse struct {
	Status       string `json:"status"`
	Etag         string `json:"etag,omitempty"`
	LastModified string `json:"lastModified,omitempty"`
}

func (Bundle) Type() string { return "Bundle" }

// Searchset starts a searchset Bundle of total matches.
func Searchset(total int, timestamp string) Bundle {
	return Bundle{ResourceType: "Bundle", BundleType: "searchset", Total: &total, Timestamp: timestamp}
}

// History starts a history Bundle of total versions.
func History(total int, timestamp string) Bundle {
	return Bundle{ResourceType: "Bundle", BundleType: "history", Total: &total, Timestamp: timestamp}
}

func (b Bundle) check(c *checker) {
	c.resource("Bundle", b.ResourceType, b.ID, b.Meta)
	c.oneOf("Bundle.type", b.BundleType, true, "document", "message", "transaction", "transaction-response", "batch",
		"batch-response", "history", "searchset", "collection")
	c.instant("Bundle.timestamp", b.Timestamp, false)
	if b.Total != nil && b.BundleType != "searchset" && b.BundleType != "history" {
		c.add("Bundle.total", "is only for a searchset or a history (bdl-1)")
	}
	for i, l := range b.Link {
		c.required(at("Bundle.link", i)+".relation", l.Relation)
		c.required(at("Bundle.link", i)+".url", l.URL)
	}
	for i, e := range b.Entry {
		path := at("Bundle.entry", i)
		if e.Resource == nil && e.Request == nil && e.Response == nil {
			c.add(path, "needs a resource, a request or a response (bdl-5)")
		}
		if e.Search != nil && b.BundleType != "searchset" {
			c.add(path+".search", "is only for a searchset (bdl-2)")
		}
		if e.Search != nil {
			c.oneOf(path+".search.mode", e.Search.Mode, false, "match", "include", "outcome")
		}
		if e.Request != nil && b.BundleType != "history" && b.BundleType != "batch" && b.BundleType != "transaction" {
			c.add(path+".request", "is only for a batch, a transaction or a history (bdl-3)")
		}
		if b.BundleType == "history" && e.Request == nil {
			c.add(path+".request", "is required in a history (bdl-3)")
		}
		if e.Request != nil {
			c.oneOf(path+".request.method", e.Request.Method, true, "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")
			c.required(path+".request.url", e.Request.URL)
		}
		if e.Response != nil {
			c.required(path+".response.status", e.Response.Status)
			c.instant(path+".response.lastModified", e.Response.LastModified, false)
		}
		if e.Resource != nil {
			e.Resource.check(c)
		}
	}
}

// OperationOutcome is a FHIR R4 OperationOutcome: what went wrong.
type OperationOutcome struct {
	ResourceType string         `json:"resourceType"`
	ID           string         `json:"id,omitempty"`
	Issue        []OutcomeIssue `json:"issue"`
}

// OutcomeIssue is one problem: its severity, its kind (the R4 issue-type
// code), the words people read, and the FHIRPath of the element at fault.
type OutcomeIssue struct {
	Severity    string           `json:"severity"`
	Code        string           `json:"code"`
	Details     *CodeableConcept `json:"details,omitempty"`
	Diagnostics string           `json:"diagnostics,omitempty"`
	Expression  []string         `json:"expression,omitempty"`
}

func (OperationOutcome) Type() string { return "OperationOutcome" }

// issueType is the R4 issue-type code of each of Onset's error codes.
var issueType = map[clinic.Code]string{
	clinic.Invalid: "invalid", clinic.NotFound: "not-found", clinic.Conflict: "conflict",
	clinic.Forbidden: "forbidden", clinic.Unauthenticated: "login", clinic.Internal: "exception",
}

// Outcome says err as an OperationOutcome: one error issue per problem
// this package found at a path (IssuesOf), its expression the path; or
// one issue with err's safe message (clinic.ErrorMessage). Internal
// details never appear.
func Outcome(err error) OperationOutcome {
	code := clinic.ErrorCode(err)
	typ := issueType[code]
	if typ == "" {
		typ = "exception"
	}
	out := OperationOutcome{ResourceType: "OperationOutcome"}
	for _, is := range IssuesOf(err) {
		issue := OutcomeIssue{Severity: "error", Code: typ, Diagnostics: is.Path + ": " + is.Problem}
		if is.Path != "" {
			issue.Expression = []string{is.Path}
		} else {
			issue.Diagnostics = is.Problem
		}
		out.Issue = append(out.Issue, issue)
	}
	if len(out.Issue) == 0 {
		out.Issue = []OutcomeIssue{{Severity: "error", Code: typ, Diagnostics: clinic.ErrorMessage(err)}}
	}
	return out
}

// Information is an OperationOutcome that only informs (a create that
// found the resource it was asked not to duplicate).
func Information(text string) OperationOutcome {
	return OperationOutcome{ResourceType: "OperationOutcome",
		Issue: []OutcomeIssue{{Severity: "information", Code: "informational", Diagnostics: text}}}
}

func (o OperationOutcome) check(c *checker) {
	c.resource("OperationOutcome", o.ResourceType, o.ID, nil)
	if len(o.Issue) == 0 {
		c.add("OperationOutcome.issue", "is required")
	}
	for i, is := range o.Issue {
		path := at("OperationOutcome.issue", i)
		c.oneOf(path+".severity", is.Severity, true, "fatal", "error", "warning", "information")
		c.required(path+".code", is.Code)
		c.concept(path+".details", is.Details, false)
	}
}

// CapabilityStatement is a FHIR R4 CapabilityStatement: what this server
// does. The web package builds it from its route table, so it lists only
// what is served.
type CapabilityStatement struct {
	ResourceType   string          `json:"resourceType"`
	ID             string          `json:"id,omitempty"`
	Name           string          `json:"name,omitempty"`
	Title          string          `json:"title,omitempty"`
	Status         string          `json:"status"`
	Date           string          `json:"date"`
	Publisher      string          `json:"publisher,omitempty"`
	Description    string          `json:"description,omitempty"`
	Kind           string          `json:"kind"`
	Software       *Software       `json:"software,omitempty"`
	Implementation *Implementation `json:"implementation,omitempty"`
	// Instantiates names the CapabilityStatements this one conforms to
	// (the Bulk Data IG's, for a server that exports).
	Instantiates []string         `json:"instantiates,omitempty"`
	FHIRVersion  string           `json:"fhirVersion"`
	Format       []string         `json:"format"`
	Rest         []CapabilityRest `json:"rest,omitempty"`
}

// Software names the program.
type Software struct {
	Name string `json:"name"`
}

// Implementation describes this installation.
type Implementation struct {
	Description string `json:"description"`
	URL         string `json:"url,omitempty"`
}

// CapabilityRest is the server's REST interface.
type CapabilityRest struct {
	Mode          string               `json:"mode"`
	Documentation string               `json:"documentation,omitempty"`
	Security      *CapabilitySecurity  `json:"security,omitempty"`
	Resource      []CapabilityResource `json:"resource,omitempty"`
	// Operation are the system-level operations ($export).
	Operation []CapabilityOperation `json:"operation,omitempty"`
}

// CapabilitySecurity says how a client authenticates.
type CapabilitySecurity struct {
	Extension   []SecurityExtension `json:"extension,omitempty"`
	Service     []CodeableConcept   `json:"service,omitempty"`
	Description string              `json:"description,omitempty"`
}

// SecurityExtension is the SMART oauth-uris extension: where a client
// gets its token.
type SecurityExtension struct {
	URL       string              `json:"url"`
	Extension []SecurityExtension `json:"extension,omitempty"`
	ValueURI  string              `json:"valueUri,omitempty"`
}

// CapabilityResource is what the server does with one resource type.
type CapabilityResource struct {
	Type              string                  `json:"type"`
	Documentation     string                  `json:"documentation,omitempty"`
	Interaction       []Interaction           `json:"interaction,omitempty"`
	Versioning        string                  `json:"versioning,omitempty"`
	ReadHistory       *bool                   `json:"readHistory,omitempty"`
	ConditionalCreate *bool                   `json:"conditionalCreate,omitempty"`
	SearchInclude     []string                `json:"searchInclude,omitempty"`
	SearchParam       []CapabilitySearchParam `json:"searchParam,omitempty"`
	Operation         []CapabilityOperation   `json:"operation,omitempty"`
}

// Interaction is one RESTful interaction (read, vread, search-type, ...).
type Interaction struct {
	Code          string `json:"code"`
	Documentation string `json:"documentation,omitempty"`
}

// CapabilitySearchParam is one search parameter a type supports.
type CapabilitySearchParam struct {
	Name          string `json:"name"`
	Type          string `json:"type"`
	Documentation string `json:"documentation,omitempty"`
}

// CapabilityOperation is an operation on a type ($everything).
type CapabilityOperation struct {
	Name       string `json:"name"`
	Definition string `json:"definition"`
}

func (CapabilityStatement) Type() string { return "CapabilityStatement" }

var interactionCodes = []string{"read", "vread", "update", "patch", "delete", "history-instance", "history-type",
	"create", "search-type"}

func (cs CapabilityStatement) check(c *checker) {
	c.resource("CapabilityStatement", cs.ResourceType, cs.ID, nil)
	c.oneOf("CapabilityStatement.status", cs.Status, true, "draft", "active", "retired", "unknown")
	c.dateTime("CapabilityStatement.date", cs.Date, true)
	c.oneOf("CapabilityStatement.kind", cs.Kind, true, "instance", "capability", "requirements")
	c.required("CapabilityStatement.fhirVersion", cs.FHIRVersion)
	if len(cs.Format) == 0 {
		c.add("CapabilityStatement.format", "is required")
	}
	if cs.Kind == "instance" && cs.Implementation == nil {
		c.add("CapabilityStatement.implementation", "is required of an instance (cpb-15)")
	}
	for i, r := range cs.Rest {
		path := at("CapabilityStatement.rest", i)
		c.oneOf(path+".mode", r.Mode, true, "client", "server")
		seen := map[string]bool{}
		for j, res := range r.Resource {
			rp := at(path+".resource", j)
			if seen[res.Type] {
				c.add(rp+".type", "is listed twice (cpb-12)")
			}
			seen[res.Type] = true
			c.required(rp+".type", res.Type)
			for k, in := range res.Interaction {
				c.oneOf(at(rp+".interaction", k)+".code", in.Code, true, interactionCodes...)
			}
			c.oneOf(rp+".versioning", res.Versioning, false, "no-version", "versioned", "versioned-update")
			for k, p := range res.SearchParam {
				sp := at(rp+".searchParam", k)
				c.required(sp+".name", p.Name)
				c.oneOf(sp+".type", p.Type, true, "number", "date", "string", "token", "reference", "composite",
					"quantity", "uri", "special")
			}
			for k, o := range res.Operation {
				op := at(rp+".operation", k)
				c.required(op+".name", o.Name)
				c.uri(op+".definition", o.Definition)
			}
		}
	}
}

// ETag is the weak entity tag of a resource version, W/"<versionId>".
func ETag(versionID string) string { return `W/"` + versionID + `"` }

// VersionOfETag reads an If-Match value (W/"3", "3" or 3) back to its
// version id; ok is false when it is none.
func VersionOfETag(s string) (string, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "W/")
	s = strings.Trim(s, `"`)
	if n, err := strconv.Atoi(s); err != nil || n < 1 {
		return "", false
	}
	return s, true
}
