package outreach

import (
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
)

// What a message says. Each kind has an email (a text part and an HTML
// part from the same words) and a text message. They carry the minimum
// necessary (HIPAA's minimum-necessary standard, 45 CFR 164.502(b)): the
// clinic's name, the patient's given name, a time in the clinic's time
// zone and a link — never a diagnosis, a score, a questionnaire's name or
// a medication's.

// note is what every template reads.
type note struct {
	Clinic       string
	Name         string   // the patient's given name
	URL          string   // the questionnaire link
	Questions    int      // how many questions, roughly
	Closes       string   // when the link closes, local time
	Visit        string   // the appointment, as a patient says it
	When         string   // the appointment's start, local time
	Instructions []string // before the visit
	Notice       string   // what happened to an appointment
	Later        []string // the visits booked with it, after it (a series)
	More         int      // and how many beyond those listed
}

var (
	emailText = texttemplate.Must(texttemplate.New("").Parse(`
{{define "questionnaire"}}Hello {{.Name}},

{{.Clinic}} asks you to answer a short questionnaire (about {{.Questions}} questions). It helps your care team see how you are doing.

{{.URL}}

The link works once and closes on {{.Closes}}. If you feel unsafe, call your local emergency number or a crisis line now; do not wait for the clinic.
{{end}}
{{define "reset"}}Hello {{.Name}},

someone asked to set a new password for your {{.Clinic}} account. If it was you, set it here within the hour:

{{.URL}}

If it was not you, ignore this email: your password stays as it is.
{{end}}
{{define "invite"}}Hello {{.Name}},

{{.Clinic}} invites you to its patient portal, where you can answer questionnaires, see your appointments and book. Set your password here (the link works for 7 days):

{{.URL}}
{{end}}
{{define "notice"}}Hello {{.Name}},

{{.Notice}}
{{if .Later}}
Your visits after it:
{{range .Later}}- {{.}}
{{end}}{{if .More}}- and {{.More}} more: see the patient portal
{{end}}{{end}}{{if .Instructions}}
Before your visit:
{{range .Instructions}}- {{.}}
{{end}}{{end}}
To cancel or move an appointment, sign in to the patient portal or call the clinic.
{{end}}
{{define "message"}}Hello {{.Name}},

{{.Clinic}} has sent you a message. Sign in to the patient portal to read it:

{{.URL}}

For your privacy, this email does not include the message. If you feel unsafe, call your local emergency number or a crisis line now; do not wait for the clinic.
{{end}}
{{define "reminder"}}Hello {{.Name}},

this is a reminder of your {{.Visit}} at {{.Clinic}} on {{.When}}.

Before your visit:
{{range .Instructions}}- {{.}}
{{end}}
To cancel or move the appointment, sign in to the patient portal or call the clinic.
{{end}}`))

	emailHTML = htmltemplate.Must(htmltemplate.New("").Parse(`
{{define "questionnaire"}}<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">
<p>Hello {{.Name}},</p>
<p>{{.Clinic}} asks you to answer a short questionnaire (about {{.Questions}} questions). It helps your care team see how you are doing.</p>
<p><a href="{{.URL}}" style="display:inline-block;padding:.6em 1.2em;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">Answer the questionnaire</a></p>
<p>The link works once and closes on {{.Closes}}.</p>
<p>If you feel unsafe, call your local emergency number or a crisis line now; do not wait for the clinic.</p>
</body></html>{{end}}
{{define "reset"}}<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">
<p>Hello {{.Name}},</p>
<p>Someone asked to set a new password for your {{.Clinic}} account. If it was you, set it within the hour:</p>
<p><a href="{{.URL}}" style="display:inline-block;padding:.6em 1.2em;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">Set a new password</a></p>
<p>If it was not you, ignore this email: your password stays as it is.</p>
</body></html>{{end}}
{{define "invite"}}<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">
<p>Hello {{.Name}},</p>
<p>{{.Clinic}} invites you to its patient portal, where you can answer questionnaires, see your appointments and book.</p>
<p><a href="{{.URL}}" style="display:inline-block;padding:.6em 1.2em;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">Set your password</a> (the link works for 7 days)</p>
</body></html>{{end}}
{{define "notice"}}<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">
<p>Hello {{.Name}},</p>
<p>{{.Notice}}</p>
{{if .Later}}<p>Your visits after it:</p>
<ul>{{range .Later}}<li>{{.}}</li>{{end}}{{if .More}}<li>and {{.More}} more: see the patient portal</li>{{end}}</ul>{{end}}
{{if .Instructions}}<p>Before your visit:</p>
<ul>{{range .Instructions}}<li>{{.}}</li>{{end}}</ul>{{end}}
<p>To cancel or move an appointment, sign in to the patient portal or call the clinic.</p>
</body></html>{{end}}
{{define "message"}}<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">
<p>Hello {{.Name}},</p>
<p>{{.Clinic}} has sent you a message. Sign in to the patient portal to read it:</p>
<p><a href="{{.URL}}" style="display:inline-block;padding:.6em 1.2em;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">Read the message</a></p>
<p>For your privacy, this email does not include the message.</p>
<p>If you feel unsafe, call your local emergency number or a crisis line now; do not wait for the clinic.</p>
</body></html>{{end}}
{{define "reminder"}}<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">
<p>Hello {{.Name}},</p>
<p>This is a reminder of your {{.Visit}} at {{.Clinic}} on <strong>{{.When}}</strong>.</p>
<p>Before your visit:</p>
<ul>{{range .Instructions}}<li>{{.}}</li>{{end}}</ul>
<p>To cancel or move the appointment, sign in to the patient portal or call the clinic.</p>
</body></html>{{end}}`))

	smsText = texttemplate.Must(texttemplate.New("").Parse(`
{{define "questionnaire"}}{{.Clinic}}: please answer a short questionnaire: {{.URL}} (closes {{.Closes}}). Reply STOP to stop texts.{{end}}
{{define "notice"}}{{.Clinic}}: {{.Notice}}{{with .Later}} Then {{len .}}{{if $.More}}+{{end}} more visit(s): see the patient portal.{{end}} Reply STOP to stop texts.{{end}}
{{define "message"}}{{.Clinic}}: a message waits for you in the patient portal: {{.URL}} Reply STOP to stop texts.{{end}}
{{define "reminder"}}{{.Clinic}}: reminder of your {{.Visit}} on {{.When}}. Before your visit:{{range .Instructions}} {{.}}{{end}} Reply STOP to stop texts.{{end}}`))
)

// compose renders kind for channel. The templates are fixed and their
// data plain strings, so rendering cannot fail once they parse.
func compose(kind, channel, recipient, subject string, n note) Message {
	m := Message{Channel: channel, Recipient: recipient, ClinicName: n.Clinic}
	var b strings.Builder
	if channel == ChannelSMS {
		smsText.ExecuteTemplate(&b, kind, n)
		m.Body = strings.TrimSpace(b.String())
		return m
	}
	emailText.ExecuteTemplate(&b, kind, n)
	m.Body, m.Subject = strings.TrimLeft(b.String(), "\n"), subject
	b.Reset()
	emailHTML.ExecuteTemplate(&b, kind, n)
	m.HTML = b.String()
	return m
}

// QuestionnaireMessage invites the patient to answer a questionnaire link.
func QuestionnaireMessage(clinicName string, p clinic.Patient, url string, questions int, closes time.Time, loc *time.Location, reminder bool, channel, recipient string) Message {
	subject := "A short questionnaire from " + clinicName
	if reminder {
		subject = "Reminder: " + subject
	}
	return compose("questionnaire", channel, recipient, subject, note{Clinic: clinicName, Name: p.GivenName, URL: url,
		Questions: questions, Closes: localTime(closes, loc)})
}

// ReminderMessage writes the reminder of ap for the patient.
func ReminderMessage(st record.ClinicSettings, p clinic.Patient, ap record.Appointment, loc *time.Location, channel, recipient string) Message {
	return compose("reminder", channel, recipient, "Reminder: your "+visitName(ap.Kind)+" on "+ap.Start.In(loc).Format("Mon 2 Jan at 15:04"),
		note{Clinic: st.Name, Name: p.GivenName, Visit: visitName(ap.Kind), When: localTime(ap.Start, loc),
			Instructions: st.VisitInstructions(ap.Kind)})
}

// AccountMessage writes a password-reset link or a portal invitation.
func AccountMessage(clinicName, name, kind, url, recipient string) Message {
	subject := "Set a new password for " + clinicName
	if kind == record.PortalInvite {
		subject = clinicName + " invites you to its patient portal"
	}
	return compose(kind, ChannelEmail, recipient, subject, note{Clinic: clinicName, Name: name, URL: url})
}

// NoticeMessage tells the patient ap was booked, moved or cancelled. A
// booked notice lists later, the visits booked with ap after it, so a
// series booked at once is one message.
func NoticeMessage(st record.ClinicSettings, p clinic.Patient, ap record.Appointment, later []record.Appointment, kind string, loc *time.Location, channel, recipient string) Message {
	clinicName := st.Name
	when := localTime(ap.Start, loc)
	n := note{Clinic: clinicName, Name: p.GivenName, Visit: visitName(ap.Kind), When: when}
	var subject string
	switch kind {
	case record.NoticeCancelled:
		subject = "Cancelled: your " + n.Visit + " on " + ap.Start.In(loc).Format("Mon 2 Jan")
		n.Notice = "Your " + n.Visit + " at " + clinicName + " on " + when + " is cancelled."
	case record.NoticeMoved:
		subject = "Moved: your " + n.Visit + " is now on " + ap.Start.In(loc).Format("Mon 2 Jan at 15:04")
		n.Notice = "Your " + n.Visit + " at " + clinicName + " is now on " + when + "."
		n.Instructions = st.VisitInstructions(ap.Kind)
	default:
		subject = "Booked: your " + n.Visit + " on " + ap.Start.In(loc).Format("Mon 2 Jan at 15:04")
		n.Notice = "Your " + n.Visit + " at " + clinicName + " is booked for " + when + "."
		n.Instructions = st.VisitInstructions(ap.Kind)
		for i, l := range later {
			if i == maxListed {
				n.More = len(later) - maxListed
				break
			}
			n.Later = append(n.Later, visitName(l.Kind)+": "+localTime(l.Start, loc))
		}
		if len(later) > 0 {
			subject = fmt.Sprintf("Booked: %d visits from %s", len(later)+1, ap.Start.In(loc).Format("Mon 2 Jan"))
		}
	}
	if channel == ChannelSMS {
		n.Instructions = nil // the reminder 48 hours ahead carries them
	}
	return compose("notice", channel, recipient, subject, n)
}

// WaitingMessage tells the patient that a message from the clinic waits
// in the portal, at url. It says nothing of the message: not its subject,
// not who wrote it, not a word of it.
func WaitingMessage(clinicName, name, url, channel, recipient string) Message {
	return compose("message", channel, recipient, "A message from "+clinicName+" is waiting in your patient portal",
		note{Clinic: clinicName, Name: name, URL: url})
}

// maxListed is how many later visits a notice lists; the portal has all.
const maxListed = 12

// localTime writes t in the clinic's zone, with the zone's abbreviation so
// a patient travelling knows which clock it means.
func localTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Monday 2 January 2006 at 15:04 MST")
}

// visitName is the appointment kind as a patient says it, without naming
// the medication.
func visitName(k schedule.Kind) string {
	switch k {
	case schedule.Consultation:
		return "consultation"
	case schedule.Infusion, schedule.Injection, schedule.Esketamine:
		return "treatment session"
	case schedule.FollowUp:
		return "follow-up appointment"
	}
	return "appointment"
}
