package demo

import (
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// patient is a generated patient as the clinic knows them.
type patient struct {
	clinic.Patient
	index      int
	id         int64
	prescriber service.Actor // the clinician who signs their plans and sessions
	intake     bool          // an intake is on record
	rems       bool          // enrolled in the Spravato REMS
	plan       record.Plan   // the signed plan in force; zero when none
	open       int           // sessions of plan not booked yet
}

// register has the front desk register every patient, in the generated
// order (so patient 1 is the first generated), with their conditions.
func (s *sim) register() error {
	for i, g := range s.c.Patients {
		conds := make([]string, len(g.Conditions))
		for j, c := range g.Conditions {
			conds[j] = string(c)
		}
		p, err := s.svc.CreatePatient(s.ctx, s.desk[i%len(s.desk)], record.NewPatient{MRN: g.MRN, GivenName: g.GivenName,
			FamilyName: g.FamilyName, Sex: g.Sex, BirthDate: g.BirthDate.Format(time.DateOnly), Email: g.Email,
			Phone: g.Phone, Conditions: conds,
			NotADuplicate: true}) // generated people are distinct even when a name and birth date repeat
		if err != nil {
			return err
		}
		s.patients = append(s.patients, &patient{Patient: p, index: i, id: p.ID,
			prescriber: s.clinicians[i%len(s.clinicians)]})
	}
	return nil
}
