package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// gridBlock is an appointment as the day view's time grid draws it.
type gridBlock struct {
	id             string
	col, row, span int
	text           string
	draggable      bool
}

var (
	gridHead  = regexp.MustCompile(`<div class="cal-head gc(\d+) gr1" id="(\w+)-(\d+)">`)
	gridAppt  = regexp.MustCompile(`(?s)<div class="cal-appt gc(\d+) gr(\d+) gs(\d+)[^"]*" data-id="(\d+)"([^>]*)>(.*?)</div>`)
	gridSlots = regexp.MustCompile(`<a class="cal-slot gc(\d+) gr(\d+)" href="([^"]+)"`)
	tags      = regexp.MustCompile(`<[^>]+>`)
)

// gridColumn returns the appointments drawn in the grid's column for id.
func gridColumn(t *testing.T, page, grid string, id int64) []gridBlock {
	t.Helper()
	col := ""
	for _, m := range gridHead.FindAllStringSubmatch(page, -1) {
		if m[2] == grid && m[3] == strconv.FormatInt(id, 10) {
			col = m[1]
		}
	}
	if col == "" {
		t.Fatalf("no column %s-%d in the grid", grid, id)
	}
	start := strings.Index(page, `id="cal-`+grid+`"`)
	end := start + strings.Index(page[start:], "</div></div>")
	var out []gridBlock
	for _, m := range gridAppt.FindAllStringSubmatch(page[start:end], -1) {
		if m[1] != col {
			continue
		}
		b := gridBlock{id: m[4], text: html.UnescapeString(tags.ReplaceAllString(m[6], "")), draggable: strings.Contains(m[5], `draggable="true"`)}
		b.col, _ = strconv.Atoi(m[1])
		b.row, _ = strconv.Atoi(m[2])
		b.span, _ = strconv.Atoi(m[3])
		out = append(out, b)
	}
	return out
}

// The day view's grid: a free quarter hour books through a form with its
// chair and time filled in; a name that fits several patients asks which;
// a drop on another chair and time moves the appointment there, and a
// drop the rules refuse comes back to the calendar with the reason.
func TestCalendarGridBooksAndMoves(t *testing.T) {
	t.Parallel()
	f, chair1 := bookingFixture(t)
	ctx := t.Context()
	// A namesake of the fixture's patient, so that a search finds two.
	if _, err := f.svc.CreatePatient(ctx, service.System(f.clinicID), record.NewPatient{MRN: "P-9", GivenName: "Pat",
		FamilyName: "Twin", Sex: "female", BirthDate: "1990-01-01", NotADuplicate: true}); err != nil {
		t.Fatal(err)
	}
	fd := f.signIn(clinic.RoleFrontDesk)
	day := fd.getBody("/calendar?date=2026-06-01", http.StatusOK)
	var book string
	for _, m := range gridSlots.FindAllStringSubmatch(day, -1) {
		href := html.UnescapeString(m[3])
		q, err := url.ParseQuery(href[strings.Index(href, "?")+1:])
		if err == nil && q.Get("time") == "10:00" && q.Get("date") == "2026-06-01" && q.Get("resource") == strconv.FormatInt(chair1, 10) {
			book = href
		}
	}
	if book == "" {
		t.Fatalf("no free 10:00 quarter hour of Chair 1 to click:\n%s", day)
	}
	form := fd.getBody(book, http.StatusOK)
	if !strings.Contains(form, "Book Monday 1 June 2026, 10:00") || !strings.Contains(form, "Chair 1") {
		t.Fatalf("the booking form does not name the time and chair:\n%s", form)
	}
	q, _ := url.ParseQuery(book[strings.Index(book, "?")+1:])
	q.Set("kind", "iv-infusion")
	q.Set("patient", "Pat")
	res := fd.post("/calendar/book", q)
	b := body(res)
	if res.StatusCode != http.StatusOK || !strings.Contains(b, "Several patients match") || !strings.Contains(b, `id="patient-matches"`) ||
		!strings.Contains(b, `value="Pat"`) {
		t.Fatalf("an ambiguous name: %d\n%s", res.StatusCode, b)
	}
	q.Set("patient_id", strconv.FormatInt(f.patient, 10))
	res = fd.post("/calendar/book", q)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/calendar?date=2026-06-01" {
		t.Fatalf("booking: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), body(res))
	}
	day = fd.getBody("/calendar?date=2026-06-01", http.StatusOK)
	booked := gridColumn(t, day, "chairs", chair1)
	if len(booked) != 1 || !booked[0].draggable || !strings.Contains(booked[0].text, "10:00–11:25") {
		t.Fatalf("Chair 1 after booking: %+v", booked)
	}
	// The same quarter hour again for the other patient: refused beside the form, typed data kept.
	q.Set("patient_id", strconv.FormatInt(f.other, 10))
	res = fd.post("/calendar/book", q)
	if b := body(res); res.StatusCode != http.StatusConflict || !strings.Contains(b, `id="form-error"`) || !strings.Contains(b, `value="Pat"`) {
		t.Fatalf("a taken chair: %d\n%s", res.StatusCode, b)
	}

	// Dragged to Chair 2 at 13:00.
	var chair2 int64
	for _, m := range gridHead.FindAllStringSubmatch(day, -1) {
		if id, _ := strconv.ParseInt(m[3], 10, 64); m[2] == "chairs" && id != chair1 && chair2 == 0 {
			chair2 = id
		}
	}
	move := "/appointments/" + booked[0].id + "/move"
	res = fd.post(move, url.Values{"date": {"2026-06-01"}, "time": {"13:00"}, "resource": {strconv.FormatInt(chair2, 10)}, "back": {"calendar"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/calendar?date=2026-06-01" {
		t.Fatalf("drop: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	day = fd.follow(res)
	if moved := gridColumn(t, day, "chairs", chair2); len(moved) != 1 || !strings.Contains(moved[0].text, "13:00–14:25") ||
		!strings.Contains(day, "Moved Pat P-1") {
		t.Fatalf("Chair 2 after the drop: %+v", moved)
	}
	if left := gridColumn(t, day, "chairs", chair1); len(left) != 0 {
		t.Errorf("Chair 1 still shows %+v", left)
	}
	// A drop the rules refuse (a treatment into a consultation room) comes back with the reason; nothing moves.
	var room int64
	for _, m := range gridHead.FindAllStringSubmatch(day, -1) {
		if id, _ := strconv.ParseInt(m[3], 10, 64); m[2] == "chairs" && id != chair1 && id != chair2 {
			room = id
		}
	}
	res = fd.post(move, url.Values{"date": {"2026-06-01"}, "time": {"15:00"}, "resource": {strconv.FormatInt(room, 10)}, "back": {"calendar"}})
	day = fd.follow(res)
	if !strings.Contains(day, `id="cal-error"`) {
		t.Errorf("a refused drop does not say why:\n%s", day)
	}
	if still := gridColumn(t, day, "chairs", chair2); len(still) != 1 || !strings.Contains(still[0].text, "13:00–14:25") {
		t.Errorf("a refused drop moved the appointment: %+v", still)
	}
}
