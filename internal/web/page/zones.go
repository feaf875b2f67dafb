package page

import (
	"context"
	"sync"
	"time"
)

// zoneCache keeps each clinic's time zone for a minute, so that a page
// does not read the clinic's settings on every render; a changed zone
// shows within the minute.
type zoneCache struct {
	mu    sync.Mutex
	zones map[int64]cachedZone
}

type cachedZone struct {
	loc *time.Location
	at  time.Time
}

func (c *zoneCache) of(ctx context.Context, clinicID int64, read func(context.Context, int64) *time.Location) *time.Location {
	c.mu.Lock()
	z, ok := c.zones[clinicID]
	c.mu.Unlock()
	if ok && time.Since(z.at) < time.Minute {
		return z.loc
	}
	loc := read(ctx, clinicID)
	c.mu.Lock()
	if c.zones == nil {
		c.zones = map[int64]cachedZone{}
	}
	c.zones[clinicID] = cachedZone{loc: loc, at: time.Now()}
	c.mu.Unlock()
	return loc
}

// forget drops a clinic's zone, after its settings change.
func (c *zoneCache) forget(clinicID int64) {
	c.mu.Lock()
	delete(c.zones, clinicID)
	c.mu.Unlock()
}
