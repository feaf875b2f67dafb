package page

import (
	"net/http"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/accounts"
)

// LikeYouData adds a patient's "patients like you" estimate (issue 15) to
// a page's data as "LikeYou", when the viewer may read it. route is the
// planned route, or "" for the patient's latest course's.
func (s *Kit) LikeYouData(r *http.Request, p *accounts.Principal, patientID int64, route clinic.Route, data map[string]any) error {
	if !service.Allowed(p.Role, service.ActExpect) {
		return nil
	}
	ly, err := s.Svc.PatientLikeYou(r.Context(), p.Actor, patientID, route)
	switch {
	case err == nil:
	case clinic.ErrorCode(err) == clinic.Forbidden || clinic.ErrorCode(err) == clinic.NotFound: // off a therapist's caseload
		return nil
	default:
		return err
	}
	data["LikeYou"] = ly
	return nil
}
