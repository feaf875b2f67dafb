package notes

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the clinical-note use cases.
type Queries interface {
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	Note(ctx context.Context, clinicID, id int64) (record.ClinicalNote, error)
	PatientNotes(ctx context.Context, clinicID, patientID int64) ([]record.ClinicalNote, error)
	// Templates, and what a consultation note starts from (templates.go).
	NoteTemplates(ctx context.Context, clinicID int64) ([]record.NoteTemplate, error)
	LatestIntake(ctx context.Context, clinicID, patientID int64) (record.Intake, error)
	Assessments(ctx context.Context, clinicID, patientID int64) ([]clinic.Assessment, error)
	service.SettingsReader
}

// Tx is a write transaction of the clinical-note use cases.
type Tx interface {
	Queries
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	CreateNote(ctx context.Context, n record.ClinicalNote) (int64, error)
	UpdateNoteDraft(ctx context.Context, n record.ClinicalNote) (bool, error)
	SignNote(ctx context.Context, clinicID, id int64, at time.Time) (bool, error)
	CreateNoteAddendum(ctx context.Context, clinicID int64, a record.NoteAddendum) (int64, error)
	SaveNoteTemplate(ctx context.Context, t record.NoteTemplate) (int64, error)
	DeleteNoteTemplate(ctx context.Context, clinicID, id int64) error
	// The patient's courses and signed therapy notes, and each course's
	// psychotherapy recounted from them (the outcome analytics' therapy factor).
	Courses(ctx context.Context, clinicID, patientID int64) ([]clinic.Course, error)
	SignedTherapyNoteTimes(ctx context.Context, clinicID, patientID int64) ([]time.Time, error)
	SetCourseTherapy(ctx context.Context, clinicID int64, t record.CourseTherapy) error
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
