package demo

import (
	"fmt"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/schedule"
	"onset/internal/service/booking"
	"onset/internal/service/custody"
	"onset/internal/service/measurement"
	"onset/internal/service/patients"
)

// The care team's own work around the sessions (issue 16), so that the
// clinician's and the administrator's worklists have something in every
// section on the demo's last day, and the calendar its therapy sessions:
//
//   - at the go-live the administrator adds the clinic's own progress-note
//     template (the defaults are stored with it), makes the therapist a
//     provider of therapy sessions, and receives a carton kept in the safe
//     for maintenance doses, which expires three weeks after today and is
//     not on the nurses' weekly count (a lot near expiry, a count due);
//   - two days before today a nurse sends a questionnaire to the patient
//     dosed most recently, who has not answered (a questionnaire overdue);
//   - on the last morning the clinician writes a consultation note from the
//     patient's intake, screening and scores and signs it, starts another
//     (a draft note), a patient's new intake finds a blood pressure that
//     excludes treatment (a screening to review), and the front desk books
//     the therapist's preparation and integration sessions for the coming
//     days, in Room B and by video; the desk corrects a patient's email
//     with a typo in its domain, so the questionnaire sent there bounces
//     once the demo serves (a failed message for the administrator).
//
// Safety alerts, sessions and REMS forms to sign, plan drafts and waitlist
// offers come from the rest of the simulation.

// planCareTeam puts the care team's work on the agenda.
func (s *sim) planCareTeam() {
	s.at(s.start.Add(2*time.Hour), s.careTeamSetUp)
	s.at(s.end.Add(-50*time.Hour), s.unansweredQuestionnaire)
	s.at(s.end.Add(-90*time.Minute), s.careTeamToday)
}

func (s *sim) careTeamSetUp() error {
	if _, err := s.svc.SaveNoteTemplate(s.ctx, s.admin, record.NoteTemplate{Kind: record.NoteProgress, Name: "Infusion day",
		Body: "Arrived with:\n\nBefore the dose (mood, sleep, blood pressure):\n\nDuring (dissociation, nausea, blood pressure):\n\nAt discharge:\n\nNext session:\n"}); err != nil {
		return s.refused("the clinic's note template", err)
	}
	for _, th := range s.therapists {
		p, err := s.svc.AddProvider(s.ctx, s.admin, record.BookingProvider{UserID: th.UserID})
		if err != nil {
			return s.refused("the therapist as a provider", err)
		}
		s.providers[p.ID] = th
	}
	_, err := s.svc.ReceiveStock(s.ctx, s.admin, custody.LedgerReceiveInput{Drug: "esketamine", Form: "device", NDC: "50458-028-02",
		Lot: "ESK-SAFE-" + s.clock.Now().Format("0601"), Expires: s.end.AddDate(0, 0, 21).Format(time.DateOnly), Units: 12,
		Invoice: "DEMO-INV-SAFE", Supplier: "Demo Medical Supply"})
	return s.refused("the carton for the safe", err)
}

// unansweredQuestionnaire: the patient dosed most recently is sent their
// questionnaire and does not answer it.
func (s *sim) unansweredQuestionnaire() error {
	var p *patient
	var last time.Time
	for _, q := range s.patients {
		if at, ok := s.dosed[q.id]; ok && at.After(last) && len(q.Conditions) > 0 && !s.answersBeforeEnd(q) {
			p, last = q, at
		}
	}
	if p == nil {
		return nil
	}
	_, err := s.svc.CreateLink(s.ctx, s.nurse(p), measurement.NewLink{PatientID: p.id, Instrument: scales.PrimaryFor(p.Conditions[0]),
		Reason: "after yesterday's session"})
	return s.refused(fmt.Sprintf("questionnaire for patient %d", p.id), err)
}

// answersBeforeEnd reports whether p answers their questionnaire between
// now and the demo's end anyway (a generated follow-up): answering fulfils
// an open link, so that patient would leave none overdue.
func (s *sim) answersBeforeEnd(p *patient) bool {
	inst := scales.PrimaryFor(p.Conditions[0])
	now := s.clock.Now()
	for _, a := range s.c.Assessments {
		if a.PatientIndex == p.index && a.Instrument == inst && a.TakenAt.After(now) && !a.TakenAt.After(s.end) {
			return true
		}
	}
	return false
}

func (s *sim) careTeamToday() error {
	if len(s.clinicians) == 0 {
		return nil
	}
	doc := s.clinicians[0]
	others := s.notInTreatment()
	var withIntake []*patient
	for _, p := range others {
		if p.intake {
			withIntake = append(withIntake, p)
		}
	}
	// The consultation: from the intake, screening and scores; signed.
	for i, p := range withIntake {
		if i == 2 {
			break
		}
		in, err := s.svc.NoteDraft(s.ctx, doc, p.id, record.NoteConsultation, "")
		if err != nil {
			return s.refused(fmt.Sprintf("consultation for patient %d", p.id), err)
		}
		in.Body += "\nPlan agreed with the patient: IV induction, six sessions over two to three weeks, after a BP recheck."
		n, err := s.svc.CreateNote(s.ctx, doc, p.id, in)
		if err != nil {
			return s.refused(fmt.Sprintf("consultation note for patient %d", p.id), err)
		}
		if i == 0 {
			if _, err := s.svc.SignNote(s.ctx, doc, n.ID); err != nil {
				return s.refused(fmt.Sprintf("signing the consultation of patient %d", p.id), err)
			}
		} // the second stays a draft: on the clinician's worklist
	}
	// A new intake whose blood pressure excludes treatment, for review (of
	// a patient whose last screening needed no override).
	var p *patient
	for i := len(withIntake) - 1; i >= 2 && p == nil; i-- {
		pg, err := s.svc.IntakeForPatient(s.ctx, s.admin, withIntake[i].id)
		if err != nil {
			return s.refused("intake", err)
		}
		if pg.State.Override == nil && !pg.State.Blocked {
			p = withIntake[i]
		}
	}
	if p != nil {
		conds := make([]string, len(p.Conditions))
		for j, c := range p.Conditions {
			conds[j] = string(c)
		}
		pregnant := "no"
		if p.Sex == "male" {
			pregnant = ""
		}
		_, err := s.svc.RecordIntake(s.ctx, s.nurse(p), p.id, patients.IntakeInput{WeightKg: "72", HeightCm: "168", Conditions: conds,
			Medications: "amlodipine 5 mg", Pregnant: pregnant, Systolic: "186", Diastolic: "114", HeartRate: "88",
			ConsentName: p.Name(), ConsentAgreed: true, ConsentVersion: record.ConsentVersion})
		if err := s.refused(fmt.Sprintf("new intake of patient %d", p.id), err); err != nil {
			return err
		}
	}
	if err := s.bouncingAddress(); err != nil {
		return err
	}
	return s.bookTherapy()
}

// BouncingDomain is the mail domain the demo's mail server refuses for
// good (cli's demo mailbox: Bounces), so one message cannot be delivered.
const BouncingDomain = "mail.invalid"

// Bounces reports whether the demo's mail server refuses the address.
func Bounces(to string) bool { return strings.HasSuffix(strings.ToLower(to), "@"+BouncingDomain) }

// bouncingAddress: the front desk corrects a patient's email address with
// a typo in its domain, and a nurse sends them a questionnaire there; the
// first delivery once the demo serves is refused (a failed message on the
// administrator's and front desk's worklists).
func (s *sim) bouncingAddress() error {
	var p *patient
	for _, q := range s.notInTreatment() {
		if q.Email != "" && len(q.Conditions) > 0 {
			p = q
		}
	}
	if p == nil {
		return nil
	}
	rec, err := s.svc.Patient(s.ctx, s.admin, p.id)
	if err != nil {
		return s.refused("the patient to correct", err)
	}
	pt := rec.Patient
	conds := make([]string, len(pt.Conditions))
	for j, c := range pt.Conditions {
		conds[j] = string(c)
	}
	local, _, _ := strings.Cut(pt.Email, "@")
	if _, err := s.svc.UpdatePatient(s.ctx, s.desk[0], p.id, record.NewPatient{MRN: pt.MRN, GivenName: pt.GivenName,
		FamilyName: pt.FamilyName, Sex: pt.Sex, BirthDate: pt.BirthDate.Format(time.DateOnly), Email: local + "@" + BouncingDomain,
		Phone: pt.Phone, Conditions: conds, Gender: pt.Gender, EmergencyName: pt.EmergencyName, EmergencyPhone: pt.EmergencyPhone,
		Allergies: pt.Allergies}); err != nil {
		return s.refused(fmt.Sprintf("email of patient %d", p.id), err)
	}
	_, err = s.svc.CreateLink(s.ctx, s.nurse(p), measurement.NewLink{PatientID: p.id, Instrument: scales.PrimaryFor(p.Conditions[0]),
		Reason: "before the consultation"})
	return s.refused(fmt.Sprintf("questionnaire for patient %d", p.id), err)
}

// bookTherapy books the therapist's sessions of the coming clinic days:
// integration for patients on her caseload (in Room B, or by video with
// the link), and preparation for a patient about to start.
func (s *sim) bookTherapy() error {
	if len(s.therapists) == 0 {
		return nil
	}
	th := &s.therapists[0]
	var prov int64
	for id, a := range s.providers {
		if a.UserID == th.UserID {
			prov = id
		}
	}
	if prov == 0 {
		return nil
	}
	var room int64
	cal, err := s.svc.Calendar(s.ctx, s.admin, s.end, s.end.Add(time.Hour))
	if err != nil {
		return s.refused("the calendar", err)
	}
	for _, r := range cal.Resources {
		if r.Name == demoRooms[len(demoRooms)-1] {
			room = r.ID
		}
	}
	type visit struct {
		patient int64
		kind    schedule.Kind
		video   bool
	}
	var todo []visit
	for i, pid := range th.Caseload {
		if i == 3 {
			break
		}
		todo = append(todo, visit{pid, schedule.TherapyIntegration, i%2 == 1})
	}
	if others := s.notInTreatment(); len(others) > 0 {
		p := others[len(others)-1]
		if err := s.svc.AssignTherapist(s.ctx, s.admin, p.id, th.UserID); err != nil {
			return s.refused("caseload for preparation", err)
		}
		th.Caseload = append(th.Caseload, p.id)
		todo = append(todo, visit{p.id, schedule.TherapyPreparation, true})
	}
	d := date(s.end)
	for i, v := range todo {
		d = d.AddDate(0, 0, 1)
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, 1)
		}
		in := booking.BookingInput{PatientID: v.patient, Kind: v.kind, ProviderID: prov, Video: v.video}
		if v.video {
			in.JoinLink = fmt.Sprintf("https://video.example.org/onset-demo/%s-%d", v.kind, i+1)
		} else {
			in.ResourceID = room
		}
		for try := range 8 { // the desk offers 13:00, then the next half hours
			in.Start = d.Add(13*time.Hour + time.Duration(try)*30*time.Minute)
			_, err = s.svc.BookAppointment(s.ctx, s.desk[0], in)
			if clinic.ErrorCode(err) != clinic.Conflict {
				break
			}
		}
		if err := s.refused(fmt.Sprintf("%s for patient %d", v.kind, v.patient), err); err != nil {
			return err
		}
	}
	return nil
}
