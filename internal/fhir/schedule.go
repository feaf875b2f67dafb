package fhir

import (
	"strconv"

	"onset/internal/record"
	"onset/internal/schedule"
)

// Appointment is a FHIR R4 Appointment.
type Appointment struct {
	ResourceType          string                   `json:"resourceType"`
	ID                    string                   `json:"id,omitempty"`
	Meta                  *Meta                    `json:"meta,omitempty"`
	Status                string                   `json:"status,omitempty"`
	ServiceType           []CodeableConcept        `json:"serviceType,omitempty"`
	Description           string                   `json:"description,omitempty"`
	SupportingInformation []Reference              `json:"supportingInformation,omitempty"`
	Start                 string                   `json:"start,omitempty"`
	End                   string                   `json:"end,omitempty"`
	Created               string                   `json:"created,omitempty"`
	Comment               string                   `json:"comment,omitempty"`
	Participant           []AppointmentParticipant `json:"participant,omitempty"`
}

// AppointmentParticipant is the patient, the provider or the chair/room.
type AppointmentParticipant struct {
	Actor  *Reference `json:"actor,omitempty"`
	Status string     `json:"status,omitempty"`
}

func (Appointment) Type() string { return "Appointment" }

var appointmentStatus = map[record.AppointmentStatus]string{
	record.AppointmentBooked: "booked", record.AppointmentCancelled: "cancelled", record.AppointmentAttended: "fulfilled",
}

// kindName is the name of an appointment kind, as the default types name it.
func kindName(k schedule.Kind) string {
	for _, t := range schedule.DefaultTypes() {
		if t.Kind == k {
			return t.Name
		}
	}
	return string(k)
}

// NewAppointment maps an appointment. Its provider is a bookable provider
// of the calendar; providerUserID is that provider's user account (the
// Practitioner), or 0 when the caller does not have it, and then the
// provider is named by identifier (urn:onset:booking-provider). A treatment
// booked from a plan refers to the CarePlan. meta.lastUpdated is known
// only where the record says when it last changed: when it was cancelled,
// or when it was booked if it was never moved since.
func NewAppointment(a record.Appointment, providerUserID int64) Appointment {
	out := Appointment{ResourceType: "Appointment", ID: idOf(a.ID), Status: appointmentStatus[a.Status],
		ServiceType: []CodeableConcept{{Text: kindName(a.Kind)}}, Description: kindName(a.Kind), Start: Instant(a.Start),
		End: Instant(a.End), Created: Instant(a.CreatedAt), Comment: a.Note}
	if out.Status == "" {
		out.Status = "booked"
	}
	switch {
	case a.Status == record.AppointmentCancelled && !a.CancelledAt.IsZero():
		out.Meta = metaAt(a.CancelledAt)
	case a.Status == record.AppointmentBooked && a.Reschedules == 0:
		out.Meta = metaAt(a.CreatedAt)
	}
	if a.PlanID != 0 {
		out.SupportingInformation = []Reference{*ref("CarePlan", a.PlanID)}
		if a.PlanSession != 0 {
			out.Description += ", plan session " + strconv.Itoa(a.PlanSession)
		}
	}
	patient := ref("Patient", a.PatientID)
	patient.Display = a.PatientName
	out.Participant = []AppointmentParticipant{{Actor: patient, Status: "accepted"}}
	if a.ProviderID != 0 {
		provider := refTo("Practitioner", providerUserID, a.ProviderName)
		if provider == nil {
			provider = &Reference{Identifier: &Identifier{System: SystemBookingProvider, Value: strconv.FormatInt(a.ProviderID, 10)},
				Display: a.ProviderName}
		}
		out.Participant = append(out.Participant, AppointmentParticipant{Actor: provider, Status: "accepted"})
	}
	if a.ResourceID != 0 {
		out.Participant = append(out.Participant, AppointmentParticipant{Actor: refTo("Location", a.ResourceID, a.ResourceName),
			Status: "accepted"})
	}
	return out
}

func (a Appointment) check(c *checker) {
	c.resource("Appointment", a.ResourceType, a.ID, a.Meta)
	c.oneOf("Appointment.status", a.Status, true, "proposed", "pending", "booked", "arrived", "fulfilled", "cancelled",
		"noshow", "entered-in-error", "checked-in", "waitlist")
	c.concepts("Appointment.serviceType", a.ServiceType, false)
	c.instant("Appointment.start", a.Start, false)
	c.instant("Appointment.end", a.End, false)
	if (a.Start == "") != (a.End == "") {
		c.add("Appointment", "needs both start and end, or neither (app-2)")
	}
	if a.Start == "" && a.Status != "proposed" && a.Status != "cancelled" && a.Status != "waitlist" {
		c.add("Appointment.start", "is required unless proposed, cancelled or waitlisted (app-3)")
	}
	if a.Start != "" && a.End != "" {
		c.period("Appointment", &Period{Start: a.Start, End: a.End})
	}
	c.dateTime("Appointment.created", a.Created, false)
	for i := range a.SupportingInformation {
		c.reference(at("Appointment.supportingInformation", i), &a.SupportingInformation[i], false)
	}
	if len(a.Participant) == 0 {
		c.add("Appointment.participant", "is required")
	}
	for i, p := range a.Participant {
		path := at("Appointment.participant", i)
		c.reference(path+".actor", p.Actor, true) // app-1: a type or an actor; Onset always names the actor
		c.oneOf(path+".status", p.Status, true, "accepted", "declined", "tentative", "needs-action")
	}
}
