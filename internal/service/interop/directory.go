package interop

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Directory is the clinic itself as other systems see it: its settings
// (the Organization), its chairs and rooms (Locations) and its staff
// (Practitioners). It holds no patient's data.
type Directory struct {
	ClinicID  int64
	Settings  record.ClinicSettings
	Resources []record.BookingResource
	Staff     []clinic.User // staff accounts only; patients' portal accounts are left out
}

// ClinicDirectory reads the directory for staff and backend clients
// (patient.list). The read is audited.
func (s *Service) ClinicDirectory(ctx context.Context, a service.Actor) (Directory, error) {
	if err := service.Authorize(a, service.ActPatientList); err != nil {
		return Directory{}, err
	}
	r := s.store.Read()
	d := Directory{ClinicID: a.ClinicID}
	var err error
	if d.Settings, _, err = service.ClinicSettingsIn(ctx, r, a.ClinicID); err != nil {
		return d, clinic.Wrap(err, "Could not read the clinic's settings.")
	}
	if d.Resources, err = r.BookingResources(ctx, a.ClinicID); err != nil {
		return d, clinic.Wrap(err, "Could not read the clinic's chairs and rooms.")
	}
	users, err := r.Users(ctx, a.ClinicID)
	if err != nil {
		return d, clinic.Wrap(err, "Could not read the clinic's staff.")
	}
	for _, u := range users {
		if u.Role != clinic.RolePatient {
			d.Staff = append(d.Staff, u)
		}
	}
	e := s.Entry(a, service.ActPatientList, 0)
	e.RecordType = "fhir.directory"
	return d, s.AuditRead(ctx, e)
}
