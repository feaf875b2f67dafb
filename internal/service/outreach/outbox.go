package outreach

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/service"
)

// Message is one email or SMS to deliver. It carries the minimum
// necessary: no diagnosis, no scores, no medication names.
type Message struct {
	Channel             string // ChannelEmail or ChannelSMS
	Recipient           string // an email address, or a phone number in E.164 (+15551234567)
	Subject             string // email only
	Body                string // plain text: the whole of a text message, the text part of an email
	HTML                string // email only: the HTML part; empty sends text alone
	ClinicName, ReplyTo string // the sender's name and reply address for email
	// From is the clinic's own sender: an email address, or the number a
	// text comes from; empty for the one configured with the sender.
	From string
}

// Channels a message goes by.
const (
	ChannelEmail = clinic.ChannelEmail
	ChannelSMS   = clinic.ChannelSMS
)

// Sender delivers messages: internal/delivery has SMTP email and an HTTP
// SMS provider. A Sender's error is retried later unless it is Permanent.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// permanent marks a delivery failure that retrying cannot fix (an address
// the server refuses, a number that opted out at the provider).
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks err as a failure that retrying cannot fix.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// IsPermanent reports whether err, or one it wraps, was marked Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

// OutboxOptions configure a run of the outbox.
type OutboxOptions struct {
	BaseURL string // e.g. https://clinic.example; links are BaseURL + "/q/" + token
	Sender  Sender
	Limit   int // messages delivered per run; 0 means 500
	Workers int // messages in flight at once; 0 means DefaultWorkers

	settings *settingsCache // each clinic's settings, read once a run (RunOutbox sets it)
}

// settingsCache keeps each clinic's settings for one run, so a batch of
// messages reads them once per clinic, not once per message.
type settingsCache struct {
	mu   sync.Mutex
	byID map[int64]clinicSettings
}

type clinicSettings struct {
	st  record.ClinicSettings
	loc *time.Location
}

// clinicSettings are the clinic's settings in force, from this run's cache.
func (o OutboxOptions) clinicSettings(ctx context.Context, q service.SettingsReader, clinicID int64) (record.ClinicSettings, *time.Location, error) {
	if o.settings == nil {
		return service.ClinicSettingsIn(ctx, q, clinicID)
	}
	o.settings.mu.Lock()
	defer o.settings.mu.Unlock()
	if c, ok := o.settings.byID[clinicID]; ok {
		return c.st, c.loc, nil
	}
	st, loc, err := service.ClinicSettingsIn(ctx, q, clinicID)
	if err == nil {
		o.settings.byID[clinicID] = clinicSettings{st, loc}
	}
	return st, loc, err
}

// DefaultWorkers is how many messages a run sends at once: enough to hide
// a mail server's round trips, few enough not to look like a flood.
const DefaultWorkers = 4

func (o OutboxOptions) workers() int {
	if o.Workers <= 0 {
		return DefaultWorkers
	}
	return o.Workers
}

// sendBatch claims what is due (claim runs in a write transaction and
// holds what it takes; see ClaimDueOutboxMessages), then delivers each,
// opts.workers() at a time, counting outcomes in rep.
func sendBatch[T any](ctx context.Context, s *Service, opts OutboxOptions, rep *OutboxReport, what string,
	claim func(tx Tx, now time.Time) ([]T, error), deliver func(T) (outcome, error)) error {
	var due []T
	err := s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		due, err = claim(tx, s.Now())
		return err
	})
	if err != nil {
		return clinic.Wrap(err, "Could not read the "+what+".")
	}
	var mu sync.Mutex
	return concurrently(ctx, opts.workers(), due, func(it T) error {
		out, err := deliver(it)
		mu.Lock()
		defer mu.Unlock()
		rep.count(out, err)
		return err
	})
}

// concurrently calls fn for each item, at most n at a time, until one
// fails or ctx ends; it returns the first error.
func concurrently[T any](ctx context.Context, n int, items []T, fn func(T) error) error {
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for _, it := range items {
		if ctx.Err() != nil {
			once.Do(func() { first = ctx.Err() })
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := fn(it); err != nil {
				once.Do(func() { first = err })
			}
		}()
	}
	wg.Wait()
	return first
}

// OutboxReport counts what a run did.
type OutboxReport struct {
	Scheduled int `json:"scheduled"` // links made by the schedule
	Expired   int `json:"expired"`   // messages ended because their link expired or was answered
	Sent      int `json:"sent"`
	Failed    int `json:"failed"` // delivery attempts that failed (retried later)

	// Appointment reminders queued (reminders.go); their deliveries count in sent and failed.
	Reminders int `json:"reminders"`
	Deferred  int `json:"deferred"` // held until the clinic's quiet hours end
}

func (r *OutboxReport) count(out outcome, err error) {
	switch {
	case err != nil:
	case out == delivered:
		r.Sent++
	case out == failedAttempt:
		r.Failed++
	case out == deferred:
		r.Deferred++
	}
}

// claimHold is how long a run holds the messages it took: long enough to
// send a batch, short enough that a crashed process's messages go out
// soon after.
const claimHold = 10 * time.Minute

// retryAt is when a failed delivery is tried again: 15 minutes doubled
// with each attempt, capped at 6 hours, plus up to a quarter more at
// random so that messages failed together (a mail server down) do not
// all come back in the same minute. A Permanent failure is not retried:
// the zero time gives the message up.
func retryAt(now time.Time, attempts int, err error) time.Time {
	if IsPermanent(err) {
		return time.Time{}
	}
	d := min(15*time.Minute<<min(attempts, 5), 6*time.Hour)
	return now.Add(d + time.Duration(rand.Int64N(int64(d/4))))
}

// RunOutbox runs the measurement schedule and the outbox once, as the
// system: it makes the links that courses' schedules say are due (with
// their invitations and reminders), ends messages whose link expired, and
// delivers the messages that are due. Each change is its own transaction
// with its audit row; a run repeated at once does nothing new.
func (s *Service) RunOutbox(ctx context.Context, opts OutboxOptions) (OutboxReport, error) {
	if opts.Sender == nil {
		return OutboxReport{}, clinic.Errorf(clinic.Invalid, "No message sender is configured.")
	}
	if opts.Limit <= 0 {
		opts.Limit = 500
	}
	opts.settings = &settingsCache{byID: map[int64]clinicSettings{}}
	var rep OutboxReport
	ids, err := s.store.Read().ClinicIDs(ctx)
	if err != nil {
		return rep, clinic.Wrap(err, "Could not list clinics.")
	}
	for _, id := range ids {
		n, err := s.links.ScheduleLinks(ctx, service.System(id))
		rep.Scheduled += n
		if err != nil {
			return rep, err
		}
		// Appointment reminders with pre-visit instructions (reminders.go).
		n, err = s.ScheduleReminders(ctx, service.System(id))
		rep.Reminders += n
		if err != nil {
			return rep, err
		}
		now := s.Now()
		err = s.store.WithTx(ctx, func(tx Tx) error {
			n, err := tx.ExpireOutbox(ctx, id, now)
			if err != nil || n == 0 {
				return err
			}
			rep.Expired += int(n)
			e := s.Entry(service.System(id), "outbox.expire", 0)
			e.RecordType = "outbox"
			return tx.AppendAudit(ctx, e)
		})
		if err != nil {
			return rep, clinic.Wrap(err, "Could not expire old messages.")
		}
	}
	err = sendBatch(ctx, s, opts, &rep, "outbox", func(tx Tx, now time.Time) ([]record.OutboxMessage, error) {
		return tx.ClaimDueOutboxMessages(ctx, now, now.Add(claimHold), opts.Limit)
	}, func(m record.OutboxMessage) (outcome, error) { return s.deliver(ctx, opts, m) })
	if err != nil {
		return rep, err
	}
	if err := s.deliverReminders(ctx, opts, &rep); err != nil {
		return rep, err
	}
	if err := s.deliverNotices(ctx, opts, &rep); err != nil {
		return rep, err
	}
	if err := s.deliverMessageNotices(ctx, opts, &rep); err != nil {
		return rep, err
	}
	return rep, s.deliverAccountMessages(ctx, opts, &rep)
}

// deliver sends one message and records the outcome.
func (s *Service) deliver(ctx context.Context, opts OutboxOptions, m record.OutboxMessage) (outcome, error) {
	r := s.store.Read()
	l, err := r.Link(ctx, m.ClinicID, m.LinkID)
	if err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not read a queued message's link.")
	}
	p, err := r.Patient(ctx, m.ClinicID, m.PatientID)
	if err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not read a queued message's patient.")
	}
	st, loc, err := opts.clinicSettings(ctx, r, m.ClinicID)
	if err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not read the clinic's settings.")
	}
	now := s.Now()
	if until, quiet := st.QuietEnd(now, loc); quiet {
		return deferred, clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
			return tx.MarkOutboxFailed(ctx, m.ID, "", until) // no failure: held until then
		}), "Could not hold a message until the quiet hours end.")
	}
	in, _ := scales.Lookup(l.Instrument)
	url := strings.TrimRight(opts.BaseURL, "/") + "/q/" + m.Token
	msg := signed(st, QuestionnaireMessage(st.Name, p, url, len(in.Items), l.ExpiresAt, loc, m.Kind == "reminder", m.Channel, m.Recipient))
	sendErr := s.optedOut(ctx, msg) // a STOP is honoured even for a text queued before it
	if sendErr == nil {
		sendErr = opts.Sender.Send(ctx, msg)
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		e := s.Entry(service.System(m.ClinicID), "outbox.send", m.PatientID)
		e.RecordType, e.RecordID = "outbox", m.ID
		if sendErr != nil {
			e.Action = "outbox.fail"
			if err := tx.MarkOutboxFailed(ctx, m.ID, truncate(sendErr.Error(), 500), retryAt(now, m.Attempts, sendErr)); err != nil {
				return err
			}
		} else if err := tx.MarkOutboxSent(ctx, m.ID, now); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, e)
	})
	if sendErr != nil {
		return failedAttempt, clinic.Wrap(err, "Could not record a delivery.")
	}
	return delivered, clinic.Wrap(err, "Could not record a delivery.")
}

// What became of a due message or reminder.
type outcome int

const (
	delivered     outcome = iota
	failedAttempt         // retried later, or given up when permanent
	closed                // its appointment was cancelled, moved or began
	deferred              // held until the clinic's quiet hours end
)

// signed signs a message as the clinic's settings say: the sender's name
// and the address replies go to.
func signed(st record.ClinicSettings, m Message) Message {
	if st.SenderName != "" {
		m.ClinicName = st.SenderName
	}
	m.ReplyTo, m.From = st.ReplyTo, st.SenderEmail
	if m.Channel == ChannelSMS {
		m.From = st.SMSFrom
	}
	return m
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
