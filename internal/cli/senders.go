package cli

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"time"

	"onset/internal/delivery"
)

// senderFlags are where messages go: an SMTP server for email and an SMS
// provider for text messages. The environment gives the defaults, so a
// password need not appear in the process list.
type senderFlags struct{ smtp, sms *string }

func addSenderFlags(fs *flag.FlagSet) senderFlags {
	return senderFlags{
		smtp: fs.String("smtp-url", os.Getenv("ONSET_SMTP_URL"),
			"email server: smtp://user:password@host:587?from=clinic@example.org (STARTTLS) or smtps://… (TLS); default $ONSET_SMTP_URL"),
		sms: fs.String("sms-url", os.Getenv("ONSET_SMS_URL"),
			"SMS provider (Twilio Messages API): https://ACCOUNT_SID:AUTH_TOKEN@api.twilio.com?from=%2B15551234567; default $ONSET_SMS_URL"),
	}
}

// router builds the senders. A URL that does not parse is an error: the
// clinic must fix it before starting. A server that cannot be reached or
// refuses the sign-in is only warned about, as the server starts: messages
// wait in the outbox, with the reason, until it answers.
func (f senderFlags) router(ctx context.Context, logger *slog.Logger) (delivery.Router, *delivery.SMS, error) {
	var r delivery.Router
	var email *delivery.Email
	var sms *delivery.SMS
	var err error
	if *f.smtp != "" {
		if email, err = delivery.ParseSMTPURL(*f.smtp); err != nil {
			return r, nil, err
		}
		r.Email = email
	}
	if *f.sms != "" {
		if sms, err = delivery.ParseSMSURL(*f.sms); err != nil {
			return r, nil, err
		}
		r.SMS = sms
	}
	if email == nil {
		logger.Warn("no --smtp-url: email waits in the outbox until one is configured")
	} else {
		// Checked beside the start, not before it: a mail server that does
		// not answer must not keep the clinic's pages from opening.
		go func() {
			checkCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
			defer cancel()
			if err := email.Check(checkCtx); err != nil {
				logger.Warn("the email server does not answer now: email waits in the outbox until it does", "server", email.String(), "error", err)
			} else {
				logger.Info("email goes out through " + email.String())
			}
		}()
	}
	if sms == nil {
		logger.Warn("no --sms-url: text messages wait in the outbox until one is configured")
	} else {
		logger.Info("text messages go out through " + sms.String())
	}
	return r, sms, nil
}
