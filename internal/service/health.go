package service

import "context"

// ReplicaHealth checks the read replica, if one is configured (for
// /healthz): the primary serves whatever it says, so a replica that is
// down or lagging makes analytics read the primary, not the clinic stop.
func (c *Core) ReplicaHealth(ctx context.Context) ReplicaHealth { return c.audit.ReplicaHealth(ctx) }
