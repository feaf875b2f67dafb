package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"onset/internal/clinic"
)

// The virtual users are the clinics' staff and patients. Roles repeat in
// this order, so 32 users are 8 front desk, 12 nurses, 8 clinicians and
// 4 patients, spread over the clinics in turn.
var roleCycle = []clinic.Role{clinic.RoleFrontDesk, clinic.RoleNurse, clinic.RoleClinician, clinic.RoleNurse,
	clinic.RolePatient, clinic.RoleFrontDesk, clinic.RoleClinician, clinic.RoleNurse}

// action is one thing a person does: one or more requests.
type action struct {
	name   string
	weight int
	do     func(v *vu)
}

// mixes are each role's actions, weighted like a clinic day: mostly
// pages read, a few forms sent. A nurse charts vital signs whenever a
// session's reading is due (every 5 minutes of simulated time) and reads
// pages in between; a patient opens a questionnaire link and sends it.
var mixes = map[clinic.Role][]action{
	clinic.RoleFrontDesk: {
		{"calendar day view", 35, func(v *vu) { v.b.get("calendar day", "/calendar") }},
		{"today board", 20, func(v *vu) { v.b.get("today board", "/today") }},
		{"patient search", 20, (*vu).search},
		{"patient page", 15, (*vu).patientPage},
		{"book a consultation", 10, (*vu).book},
	},
	clinic.RoleNurse: {
		{"treatment session", 40, func(v *vu) { v.b.get("treatment session", "/treatment/"+itoa(v.pick(v.site.sessions))) }},
		{"today board", 30, func(v *vu) { v.b.get("today board", "/today") }},
		{"patient page", 20, (*vu).patientPage},
		{"worklist", 10, func(v *vu) { v.b.get("worklist", "/worklist") }},
	},
	clinic.RoleClinician: {
		{"patient page", 50, (*vu).patientPage},
		{"patient search", 15, (*vu).search},
		{"worklist", 15, func(v *vu) { v.b.get("worklist", "/worklist") }},
		{"calendar day view", 12, func(v *vu) { v.b.get("calendar day", "/calendar") }},
		{"outcomes dashboard", 5, func(v *vu) { v.b.get("outcomes dashboard", "/outcomes") }},
	},
	clinic.RolePatient: {
		{"questionnaire link", 1, (*vu).questionnaire},
	},
}

// pace is the compressed clock: -speed simulated seconds per real one.
type pace struct {
	think  time.Duration // a member of staff's mean pause between actions (30 s simulated)
	form   time.Duration // a patient filling in the PHQ-9 (2 min simulated)
	vitals time.Duration // between a session's readings (5 min simulated)
}

func newPace(speed float64) pace {
	d := func(sim time.Duration) time.Duration { return time.Duration(float64(sim) / speed) }
	return pace{think: d(30 * time.Second), form: d(2 * time.Minute), vitals: d(5 * time.Minute)}
}

// vu is one virtual user.
type vu struct {
	role     clinic.Role
	site     *site
	b        *browser
	r        *rand.Rand
	pace     pace
	deadline time.Time
}

func (v *vu) pick(ids []int64) int64 { return ids[v.r.IntN(len(ids))] }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// sleep waits about d (exponentially distributed), at most to the deadline.
func (v *vu) sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	d = time.Duration(v.r.ExpFloat64() * float64(d))
	if left := time.Until(v.deadline); d > left {
		d = left
	}
	time.Sleep(d)
}

// run does the role's actions until the deadline.
func (v *vu) run() {
	mix := mixes[v.role]
	total := 0
	for _, a := range mix {
		total += a.weight
	}
	for time.Now().Before(v.deadline) {
		if v.role == clinic.RoleNurse {
			if sid, ok := v.site.due(v.pace.vitals); ok {
				v.chart(sid)
				v.sleep(v.pace.think)
				continue
			}
		}
		n := v.r.IntN(total)
		for _, a := range mix {
			if n -= a.weight; n < 0 {
				a.do(v)
				break
			}
		}
		v.sleep(v.pace.think)
	}
}

func (v *vu) patientPage() { v.b.get("patient page", "/patients/"+itoa(v.pick(v.site.patients))) }

func (v *vu) search() {
	v.b.get("patient search", "/patients?q="+url.QueryEscape(v.site.surnames[v.r.IntN(len(v.site.surnames))]))
}

// book opens a free hour of a consulting room from the calendar and
// books a patient into it.
func (v *vu) book() {
	start, room := v.site.slot()
	q := url.Values{"date": {start.Format(time.DateOnly)}, "time": {start.Format("15:04")}, "resource": {itoa(room)}}
	if _, ok := v.b.get("booking form", "/calendar/book?"+q.Encode()); !ok {
		return
	}
	q.Set("patient_id", itoa(v.pick(v.site.patients)))
	q.Set("kind", "consultation")
	v.b.post("book", "/calendar/book", q, func(res *http.Response) bool {
		return res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/calendar?")
	})
}

// chart is a nurse saving a row of vital signs on the session's page.
func (v *vu) chart(sid int64) {
	path := "/treatment/" + itoa(sid)
	if _, ok := v.b.get("treatment session", path); !ok {
		return
	}
	f := url.Values{"time": {""}, "systolic": {itoa(int64(115 + v.r.IntN(15)))}, "diastolic": {itoa(int64(72 + v.r.IntN(10)))},
		"heart_rate": {itoa(int64(66 + v.r.IntN(14)))}, "spo2": {itoa(int64(96 + v.r.IntN(4)))}, "resp_rate": {itoa(int64(12 + v.r.IntN(5)))},
		"moaas": {itoa(int64(4 + v.r.IntN(2)))}}
	v.b.post("save vitals", path+"/vitals", f, func(res *http.Response) bool {
		loc := res.Header.Get("Location")
		return res.StatusCode == http.StatusSeeOther && (strings.HasSuffix(loc, "#vitals") || strings.HasSuffix(loc, "#alerts"))
	})
}

// questionnaire is a patient opening their link, answering the PHQ-9 and
// sending it.
func (v *vu) questionnaire() {
	token, ok := v.site.link()
	if !ok {
		v.sleep(time.Until(v.deadline)) // the links ran out
		return
	}
	if _, ok := v.b.get("questionnaire form", "/q/"+token); !ok {
		return
	}
	v.sleep(v.pace.form)
	f := url.Values{}
	for i := 1; i <= 9; i++ {
		f.Set(fmt.Sprintf("item%d", i), itoa(int64(v.r.IntN(3))))
	}
	f.Set("item9", "0")
	v.b.post("questionnaire submit", "/q/"+token, f, nil)
}

// The sites' shared state: which session's vitals are due, the next free
// consultation hour, the unused links.
var siteMu sync.Mutex

// due claims a session whose next reading is due.
func (s *site) due(every time.Duration) (int64, bool) {
	siteMu.Lock()
	defer siteMu.Unlock()
	now := time.Now()
	if s.vitalsDue == nil {
		s.vitalsDue = make([]time.Time, len(s.sessions))
		for i := range s.vitalsDue { // the first readings spread over the first interval
			s.vitalsDue[i] = now.Add(every * time.Duration(i) / time.Duration(len(s.sessions)))
		}
	}
	for i, t := range s.vitalsDue {
		if !t.After(now) {
			s.vitalsDue[i] = now.Add(every)
			return s.sessions[i], true
		}
	}
	return 0, false
}

// slot is the next free hour of a room, 07:00 to 19:00, from nextDay on.
func (s *site) slot() (time.Time, int64) {
	siteMu.Lock()
	defer siteMu.Unlock()
	i := s.booked
	s.booked++
	perDay := 13 * len(s.rooms)
	d := s.nextDay.AddDate(0, 0, i/perDay).Add(time.Duration(7+(i%perDay)/len(s.rooms)) * time.Hour)
	return d, s.rooms[i%len(s.rooms)]
}

func (s *site) link() (string, bool) {
	siteMu.Lock()
	defer siteMu.Unlock()
	if len(s.links) == 0 {
		return "", false
	}
	t := s.links[len(s.links)-1]
	s.links = s.links[:len(s.links)-1]
	return t, true
}
