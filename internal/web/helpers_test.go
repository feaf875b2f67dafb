package web_test

import (
	"onset/internal/clinic"
	"onset/internal/service"
)

type serviceActor = service.Actor

func systemActor(clinicID int64) service.Actor { return service.System(clinicID) }

func actorOf(u clinic.User) service.Actor {
	return service.Actor{UserID: u.ID, ClinicID: u.ClinicID, Role: u.Role, PatientID: u.PatientID}
}
