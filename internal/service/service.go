package service

import (
	"context"
	"time"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/live"
	"onset/internal/record"
)

// Actor is who is asking: the signed-in user, from which address, in which request.
type Actor struct {
	UserID    int64
	ClinicID  int64
	PatientID int64 // set for patient accounts
	// Caseload is a therapist's patients (loaded with the actor); the only
	// records a therapist reaches.
	Caseload []int64
	// Locations are the clinics of the organization this user may work
	// in (loaded with the actor; the current one included), and OrgAdmin
	// whether they administer the organization itself.
	Locations      []clinic.Clinic
	OrganizationID int64
	OrgAdmin       bool
	Role           clinic.Role
	Name           string
	Email          string
	Address        string
	RequestID      string
	// Scope is a backend client's granted scope (RoleBackend: which FHIR
	// types it may read, backend.Covers); empty for everyone else.
	Scope string
}

// ActorName is how the actor is named in the records they sign.
func ActorName(a Actor) string {
	if a.Name != "" {
		return a.Name
	}
	if a.Email != "" {
		return a.Email
	}
	return string(a.Role)
}

// System returns the actor for operator commands (the CLI).
func System(clinicID int64) Actor {
	return Actor{ClinicID: clinicID, Role: RoleSystem, Name: "system"}
}

// Config tunes security settings; zero fields take defaults.
type Config struct {
	Passwords   auth.Params
	SessionIdle time.Duration // sign out after this long without a request
	SessionMax  time.Duration // sign out this long after sign-in, whatever happens
	Issuer      string        // shown in authenticator apps
	HashSlots   int           // password hashes at once (memory bound); 0: one per CPU (GOMAXPROCS)
	Now         func() time.Time
}

// Core is what every capability shares: the configuration and its clock,
// the audit trail, and the treatment room's live hub. Each capability's
// Service embeds it.
type Core struct {
	cfg    Config
	audit  Storage[Queries, Tx]
	room   *live.Hub[record.RoomProblem] // problems in the treatment room, to the staff watching
	hashes *auth.Gate                    // bounds concurrent password hashing, whoever asks
}

// NewCore returns the core over the storage of the audit trail.
func NewCore(st Storage[Queries, Tx], cfg Config) *Core {
	if cfg.Passwords == (auth.Params{}) {
		cfg.Passwords = auth.DefaultParams
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 30 * time.Minute
	}
	if cfg.SessionMax == 0 {
		cfg.SessionMax = 12 * time.Hour
	}
	if cfg.Issuer == "" {
		cfg.Issuer = "Onset"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Core{cfg: cfg, audit: st, room: live.NewHub[record.RoomProblem](), hashes: auth.NewGate(cfg.HashSlots)}
}

// Config returns the configuration in force, defaults filled in.
func (c *Core) Config() Config { return c.cfg }

// Hashes is the gate every password hash goes through: hashing is slow
// and memory-hard, so only so many run at once.
func (c *Core) Hashes() *auth.Gate { return c.hashes }

// Clinic returns the actor's clinic.
func (c *Core) Clinic(ctx context.Context, a Actor) (clinic.Clinic, error) {
	cl, err := c.audit.Read().Clinic(ctx, a.ClinicID)
	return cl, clinic.Wrap(err, "Could not load the clinic.")
}

// Now is the current time in UTC, from the configured clock.
func (c *Core) Now() time.Time { return c.cfg.Now().UTC() }

// PublishRoom tells the clinic's watchers about a problem just stored.
func (c *Core) PublishRoom(p record.RoomProblem) { c.room.Publish(p.ClinicID, p) }

// SubscribeRoom starts watching a clinic's room; call the returned
// function to stop.
func (c *Core) SubscribeRoom(clinicID int64) (<-chan record.RoomProblem, func()) {
	return c.room.Subscribe(clinicID)
}

// Ping checks the database (for /healthz).
func (c *Core) Ping(ctx context.Context) error { return c.audit.Ping(ctx) }

// Entry starts an audit Entry for the actor.
func (c *Core) Entry(a Actor, action Action, patientID int64) clinic.AuditEntry {
	return clinic.AuditEntry{ClinicID: a.ClinicID, At: c.Now(), UserID: a.UserID, Role: a.Role,
		Action: string(action), PatientID: patientID, Address: a.Address, RequestID: a.RequestID}
}

// SessionEntry starts an audit entry about a treatment session.
func (c *Core) SessionEntry(a Actor, action Action, ts record.TreatmentSession) clinic.AuditEntry {
	e := c.Entry(a, action, ts.PatientID)
	e.RecordType, e.RecordID = "treatment_session", ts.ID
	return e
}

// AuditRead records a read of patient data after it happened. Data is only
// returned once its read is on the record: now, or, under a request's
// AuditBatch, when the batch is flushed before the data is sent.
func (c *Core) AuditRead(ctx context.Context, e clinic.AuditEntry) error {
	if b, ok := ctx.Value(auditBatchKey{}).(*AuditBatch); ok && b.add(e) {
		return nil
	}
	return clinic.Wrap(c.audit.WithTx(Side(ctx), func(tx Tx) error { return tx.AppendAudit(ctx, e) }),
		"Could not record access to this record.")
}
