package service

import (
	"context"
	"fmt"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/demo"
)

// DemoAccount is a sign-in printed by `onset demo`.
type DemoAccount struct {
	Email      string
	Role       clinic.Role
	Password   string
	TOTPSecret string // empty when the account has no two-step sign-in
}

// DemoPassword is every demo account's password. The demo runs on a fresh
// database on 127.0.0.1 and prints its accounts, so a fixed, documented
// password hides nothing.
const DemoPassword = "onset-demo-password"

// demoPatientAccounts is how many demo patients get a portal account.
const demoPatientAccounts = 3

// LoadDemo writes a generated demo clinic in one transaction: the clinic,
// its staff (admins and clinicians with TOTP on), patient portal accounts,
// and every patient's courses, doses and assessments.
func (s *Service) LoadDemo(ctx context.Context, name string, d demo.Clinic) ([]DemoAccount, error) {
	now := s.now()
	hash := auth.HashPassword(DemoPassword, s.cfg.Passwords)
	var accounts []DemoAccount
	err := s.store.WithTx(ctx, func(tx Tx) error {
		clinicID, err := tx.CreateClinic(ctx, clinic.Clinic{Name: name, Timezone: "UTC"}, now)
		if err != nil {
			return err
		}
		for _, st := range d.Staff {
			acc := DemoAccount{Email: st.Email, Role: st.Role, Password: DemoPassword}
			u := clinic.User{ClinicID: clinicID, Email: st.Email, Name: st.Name, Role: st.Role, PasswordHash: hash, CreatedAt: now}
			if MFARequired(st.Role) {
				if acc.TOTPSecret, _, err = auth.NewTOTP(s.cfg.Issuer, st.Email); err != nil {
					return err
				}
				u.TOTPSecret, u.TOTPEnabled = acc.TOTPSecret, true
			}
			if _, err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			accounts = append(accounts, acc)
		}
		patientIDs := make([]int64, len(d.Patients))
		for i, p := range d.Patients {
			p.ClinicID, p.CreatedAt = clinicID, now
			if patientIDs[i], err = tx.CreatePatient(ctx, p); err != nil {
				return err
			}
			if i < demoPatientAccounts && p.Email != "" {
				if _, err := tx.CreateUser(ctx, clinic.User{ClinicID: clinicID, Email: p.Email, Name: p.Name(),
					Role: clinic.RolePatient, PasswordHash: hash, PatientID: patientIDs[i], CreatedAt: now}); err != nil {
					return fmt.Errorf("patient account %s: %w", p.Email, err)
				}
				accounts = append(accounts, DemoAccount{Email: p.Email, Role: clinic.RolePatient, Password: DemoPassword})
			}
		}
		courseIDs := make([]int64, len(d.Courses))
		for i, c := range d.Courses {
			c.Course.ClinicID, c.Course.PatientID = clinicID, patientIDs[c.PatientIndex]
			if courseIDs[i], err = tx.CreateCourse(ctx, c.Course); err != nil {
				return err
			}
		}
		for _, a := range d.Administrations {
			a.Administration.ClinicID, a.Administration.PatientID = clinicID, patientIDs[a.PatientIndex]
			a.Administration.CourseID = courseIDs[a.CourseIndex]
			if _, err := tx.CreateAdministration(ctx, a.Administration); err != nil {
				return err
			}
		}
		d.Assessments = demo.WithSources(d) // answered by link or by staff (demo/measurement.go)
		for _, a := range d.Assessments {
			a.Assessment.ClinicID, a.Assessment.PatientID = clinicID, patientIDs[a.PatientIndex]
			if _, err := tx.CreateAssessment(ctx, a.Assessment, now); err != nil {
				return err
			}
		}
		if err := loadDemoPlans(ctx, tx, clinicID, patientIDs, d); err != nil { // signed treatment plans (plans_demo.go)
			return err
		}
		if err := s.loadDemoMeasurement(ctx, tx, clinicID, patientIDs, now); err != nil { // alerts and links (assessments_demo.go)
			return err
		}
		if err := s.loadDemoSessions(ctx, tx, clinicID, patientIDs, now); err != nil { // treatment sessions and REMS forms (sessions_demo.go)
			return err
		}
		if err := s.loadDemoBooking(ctx, tx, clinicID, patientIDs, now); err != nil { // chairs, providers, a week of bookings (booking_demo.go)
			return err
		}
		if err := s.loadDemoIntakes(ctx, tx, clinicID, patientIDs, d); err != nil { // screened intakes (intake_demo.go)
			return err
		}
		if err := s.loadDemoLedger(ctx, tx, clinicID, patientIDs, now); err != nil { // controlled-substance ledger (ledger_demo.go)
			return err
		}
		return tx.AppendAudit(ctx, clinic.AuditEntry{ClinicID: clinicID, At: now, Role: roleSystem, Action: "demo.load"})
	})
	return accounts, clinic.Wrap(err, "Could not load the demo clinic.")
}
