package store_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// A signed note and its addenda do not change, even by a statement that
// bypasses the store's own draft-only update.
func TestSignedNoteIsLockedInTheDatabase(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		var noteID int64
		if err := db.WithTx(ctx, func(q *store.Queries) error {
			cid, err := q.CreateClinic(ctx, clinic.Clinic{Name: "C"}, now)
			if err != nil {
				return err
			}
			pid, err := q.CreatePatient(ctx, clinic.Patient{ClinicID: cid, MRN: "N-1", GivenName: "A", FamilyName: "B", Sex: "female",
				BirthDate: now.AddDate(-40, 0, 0), CreatedAt: now})
			if err != nil {
				return err
			}
			uid, err := q.CreateUser(ctx, clinic.User{ClinicID: cid, Email: "t@example.org", Name: "T", Role: clinic.RoleTherapist,
				PasswordHash: "x", CreatedAt: now})
			if err != nil {
				return err
			}
			if noteID, err = q.CreateNote(ctx, record.ClinicalNote{ClinicID: cid, PatientID: pid, Kind: record.NoteTherapy,
				Session: "integration", Body: "draft", AuthorID: uid, AuthorName: "T", AuthorRole: clinic.RoleTherapist, CreatedAt: now}); err != nil {
				return err
			}
			if ok, err := q.SignNote(ctx, cid, noteID, now); err != nil || !ok {
				t.Fatalf("sign: %v %v", ok, err)
			}
			_, err = q.CreateNoteAddendum(ctx, cid, record.NoteAddendum{NoteID: noteID, Body: "later", AuthorID: uid, AuthorName: "T", CreatedAt: now})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for _, stmt := range []string{"UPDATE clinical_notes SET body = 'changed'", "UPDATE clinical_notes SET signed_at = NULL",
			"UPDATE note_addenda SET body = 'changed'"} {
			if err := db.RawExecForTest(ctx, stmt); err == nil {
				t.Errorf("%s was allowed", stmt)
			}
		}
	})
}
