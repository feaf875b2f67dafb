package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/service/notes"
)

// A patient's notes are searched on their notes page: every word, any
// case; the search is a read of the notes like any other (audited), and an
// over-long search is refused.
func TestNotesSearch(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	doc := actorOf(f.users[clinic.RoleClinician])
	for _, body := range []string{"Grief about her father; sleeping better.", "PHQ-9 down to 8. Continue the IV series."} {
		if _, err := f.svc.CreateNote(t.Context(), doc, f.patient, notes.Input{Kind: "progress", Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	c := f.signIn(clinic.RoleClinician)
	page := "/patients/" + strconv.FormatInt(f.patient, 10) + "/notes"
	before := f.auditCount(string("note.read"), f.patient)
	body := c.getBody(page+"?q=SLEEPING+grief", http.StatusOK)
	if !strings.Contains(body, `id="notes-found">1 of 2 notes`) || strings.Count(body, `href="/notes/`) != 1 {
		t.Errorf("search for two words of one note:\n%s", body)
	}
	if body := c.getBody(page+"?q=nowhere", http.StatusOK); !strings.Contains(body, "No note holds that.") {
		t.Errorf("a search that finds nothing")
	}
	if after := f.auditCount(string("note.read"), f.patient); after != before+2 {
		t.Errorf("searches audited %d times, want 2", after-before)
	}
	if res := c.get(page + "?q=" + strings.Repeat("a", 201)); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a 201-character search: %d", res.StatusCode)
	}
}
