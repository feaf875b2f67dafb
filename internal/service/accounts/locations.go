package accounts

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/service"
)

// SwitchClinic makes clinicID the clinic p's web session works in, when p
// works there; every later request of the session is scoped to it. The
// switch is audited in the clinic entered.
func (s *Service) SwitchClinic(ctx context.Context, p Principal, clinicID int64) (clinic.Clinic, error) {
	if err := service.Authorize(p.Actor, service.ActClinicSwitch); err != nil {
		return clinic.Clinic{}, err
	}
	if p.SessionHash == "" {
		return clinic.Clinic{}, clinic.Errorf(clinic.Invalid, "Choose a clinic in the browser; an API token works in its account's own clinic.")
	}
	for _, c := range p.Locations {
		if c.ID != clinicID {
			continue
		}
		err := s.store.WithTx(ctx, func(tx Tx) error {
			if err := tx.SetWebSessionClinic(ctx, p.SessionHash, clinicID); err != nil {
				return err
			}
			e := s.Entry(p.Actor, "clinic.switch", 0)
			e.ClinicID, e.RecordType, e.RecordID = clinicID, "clinic", clinicID
			return tx.AppendAudit(ctx, e)
		})
		return c, clinic.Wrap(err, "Could not switch clinic.")
	}
	return clinic.Clinic{}, clinic.Errorf(clinic.NotFound, "That clinic is not one you work at. An organization administrator can add you to its staff.")
}
