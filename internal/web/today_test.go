package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
)

// The front desk marks a patient arrived from the Today board: the card
// says so and offers no second arrival.
func TestBoardMarksArrival(t *testing.T) {
	t.Parallel()
	f, _ := bookingFixture(t)
	fd := f.signIn(clinic.RoleFrontDesk)
	if res := fd.post("/patients/"+strconv.FormatInt(f.other, 10)+"/appointments", url.Values{"kind": {"consultation"},
		"date": {"2026-05-20"}, "time": {"14:00"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("booking: %d %s", res.StatusCode, body(res))
	}
	board := fd.getBody("/today", http.StatusOK)
	m := regexp.MustCompile(`action="/appointments/(\d+)/arrive"`).FindStringSubmatch(board)
	if m == nil {
		t.Fatalf("no Arrived button on the board:\n%s", board)
	}
	res := fd.post("/appointments/"+m[1]+"/arrive", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/today" {
		t.Fatalf("arrive: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	board = fd.follow(res)
	if !strings.Contains(board, "has arrived.") || !strings.Contains(board, `<span class="status board-state">arrived</span>`) ||
		strings.Contains(board, `action="/appointments/`+m[1]+`/arrive"`) {
		t.Errorf("the board after the arrival:\n%s", board)
	}
	// Again (another tab): refused with the reason, on the board.
	if b := fd.follow(fd.post("/appointments/"+m[1]+"/arrive", nil)); !strings.Contains(b, "already marked arrived") {
		t.Errorf("a second arrival is not refused plainly")
	}
}
