package service

import "context"

// RecordAuditForBench appends the audit row that Patient writes, alone.
func (s *Service) RecordAuditForBench(ctx context.Context, a Actor, patientID int64) error {
	e := s.Entry(a, ActPatientRead, patientID)
	e.RecordType, e.RecordID = "patient", patientID
	return s.AuditRead(ctx, e)
}
