package treatment

import (
	"context"
	"strconv"
	"strings"

	"onset/internal/record"
)

// publishVitalsAlerts tells the room about one reading's alerts as one
// problem, with every limit it broke.
func (s *Service) publishVitalsAlerts(ctx context.Context, ts record.TreatmentSession, v record.VitalsEntry, alerts []record.VitalsAlert) {
	name := ""
	if pt, err := s.store.Read().Patient(ctx, ts.ClinicID, ts.PatientID); err == nil {
		name = pt.Name()
	}
	var ms []string
	for _, al := range alerts {
		ms = append(ms, al.Message)
	}
	s.PublishRoom(record.RoomProblem{Kind: record.RoomVitalsAlert, ClinicID: ts.ClinicID, PatientID: ts.PatientID, PatientName: name,
		SessionID: ts.ID, Message: v.BP() + ", SpO2 " + strconv.Itoa(v.SpO2) + "%: " + strings.Join(ms, "; "), At: v.TakenAt})
}
