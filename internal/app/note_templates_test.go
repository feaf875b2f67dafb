package app_test

import (
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/measurement"
	"onset/internal/store/storetest"
)

// A clinic starts with the default note templates; its prescriber adds
// one (the defaults are stored with it), a nurse may not; bad input is
// refused with why. A consultation note starts from the patient's intake,
// screening findings and latest PHQ-9 under the evaluation's sections,
// and the read is audited; a nurse does not write consultations and a
// therapist reaches only their caseload.
func TestNoteTemplatesAndConsultation(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newPlanEnv(t, engine)
			ts, err := e.svc.NoteTemplates(ctx, e.nurse)
			if err != nil || len(ts) != len(record.DefaultNoteTemplates()) || ts[0].ID != 0 {
				t.Fatalf("the defaults: %+v %v", ts, err)
			}
			if _, err := e.svc.NoteTemplates(ctx, e.front); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("the front desk lists templates: %v", err)
			}
			brief := record.NoteTemplate{Kind: record.NoteProgress, Name: "Brief visit", Body: "How are you?\nPlan:"}
			if _, err := e.svc.SaveNoteTemplate(ctx, e.nurse, brief); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a nurse saved a template: %v", err)
			}
			for _, bad := range []record.NoteTemplate{{Kind: "poem", Name: "x", Body: "x"}, {Kind: record.NoteProgress, Name: "", Body: "x"},
				{Kind: record.NoteProgress, Name: "x", Body: ""}, {Kind: record.NoteProgress, Name: "x\ny", Body: "x"}} {
				if _, err := e.svc.SaveNoteTemplate(ctx, e.clinician, bad); clinic.ErrorCode(err) != clinic.Invalid {
					t.Errorf("%+v: %v, want invalid", bad, err)
				}
			}
			saved, err := e.svc.SaveNoteTemplate(ctx, e.clinician, brief)
			if err != nil || saved.ID == 0 {
				t.Fatalf("saved %+v %v", saved, err)
			}
			if _, err := e.svc.SaveNoteTemplate(ctx, e.clinician, brief); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("a second template of the same name: %v", err)
			}
			ts, err = e.svc.NoteTemplates(ctx, e.clinician)
			if err != nil || len(ts) != len(record.DefaultNoteTemplates())+1 {
				t.Fatalf("after the first save: %+v %v", ts, err)
			}
			for _, x := range ts {
				if x.ID == 0 {
					t.Errorf("a default not stored with the first save: %+v", x)
				}
			}
			if err := e.svc.DeleteNoteTemplate(ctx, e.clinician, saved.ID); err != nil {
				t.Fatal(err)
			}
			if err := e.svc.DeleteNoteTemplate(ctx, e.clinician, saved.ID); clinic.ErrorCode(err) != clinic.NotFound {
				t.Errorf("deleted twice: %v", err)
			}

			// The consultation: intake, screening and the latest PHQ-9 first.
			if _, err := e.svc.RecordIntake(ctx, e.nurse, e.patient, intakeForm()); err != nil {
				t.Fatal(err)
			}
			for _, answers := range [][]int{{1, 1, 1, 1, 1, 1, 1, 1, 0}, {2, 2, 2, 2, 2, 2, 2, 2, 0}} {
				if _, err := e.svc.RecordAssessment(ctx, e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9",
					Answers: answers, Source: measurement.SourceStaff}); err != nil {
					t.Fatal(err)
				}
				e.clock.Advance(time.Minute)
			}
			in, err := e.svc.NoteDraft(ctx, e.clinician, e.patient, record.NoteConsultation, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"Intake (version 1", "Conditions: anxiety, depression", "Medications: sertraline 100 mg; metformin", "Screening:", "PHQ-9 16 (moderately severe)",
				"Reason for referral:", "Risk assessment"} {
				if !strings.Contains(in.Body, want) {
					t.Errorf("the consultation's start lacks %q:\n%s", want, in.Body)
				}
			}
			if strings.Contains(in.Body, "PHQ-9 8") {
				t.Errorf("an older PHQ-9 is given as the baseline:\n%s", in.Body)
			}
			if n, err := e.svc.CreateNote(ctx, e.clinician, e.patient, in); err != nil || n.Kind != record.NoteConsultation {
				t.Fatalf("the consultation note saved: %+v %v", n, err)
			}
			rows, err := e.svc.AuditLog(ctx, service.System(e.clinicID), clinic.AuditFilter{Action: "note.prefill", PatientID: e.patient, Limit: 10})
			if err != nil || len(rows) != 1 {
				t.Errorf("note.prefill audit rows %d %v, want 1", len(rows), err)
			}
			if in, err := e.svc.NoteDraft(ctx, e.clinician, e.patient, record.NoteProgress, "Follow-up visit"); err != nil ||
				!strings.HasPrefix(in.Body, "Response so far") {
				t.Errorf("a progress note from a named template: %q %v", in.Body, err)
			}
			if _, err := e.svc.NoteDraft(ctx, e.clinician, e.patient, record.NoteProgress, "No such"); clinic.ErrorCode(err) != clinic.NotFound {
				t.Errorf("an unknown template: %v", err)
			}
			if _, err := e.svc.NoteDraft(ctx, e.nurse, e.patient, record.NoteConsultation, ""); clinic.ErrorCode(err) != clinic.Invalid {
				t.Errorf("a nurse's consultation: %v", err)
			}
			th := e.therapist(t, "Tess Ther")
			if _, err := e.svc.NoteDraft(ctx, th, e.other, record.NoteTherapy, ""); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a therapist's note for a patient off the caseload: %v", err)
			}
		})
	}
}
