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
	Role      clinic.Role
	Name      string
	Email     string
	Address   string
	RequestID string
}

// System returns the actor for operator commands (the CLI).
func System(clinicID int64) Actor {
	return Actor{ClinicID: clinicID, Role: roleSystem, Name: "system"}
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

// Service runs Onset's use cases.
type Service struct {
	store          Store
	cfg            Config
	hashes         *auth.Gate     // bounds concurrent password hashing (credentials.go)
	publicThrottle *auth.Throttle // public booking: every attempt counts
	bands          bandsCache
	room           *live.Hub[record.RoomProblem] // problems in the treatment room, to the staff watching (room.go)
}

// New returns a service over st.
func New(st Store, cfg Config) *Service {
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
	return &Service{
		store:          onceStore{Store: st, now: cfg.Now},
		cfg:            cfg,
		hashes:         auth.NewGate(cfg.HashSlots),
		publicThrottle: auth.NewThrottle(publicAttempts, publicWindow),
		room:           live.NewHub[record.RoomProblem](),
	}
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

// Ping checks the database (for /healthz).
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// entry starts an audit entry for the actor.
func (s *Service) entry(a Actor, action Action, patientID int64) clinic.AuditEntry {
	return clinic.AuditEntry{ClinicID: a.ClinicID, At: s.now(), UserID: a.UserID, Role: a.Role,
		Action: string(action), PatientID: patientID, Address: a.Address, RequestID: a.RequestID}
}

// auditRead records a read of patient data after it happened. Data is only
// returned once its read is on the record.
func (s *Service) auditRead(ctx context.Context, e clinic.AuditEntry) error {
	return clinic.Wrap(s.sideTx(ctx, func(tx Tx) error { return tx.AppendAudit(ctx, e) }),
		"Could not record access to this record.")
}
