package auditchain

import (
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
)

// trail makes n chained rows for clinic 1.
func trail(n int) []Row {
	var rows []Row
	var head Head
	for i := range n {
		e := clinic.AuditEntry{ID: int64(i + 1), ClinicID: 1, At: time.Date(2026, 6, 1, 8, i, 0, 123456789, time.UTC),
			UserID: 7, Role: clinic.RoleNurse, Action: "patient.read", PatientID: 3, RecordType: "patient", RecordID: 3,
			Address: "10.0.0.1", RequestID: "r" + string(rune('a'+i))}
		r := Next(head, e)
		head = Head{Seq: r.Seq, Hash: r.Hash}
		rows = append(rows, r)
	}
	return rows
}

func verify(rows []Row, head Head, anchors ...Head) Report {
	v := NewVerifier(1, anchors...)
	for _, r := range rows {
		v.Add(r)
	}
	return v.Finish(head)
}

func headOf(rows []Row) Head {
	if len(rows) == 0 {
		return Head{}
	}
	l := rows[len(rows)-1]
	return Head{Seq: l.Seq, Hash: l.Hash}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	good := trail(6)
	head := headOf(good)
	clone := func() []Row { return append([]Row(nil), good...) }
	for _, c := range []struct {
		name    string
		rows    func() []Row
		head    Head
		anchors []Head
		want    string // fragment of the problem; "" = intact
		wantID  int64
	}{
		{"intact", clone, head, nil, "", 0},
		{"empty trail", func() []Row { return nil }, Head{}, nil, "", 0},
		{"altered action", func() []Row { r := clone(); r[2].Action = "patient.write"; return r }, head, nil, "altered", 3},
		{"altered time by a microsecond", func() []Row { r := clone(); r[3].At = r[3].At.Add(time.Microsecond); return r }, head, nil, "altered", 4},
		{"altered and rehashed", func() []Row {
			r := clone()
			r[2].Action = "x"
			r[2].Hash = Hash(r[2].PrevHash, r[2].Seq, r[2].AuditEntry)
			return r
		}, head, nil, "does not link", 4},
		{"deleted from the middle", func() []Row { r := clone(); return append(r[:2], r[3:]...) }, head, nil, "deleted", 4},
		{"reordered", func() []Row { r := clone(); r[2], r[3] = r[3], r[2]; return r }, head, nil, "jumps", 4},
		{"inserted without a place", func() []Row {
			r := clone()
			extra := Row{AuditEntry: clinic.AuditEntry{ID: 99, ClinicID: 1, Action: "x"}}
			return append(r[:3], append([]Row{extra}, r[3:]...)...)
		}, head, nil, "inserted", 99},
		{"inserted a forged copy", func() []Row { r := clone(); return append(r[:3], append([]Row{r[2]}, r[3:]...)...) }, head, nil, "inserted or reordered", 3},
		{"truncated tail", func() []Row { return clone()[:4] }, head, nil, "rows at the end were deleted", 0},
		{"truncated tail and checkpoint rewritten", func() []Row { return clone()[:4] }, headOf(good[:4]), []Head{head}, "cut off", 0},
		{"rewritten up to an anchor", func() []Row {
			// Everything after row 2 recomputed with a changed row 3: links hold, the anchor does not.
			r := clone()[:2]
			h := headOf(r)
			for _, x := range good[2:] {
				e := x.AuditEntry
				if x.Seq == 3 {
					e.Action = "forged"
				}
				n := Next(h, e)
				n.ID = x.ID
				r = append(r, n)
				h = Head{Seq: n.Seq, Hash: n.Hash}
			}
			return r
		}, Head{}, []Head{{Seq: 4, Hash: good[3].Hash}}, "anchored head", 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows := c.rows()
			h := c.head
			if c.name == "rewritten up to an anchor" {
				h = headOf(rows)
			}
			rep := verify(rows, h, c.anchors...)
			switch {
			case c.want == "" && rep.Problem != nil:
				t.Fatalf("intact trail reported %v", rep.Problem)
			case c.want != "" && rep.Problem == nil:
				t.Fatalf("not detected")
			case c.want != "" && (!strings.Contains(rep.Problem.What, c.want) || rep.Problem.ID != c.wantID):
				t.Fatalf("problem %v, want %q at row %d", rep.Problem, c.want, c.wantID)
			}
		})
	}
}

func TestLegacyRowsBeforeTheChain(t *testing.T) {
	t.Parallel()
	legacy := []Row{{AuditEntry: clinic.AuditEntry{ID: 1, ClinicID: 1}}, {AuditEntry: clinic.AuditEntry{ID: 2, ClinicID: 1}}}
	rows := append(legacy, trail(3)...)
	rep := verify(rows, headOf(rows))
	if rep.Problem != nil || rep.Legacy != 2 || rep.Rows != 3 {
		t.Fatalf("report %+v", rep)
	}
}

func TestParseHead(t *testing.T) {
	t.Parallel()
	h := headOf(trail(2))
	got, err := ParseHead(h.String())
	if err != nil || got != h {
		t.Fatalf("ParseHead(%s) = %v, %v", h, got, err)
	}
	for _, bad := range []string{"", "12", "x:" + h.Hash, "0:" + h.Hash, "3:abc", "3:" + strings.Repeat("z", 64)} {
		if _, err := ParseHead(bad); err == nil {
			t.Errorf("ParseHead(%q) accepted", bad)
		}
	}
}

// A row of the chain costs one SHA-256 over a few hundred bytes.
func BenchmarkHash(b *testing.B) {
	e := trail(1)[0].AuditEntry
	for b.Loop() {
		Hash("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 12345, e)
	}
}
