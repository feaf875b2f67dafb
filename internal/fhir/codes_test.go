package fhir

import (
	"strconv"
	"testing"

	"onset/internal/scales"
)

// The codes used here agree with the ones scales records with their
// sources, and a code scales marks unverified is not used.
func TestCodesAgreeWithScales(t *testing.T) {
	t.Parallel()
	for _, in := range scales.All() {
		got, used := totalLOINC[in.ID]
		switch {
		case used && got != in.LOINCTotal:
			t.Errorf("%s: total %s here, %s in scales", in.ID, got, in.LOINCTotal)
		case used && in.LOINCNote != "":
			t.Errorf("%s: total %s is used though scales notes %q", in.ID, got, in.LOINCNote)
		}
		if p, ok := panelLOINC[in.ID]; ok && p != in.LOINCPanel {
			t.Errorf("%s: panel %s here, %s in scales", in.ID, p, in.LOINCPanel)
		}
		if items, ok := itemLOINC[in.ID]; ok && len(items) != len(in.Items) {
			t.Errorf("%s: %d item codes for %d items", in.ID, len(items), len(in.Items))
		}
		if answers, ok := answerLOINC[in.ID]; ok {
			for _, it := range in.Items {
				if it.Min() != 0 || it.Max() != len(answers)-1 {
					t.Errorf("%s item %d: answers %d–%d, %d answer codes", in.ID, it.Number, it.Min(), it.Max(), len(answers))
				}
			}
		}
	}
	for _, id := range []string{scales.PCL5, scales.MADRS, scales.QIDS, scales.CADSS, scales.YBOCS, scales.CSSRS} {
		if _, ok := totalLOINC[id]; ok {
			t.Errorf("%s: no verified LOINC code for its total, so none may be used", id)
		}
	}
}

func TestQuestionnaire(t *testing.T) {
	t.Parallel()
	for _, in := range scales.All() {
		q := NewQuestionnaire(in)
		if len(q.Item) != len(in.Items) || q.ID != in.ID || q.URL != QuestionnairePrefix+in.ID {
			t.Fatalf("%s: %d items, id %s, url %s", in.ID, len(q.Item), q.ID, q.URL)
		}
		for i, it := range q.Item {
			src := in.Items[i]
			if it.LinkID != strconv.Itoa(src.Number) || it.Text != src.Text || len(it.AnswerOption) != len(src.Options) {
				t.Errorf("%s item %d: %+v", in.ID, src.Number, it)
			}
			if (len(it.Code) > 0) != (in.ID == scales.PHQ9 || in.ID == scales.GAD7) {
				t.Errorf("%s item %d: codes %v; only PHQ-9 and GAD-7 items have verified codes", in.ID, src.Number, it.Code)
			}
			for j, o := range it.AnswerOption {
				if v, ok := answerValue(in, src, *o.ValueCoding); !ok || v != src.Options[j].Value || o.ValueCoding.Display != src.Options[j].Text {
					t.Errorf("%s item %d option %d: %+v reads as %d, %v", in.ID, src.Number, j, o.ValueCoding, v, ok)
				}
			}
			if *it.Required != (src.Alternative == 0 && src.AskedIf == 0) {
				t.Errorf("%s item %d: required %v", in.ID, src.Number, *it.Required)
			}
		}
	}
	q := NewQuestionnaire(must(scales.Lookup(scales.CSSRS)))
	if w := q.Item[2].EnableWhen; len(w) != 1 || w[0].Question != "2" || w[0].AnswerCoding.Code != "1" || q.Item[1].EnableWhen != nil {
		t.Errorf("C-SSRS item 3 is asked after a yes to item 2: %+v", q.Item[2].EnableWhen)
	}
	phq := NewQuestionnaire(must(scales.Lookup(scales.PHQ9)))
	if phq.Item[8].Code[0].Code != "44260-8" || phq.Item[0].AnswerOption[3].ValueCoding.Code != "LA6571-9" || phq.Code[0].Code != "44249-1" {
		t.Errorf("PHQ-9 codes: %+v %+v", phq.Item[8].Code, phq.Item[0].AnswerOption[3])
	}
}
