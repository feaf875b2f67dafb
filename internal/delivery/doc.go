// Package delivery carries outreach's messages out of the building: email
// over SMTP (go-mail), text messages through an HTTP SMS provider speaking
// the Twilio Messages API, and a Router that sends each message by its
// channel. It implements outreach.Sender, as store implements the
// capabilities' storage; cli wires it in.
package delivery
