package settings

import (
	"context"

	"onset/internal/clinic"
)

// EnsureClinic returns the first clinic, creating one named name if the
// database has none (a fresh installation).
func (s *Service) EnsureClinic(ctx context.Context, name string) (clinic.Clinic, error) {
	c, err := s.store.Read().FirstClinic(ctx)
	if clinic.ErrorCode(err) != clinic.NotFound {
		return c, clinic.Wrap(err, "Could not load the clinic.")
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		c = clinic.Clinic{Name: name, Timezone: "UTC"}
		id, err := tx.CreateClinic(ctx, c, s.Now())
		c.ID = id
		return err
	})
	return c, clinic.Wrap(err, "Could not create the clinic.")
}
