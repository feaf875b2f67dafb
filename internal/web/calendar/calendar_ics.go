package calendar

import (
	"strconv"
	"strings"
	"time"

	"onset/internal/record"
)

// iCalendar (RFC 5545) export of appointments: CRLF line endings, lines
// folded at 75 octets, one VEVENT per appointment with a stable UID, times
// in UTC (DTSTART:20260601T080000Z), text escaped per §3.3.11.

const icsTime = "20060102T150405Z"

// icsEvent is one appointment as the calendar shows it.
type icsEvent struct {
	UID, Summary, Location, Description string
	Start, End, Stamp                   time.Time
	Cancelled                           bool
}

// icsEscape escapes TEXT values: backslash, semicolon, comma and newlines.
func icsEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// icsFold folds a content line to at most 75 octets per line, never
// splitting a UTF-8 character, continuing with CRLF and one space.
func icsFold(line string) string {
	if len(line) <= 75 {
		return line + "\r\n"
	}
	var b strings.Builder
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && line[cut]&0xC0 == 0x80 { // inside a UTF-8 sequence
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}

// writeICS renders a VCALENDAR with the events.
func writeICS(name string, events []icsEvent) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(icsFold(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Onset//Clinic booking//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + icsEscape(name))
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + e.UID)
		line("DTSTAMP:" + e.Stamp.UTC().Format(icsTime))
		line("DTSTART:" + e.Start.UTC().Format(icsTime))
		line("DTEND:" + e.End.UTC().Format(icsTime))
		line("SUMMARY:" + icsEscape(e.Summary))
		if e.Location != "" {
			line("LOCATION:" + icsEscape(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION:" + icsEscape(e.Description))
		}
		if e.Cancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

// appointmentUID is stable for an appointment across exports and moves,
// so calendar programs update the event instead of adding another.
func appointmentUID(a record.Appointment) string {
	return "appointment-" + strconv.FormatInt(a.ClinicID, 10) + "-" + strconv.FormatInt(a.ID, 10) + "@onset"
}
