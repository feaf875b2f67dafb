package store_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// Staff find a patient by name, MRN, email, phone (any punctuation) or
// birth date, on both engines; possible duplicates are found the same way.
func TestSearchByPhoneAndBirthDate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		born := time.Date(1984, 7, 9, 0, 0, 0, 0, time.UTC)
		var id int64
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var err error
			id, err = q.CreatePatient(ctx, clinic.Patient{ClinicID: cid, MRN: "S-1", GivenName: "Ruth", FamilyName: "Okafor",
				Sex: "female", BirthDate: born, Email: "ruth@example.org", Phone: "(555) 010-0177", CreatedAt: now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"okafor", "S-1", "ruth@", "555 010 0177", "+1-555-010-0177", "0100177", "1984-07-09"} {
			page, err := db.Reader().SearchPatients(ctx, cid, q, 10, 0)
			if err != nil || page.Total != 1 || len(page.Patients) != 1 || page.Patients[0].ID != id {
				t.Errorf("search %q: %+v %v", q, page, err)
			}
		}
		for _, q := range []string{"1984-07-10", "0199", "nobody"} {
			if page, err := db.Reader().SearchPatients(ctx, cid, q, 10, 0); err != nil || page.Total != 0 {
				t.Errorf("search %q found %d (%v)", q, page.Total, err)
			}
		}
		// An edit is found by its new name at once, and not by the old
		// (SQLite's search index is kept by triggers, migration 0038).
		err = db.WithTx(ctx, func(q *store.Queries) error {
			p, err := q.Patient(ctx, cid, id)
			if err != nil {
				return err
			}
			p.FamilyName, p.Phone = "Adeyemi", "(555) 010-0999"
			return q.UpdatePatient(ctx, p)
		})
		if err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"adeyemi": 1, "okafor": 0, "0100999": 1, "0100177": 0, "ruth ade": 1} {
			if page, err := db.Reader().SearchPatients(ctx, cid, q, 10, 0); err != nil || page.Total != want {
				t.Errorf("after the edit, search %q found %d, want %d (%v)", q, page.Total, want, err)
			}
		}
		err = db.WithTx(ctx, func(q *store.Queries) error {
			p, err := q.Patient(ctx, cid, id)
			if err != nil {
				return err
			}
			p.FamilyName, p.Phone = "Okafor", "(555) 010-0177"
			return q.UpdatePatient(ctx, p)
		})
		if err != nil {
			t.Fatal(err)
		}
		dups, err := db.Reader().PossibleDuplicates(ctx, cid, clinic.Patient{MRN: "S-9", GivenName: "ruth", FamilyName: "OKAFOR", BirthDate: born})
		if err != nil || len(dups) != 1 {
			t.Errorf("same name and birth date: %v %v", dups, err)
		}
		if dups, _ := db.Reader().PossibleDuplicates(ctx, cid, clinic.Patient{MRN: "S-9", GivenName: "Other", FamilyName: "Person",
			BirthDate: born, Phone: "+1 555 010 0177"}); len(dups) != 1 {
			t.Errorf("same phone: %v", dups)
		}
		if dups, _ := db.Reader().PossibleDuplicates(ctx, cid, clinic.Patient{MRN: "S-9", GivenName: "Other", FamilyName: "Person",
			BirthDate: born, Phone: "+1 555 010 0178"}); len(dups) != 0 {
			t.Errorf("a different person: %v", dups)
		}
	})
}
