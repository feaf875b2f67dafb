// Package schedule holds the rules of the clinic's calendar: opening hours
// in the clinic's time zone, providers' availability, treatment chairs and
// rooms as resources that are never double-booked, appointment types with
// their durations, spacing rules for a series of treatments, recurring
// series that keep their local wall-clock time across daylight-saving
// changes, cancellation and rescheduling within a policy window, and a
// waitlist that offers freed slots.
//
// It is pure: no clock, no I/O, no mutable package state. "Now" and IDs are
// parameters. Instants are compared in UTC; a clinic's hours, weekdays and
// dates are read in its *time.Location, so 09:00 stays 09:00 local when
// the clocks change.
//
// The core is Calendar: built once from the bookings of a period, it
// answers "is this slot free?" with binary searches over each chair's,
// provider's and patient's sorted bookings, and finds free slots for a
// single appointment (Slots) or a whole series (FindSeries).
//
// Durations and spacing rules name their source (clinical-reference.md,
// "§" below); values without a published source are clinic defaults that
// the clinic's medical director owns, and say so.
package schedule
