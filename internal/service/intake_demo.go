package service

import (
	"context"
	"fmt"
	"time"

	"onset/internal/clinic"
	"onset/internal/demo"
	"onset/internal/screening"
)

// demoMedications are the current medications demo intakes draw from:
// mostly antidepressants (recognized, not flagged), some that the
// screening flags for review (a benzodiazepine, lamotrigine, a stimulant)
// and one it does not know (returned for review).
var demoMedications = [][]string{
	{"sertraline 100 mg"}, {"escitalopram 10 mg"}, {"bupropion XL 300 mg"}, nil, {"venlafaxine 150 mg", "lorazepam 0.5 mg as needed"},
	{"duloxetine 60 mg"}, {"lamotrigine 100 mg"}, {"mirtazapine 15 mg"}, {"fluoxetine 20 mg", "levothyroxine 50 mcg"},
	{"Adderall XR 20 mg"}, nil, {"trazodone 50 mg"},
}

// loadDemoIntakes gives every demo patient with a signed plan an intake,
// recorded by a nurse three days before the plan starts, screened as the
// service screens: all eligible (demo bookings exist for them), some with
// cautions for the prescriber — an elevated blood pressure, a flagged
// medication or one the list does not know. The first patient (the demo
// portal account) has none, so the demo shows the portal's intake form.
func (s *Service) loadDemoIntakes(ctx context.Context, tx Tx, clinicID int64, patientIDs []int64, d demo.Clinic) error {
	users, err := tx.Users(ctx, clinicID)
	if err != nil {
		return err
	}
	var nurse clinic.User
	for _, u := range users {
		if u.Role == clinic.RoleNurse {
			nurse = u
			break
		}
	}
	done := map[int]bool{0: true}
	for _, spec := range demo.Plans(d) {
		i := spec.PatientIndex
		if done[i] {
			continue
		}
		done[i] = true
		p := d.Patients[i]
		at := spec.Start.AddDate(0, 0, -3).Add(10 * time.Hour)
		in := Intake{ClinicID: clinicID, PatientID: patientIDs[i], Version: 1, WeightKg: spec.WeightKg,
			HeightCm: float64(155 + (i*7)%35), Conditions: p.Conditions, Medications: demoMedications[i%len(demoMedications)],
			Pregnant: screening.PregnancyNo, SystolicBP: 112 + (i*5)%33, DiastolicBP: 70 + (i*3)%19, HeartRate: 62 + (i*4)%30,
			HistoryOfPsychosis: i%23 == 5, ConsentVersion: ConsentVersion, ConsentName: p.Name(), ConsentAt: at,
			Source: "staff", RecordedBy: nurse.ID, RecordedByName: nurse.Name, RecordedAt: at}
		if in.RecordedByName == "" {
			in.RecordedByName = "system (demo)"
		}
		if in.WeightKg <= 0 {
			in.WeightKg = float64(60 + (i*3)%40)
		}
		if err := screenIntake(&in, clinic.Patient{BirthDate: p.BirthDate, Sex: p.Sex}, at); err != nil {
			return fmt.Errorf("demo intake for patient %d: %w", i, err)
		}
		if !in.Eligible {
			return fmt.Errorf("demo intake for patient %d is not eligible", i)
		}
		if _, err := tx.CreateIntake(ctx, in); err != nil {
			return err
		}
	}
	return nil
}
