package fhir

import (
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/scales"
)

// Questionnaire is a FHIR R4 Questionnaire: one of Onset's instruments.
type Questionnaire struct {
	ResourceType string              `json:"resourceType"`
	ID           string              `json:"id,omitempty"`
	URL          string              `json:"url,omitempty"`
	Name         string              `json:"name,omitempty"`
	Title        string              `json:"title,omitempty"`
	Status       string              `json:"status,omitempty"`
	SubjectType  []string            `json:"subjectType,omitempty"`
	Description  string              `json:"description,omitempty"`
	Code         []Coding            `json:"code,omitempty"`
	Item         []QuestionnaireItem `json:"item,omitempty"`
}

// QuestionnaireItem is one question.
type QuestionnaireItem struct {
	LinkID       string         `json:"linkId,omitempty"`
	Code         []Coding       `json:"code,omitempty"`
	Prefix       string         `json:"prefix,omitempty"`
	Text         string         `json:"text,omitempty"`
	Type         string         `json:"type,omitempty"`
	EnableWhen   []EnableWhen   `json:"enableWhen,omitempty"`
	Required     *bool          `json:"required,omitempty"`
	AnswerOption []AnswerOption `json:"answerOption,omitempty"`
}

// EnableWhen asks an item only after an answer to another.
type EnableWhen struct {
	Question     string  `json:"question,omitempty"`
	Operator     string  `json:"operator,omitempty"`
	AnswerCoding *Coding `json:"answerCoding,omitempty"`
}

// AnswerOption is one answer an item offers.
type AnswerOption struct {
	ValueCoding *Coding `json:"valueCoding,omitempty"`
}

func (Questionnaire) Type() string { return "Questionnaire" }

// NewQuestionnaire maps an instrument. Its id is the instrument's id, its
// url urn:onset:questionnaire:<id>; each item's linkId is its number. The
// panel, item and answer codes are LOINC's where verified (codes.go: PHQ-9
// and GAD-7); every other instrument's answers are coded in Onset's own
// system urn:onset:answers:<id> with the score as the code.
func NewQuestionnaire(in scales.Instrument) Questionnaire {
	q := Questionnaire{ResourceType: "Questionnaire", ID: in.ID, URL: QuestionnairePrefix + in.ID, Name: machineName(in.Name),
		Title: in.Name, Status: "active", SubjectType: []string{"Patient"}, Description: describe(in)}
	if code := panelLOINC[in.ID]; code != "" {
		q.Code = []Coding{{System: SystemLOINC, Code: code}}
	}
	for i, it := range in.Items {
		item := QuestionnaireItem{LinkID: strconv.Itoa(it.Number), Prefix: strconv.Itoa(it.Number) + ".", Text: it.Text,
			Type: "choice"}
		if codes := itemLOINC[in.ID]; len(codes) == len(in.Items) {
			item.Code = []Coding{{System: SystemLOINC, Code: codes[i]}}
		}
		required := it.Alternative == 0 && it.AskedIf == 0
		item.Required = &required
		if it.AskedIf != 0 {
			yes := answerCoding(in, in.Items[it.AskedIf-1], 1)
			item.EnableWhen = []EnableWhen{{Question: strconv.Itoa(it.AskedIf), Operator: "=", AnswerCoding: &yes}}
		}
		for _, o := range it.Options {
			cd := answerCoding(in, it, o.Value)
			item.AnswerOption = append(item.AnswerOption, AnswerOption{ValueCoding: &cd})
		}
		q.Item = append(q.Item, item)
	}
	return q
}

// describe says in words what the Questionnaire's elements do not.
func describe(in scales.Instrument) string {
	var b strings.Builder
	b.WriteString(in.Name)
	if in.Recall != "" {
		b.WriteString(". Recall: " + in.Recall)
	}
	for _, it := range in.Items {
		if it.Recall != "" {
			b.WriteString(". Item " + strconv.Itoa(it.Number) + " recall: " + it.Recall)
		}
	}
	b.WriteString(". Scoring: " + in.Scoring + " (" + strconv.Itoa(in.Min) + "–" + strconv.Itoa(in.Max) + ")")
	b.WriteString(". Answered by the " + string(in.Respondent) + ". Source: " + in.Source + ".")
	return b.String()
}

// machineName makes a Questionnaire.name (que-0: starts with a capital,
// then letters, digits or _): "PHQ-9" → "PHQ9".
func machineName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	out := b.String()
	if out == "" || out[0] < 'A' || out[0] > 'Z' {
		out = "Q" + out
	}
	return out
}

// answerCoding is the coding of answer value to item it.
func answerCoding(in scales.Instrument, it scales.Item, value int) Coding {
	display := ""
	for _, o := range it.Options {
		if o.Value == value {
			display = o.Text
		}
	}
	if codes := answerLOINC[in.ID]; value >= 0 && value < len(codes) && it.Min() == 0 && it.Max() == len(codes)-1 {
		return Coding{System: SystemLOINC, Code: codes[value], Display: display}
	}
	return Coding{System: AnswerPrefix + in.ID, Code: strconv.Itoa(value), Display: display}
}

// answerValue reads an answer coding back to its score.
func answerValue(in scales.Instrument, it scales.Item, cd Coding) (int, bool) {
	for _, o := range it.Options {
		if want := answerCoding(in, it, o.Value); cd.System == want.System && cd.Code == want.Code {
			return o.Value, true
		}
	}
	return 0, false
}

func (q Questionnaire) check(c *checker) {
	c.resource("Questionnaire", q.ResourceType, q.ID, nil)
	if q.URL != "" {
		c.uri("Questionnaire.url", q.URL)
	}
	c.oneOf("Questionnaire.status", q.Status, true, "draft", "active", "retired", "unknown")
	for i, cd := range q.Code {
		c.coding(at("Questionnaire.code", i), cd)
	}
	links := map[string]bool{}
	for i, it := range q.Item {
		path := at("Questionnaire.item", i)
		if c.required(path+".linkId", it.LinkID) && links[it.LinkID] {
			c.add(path+".linkId", "is used twice (que-2)")
		}
		links[it.LinkID] = true
		c.oneOf(path+".type", it.Type, true, "group", "display", "boolean", "decimal", "integer", "date", "dateTime",
			"time", "string", "text", "url", "choice", "open-choice", "attachment", "reference", "quantity")
		if len(it.AnswerOption) > 0 && it.Type != "choice" && it.Type != "open-choice" {
			c.add(path+".answerOption", "only choice items offer answers (que-4)")
		}
		for j, o := range it.AnswerOption {
			if o.ValueCoding == nil {
				c.add(at(path+".answerOption", j), "needs a valueCoding")
			} else {
				c.coding(at(path+".answerOption", j)+".valueCoding", *o.ValueCoding)
			}
		}
		for j, w := range it.EnableWhen {
			p := at(path+".enableWhen", j)
			c.required(p+".question", w.Question)
			c.oneOf(p+".operator", w.Operator, true, "exists", "=", "!=", ">", "<", ">=", "<=")
			if w.AnswerCoding == nil {
				c.add(p+".answerCoding", "is required")
			}
		}
	}
}

// QuestionnaireResponse is a FHIR R4 QuestionnaireResponse: one assessment
// with its item answers.
type QuestionnaireResponse struct {
	ResourceType  string         `json:"resourceType"`
	ID            string         `json:"id,omitempty"`
	Questionnaire string         `json:"questionnaire,omitempty"`
	Status        string         `json:"status,omitempty"`
	Subject       *Reference     `json:"subject,omitempty"`
	Authored      string         `json:"authored,omitempty"`
	Item          []ResponseItem `json:"item,omitempty"`
}

// ResponseItem is the answer to one item; a skipped item has none.
type ResponseItem struct {
	LinkID string           `json:"linkId,omitempty"`
	Text   string           `json:"text,omitempty"`
	Answer []ResponseAnswer `json:"answer,omitempty"`
}

// ResponseAnswer is one answer's value.
type ResponseAnswer struct {
	ValueCoding *Coding `json:"valueCoding,omitempty"`
}

func (QuestionnaireResponse) Type() string { return "QuestionnaireResponse" }

// NewQuestionnaireResponse maps an assessment with its item answers; an
// imported total without answers has none to map (its total is an
// Observation, ScoreObservation). Onset does not record when an assessment
// was stored, only when it was taken (authored), so there is no meta.
func NewQuestionnaireResponse(a clinic.Assessment) (QuestionnaireResponse, error) {
	in, ok := instrument(a.Instrument)
	if !ok {
		return QuestionnaireResponse{}, clinic.Errorf(clinic.Invalid, "unknown instrument %q", a.Instrument)
	}
	if a.Answers == nil {
		return QuestionnaireResponse{}, clinic.Errorf(clinic.Invalid, "assessment %d has a total but no item answers", a.ID)
	}
	if err := in.Validate(a.Answers); err != nil {
		return QuestionnaireResponse{}, err
	}
	r := QuestionnaireResponse{ResourceType: "QuestionnaireResponse", ID: idOf(a.ID), Questionnaire: QuestionnairePrefix + in.ID,
		Status: "completed", Subject: ref("Patient", a.PatientID), Authored: Instant(a.TakenAt)}
	for i, it := range in.Items {
		item := ResponseItem{LinkID: strconv.Itoa(it.Number), Text: it.Text}
		if a.Answers[i] != scales.Skipped {
			cd := answerCoding(in, it, a.Answers[i])
			item.Answer = []ResponseAnswer{{ValueCoding: &cd}}
		}
		r.Item = append(r.Item, item)
	}
	return r, nil
}

func (r QuestionnaireResponse) check(c *checker) {
	c.resource("QuestionnaireResponse", r.ResourceType, r.ID, nil)
	c.oneOf("QuestionnaireResponse.status", r.Status, true, "in-progress", "completed", "amended", "entered-in-error", "stopped")
	c.reference("QuestionnaireResponse.subject", r.Subject, true, "Patient")
	c.dateTime("QuestionnaireResponse.authored", r.Authored, false)
	in, onset := scales.Instrument{}, false
	if r.Questionnaire != "" {
		c.uri("QuestionnaireResponse.questionnaire", r.Questionnaire)
		if id, ok := strings.CutPrefix(r.Questionnaire, QuestionnairePrefix); ok {
			if in, onset = instrument(id); !onset {
				c.add("QuestionnaireResponse.questionnaire", "is no questionnaire of Onset's")
			}
		}
	}
	links := map[string]bool{}
	for i, it := range r.Item {
		path := at("QuestionnaireResponse.item", i)
		if c.required(path+".linkId", it.LinkID) && links[it.LinkID] {
			c.add(path+".linkId", "is answered twice (qrs-2)")
		}
		links[it.LinkID] = true
		var item *scales.Item
		if onset {
			if n, err := strconv.Atoi(it.LinkID); err == nil && n >= 1 && n <= len(in.Items) && strconv.Itoa(n) == it.LinkID {
				item = &in.Items[n-1]
			} else {
				c.add(path+".linkId", "is no item of "+in.Name)
			}
		}
		for j, ans := range it.Answer {
			p := at(path+".answer", j)
			switch {
			case ans.ValueCoding == nil:
				c.add(p, "needs a valueCoding")
			case item != nil && j > 0:
				c.add(p, "an item of "+in.Name+" takes one answer")
			default:
				c.coding(p+".valueCoding", *ans.ValueCoding)
				if item != nil {
					if _, ok := answerValue(in, *item, *ans.ValueCoding); !ok {
						c.add(p+".valueCoding", "is no answer item "+it.LinkID+" of "+in.Name+" offers")
					}
				}
			}
		}
	}
}

// ParseQuestionnaireResponse reads a posted, completed response to one of
// Onset's Questionnaires into an assessment: the instrument, the patient,
// when it was taken (authored, a full time with a zone) and one answer per
// item (a skipped item holds scales.Skipped); the skip rules and the total
// are the instrument's (scales). The id becomes the ID when it is Onset's.
func ParseQuestionnaireResponse(data []byte) (clinic.Assessment, error) {
	a, _, err := parseQuestionnaireResponse(data, false)
	return a, err
}

// parseQuestionnaireResponse is ParseQuestionnaireResponse; foreign takes
// a subject of another system (an import file), returned as its
// reference, with the patient left 0.
func parseQuestionnaireResponse(data []byte, foreign bool) (clinic.Assessment, string, error) {
	var r QuestionnaireResponse
	dec := decode
	if foreign {
		dec = decodeForeign
	}
	if err := dec(data, "QuestionnaireResponse", &r); err != nil {
		return clinic.Assessment{}, "", err
	}
	if err := Validate(r); err != nil {
		return clinic.Assessment{}, "", err
	}
	subject := ""
	if r.Subject != nil {
		subject = r.Subject.Reference
	}
	c := &checker{}
	in, ok := instrument(strings.TrimPrefix(r.Questionnaire, QuestionnairePrefix))
	if !ok || !strings.HasPrefix(r.Questionnaire, QuestionnairePrefix) {
		c.add("QuestionnaireResponse.questionnaire", "must be one of Onset's, "+QuestionnairePrefix+"<instrument>")
		return clinic.Assessment{}, subject, c.err()
	}
	a := clinic.Assessment{ID: onsetID(r.ID), Instrument: in.ID, PatientID: refID(r.Subject, "Patient")}
	if r.Status != "completed" {
		c.add("QuestionnaireResponse.status", "must be completed: Onset keeps completed questionnaires")
	}
	switch {
	case foreign && !strings.HasPrefix(subject, "Patient/"):
		c.add("QuestionnaireResponse.subject", "must name the patient, Patient/<id>")
	case foreign:
		a.PatientID = 0
	case a.PatientID == 0:
		c.add("QuestionnaireResponse.subject", "must be one of Onset's patients, Patient/<number>")
	}
	var err error
	if a.TakenAt, err = ParseDateTime(r.Authored); err != nil {
		c.add("QuestionnaireResponse.authored", "is required and "+err.Error())
	}
	a.Answers = make([]int, len(in.Items))
	for i := range a.Answers {
		a.Answers[i] = scales.Skipped
	}
	for _, it := range r.Item {
		n, _ := strconv.Atoi(it.LinkID) // checked by Validate
		if len(it.Answer) == 1 {
			a.Answers[n-1], _ = answerValue(in, in.Items[n-1], *it.Answer[0].ValueCoding)
		}
	}
	if err := c.err(); err != nil {
		return a, subject, err
	}
	res, err := in.Score(a.Answers)
	if err != nil {
		return a, subject, invalidAt("QuestionnaireResponse.item", clinic.ErrorMessage(err))
	}
	a.Total = res.Total
	return a, subject, nil
}

// refID reads the Onset number of a literal reference to a resource of
// type typ; 0 when it is none.
func refID(r *Reference, typ string) int64 {
	if r == nil {
		return 0
	}
	id, ok := strings.CutPrefix(r.Reference, typ+"/")
	if !ok {
		return 0
	}
	return onsetID(id)
}
