package outcomes

import (
	"encoding/binary"
	"errors"
	"math"
	"time"

	"onset/internal/clinic"
)

// The stored rows' binary form: per row each field of CourseRow in
// declaration order, integers as varints, floats as their IEEE bits,
// strings length-prefixed, times as Unix nanoseconds (with a flag for the
// zero time). JSON took about 10 µs a patient to read back; this about 1.
// TestRowsCodecCoversEveryField fills every field of CourseRow and fails
// when one does not come back, so a new field cannot be dropped unseen.

const rowsCodecVersion = 1

func appendRows(b []byte, rows []CourseRow) []byte {
	b = binary.AppendUvarint(b, rowsCodecVersion)
	b = binary.AppendUvarint(b, uint64(len(rows)))
	for _, r := range rows {
		b = binary.AppendVarint(b, r.CourseID)
		b = binary.AppendVarint(b, r.PatientID)
		b = appendTime(b, r.T0)
		f := r.Facts
		b = appendString(b, string(f.Route))
		b = appendString(b, string(f.Condition))
		b = appendBool(b, f.Therapy)
		b = appendFloat(b, f.DoseMgPerKg)
		b = appendFloat(b, f.PerWeek)
		b = appendString(b, f.Severity)
		b = binary.AppendVarint(b, int64(f.SeverityRank))
		b = binary.AppendVarint(b, int64(f.Age))
		b = binary.AppendVarint(b, f.Provider)
		b = appendString(b, f.ProviderName)
		b = appendString(b, f.Location)
		b = binary.AppendVarint(b, int64(f.TherapySessions))
		o := r.Outcomes
		b = appendTime(b, o.Baseline.At)
		b = binary.AppendVarint(b, int64(o.Baseline.Total))
		b = appendBool(b, o.HasBaseline)
		for _, e := range []TimeToEvent{o.Response, o.Remission, o.Relapse} {
			b = appendFloat(b, e.Days)
			b = appendBool(b, e.Event)
			b = appendString(b, string(e.LeftOut))
		}
	}
	return b
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	return binary.AppendVarint(append(b, 1), t.UnixNano())
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendFloat(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

var errRowsCodec = errors.New("stored course rows: not in the expected form")

// rowsReader reads the binary form; the first problem sticks in err.
type rowsReader struct {
	b   []byte
	err error
	// strs keeps one copy of each short string (routes, conditions,
	// bands, reasons): 120,000 rows repeat a few dozen texts.
	strs map[string]string
}

func (r *rowsReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err, r.b = errRowsCodec, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *rowsReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err, r.b = errRowsCodec, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *rowsReader) byte1() byte {
	if len(r.b) < 1 {
		r.err = errRowsCodec
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *rowsReader) float() float64 {
	if len(r.b) < 8 {
		r.err, r.b = errRowsCodec, nil
		return 0
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return f
}

func (r *rowsReader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err, r.b = errRowsCodec, nil
		return ""
	}
	raw := r.b[:n]
	r.b = r.b[n:]
	if s, ok := r.strs[string(raw)]; ok {
		return s
	}
	s := string(raw)
	if r.strs != nil && len(r.strs) < 1024 {
		r.strs[s] = s
	}
	return s
}

func (r *rowsReader) time() time.Time {
	if r.byte1() == 0 {
		return time.Time{}
	}
	return time.Unix(0, r.varint()).UTC()
}

// RowsDecoder reads many patients' stored rows, sharing one copy of
// their repeated texts.
type RowsDecoder struct{ strs map[string]string }

// Decode reads what EncodeRows wrote.
func (d *RowsDecoder) Decode(b []byte) ([]CourseRow, error) {
	if d.strs == nil {
		d.strs = map[string]string{}
	}
	return readRows(b, d.strs)
}

func readRows(b []byte, strs map[string]string) ([]CourseRow, error) {
	r := &rowsReader{b: b, strs: strs}
	if r.uvarint() != rowsCodecVersion {
		return nil, errRowsCodec
	}
	n := r.uvarint()
	if n > uint64(len(b)) {
		return nil, errRowsCodec
	}
	rows := make([]CourseRow, n)
	for i := range rows {
		x := &rows[i]
		x.CourseID = r.varint()
		x.PatientID = r.varint()
		x.T0 = r.time()
		f := &x.Facts
		f.Route = clinic.Route(r.string())
		f.Condition = clinic.Condition(r.string())
		f.Therapy = r.byte1() == 1
		f.DoseMgPerKg = r.float()
		f.PerWeek = r.float()
		f.Severity = r.string()
		f.SeverityRank = int(r.varint())
		f.Age = int(r.varint())
		f.Provider = r.varint()
		f.ProviderName = r.string()
		f.Location = r.string()
		f.TherapySessions = int(r.varint())
		o := &x.Outcomes
		o.Baseline.At = r.time()
		o.Baseline.Total = int(r.varint())
		o.HasBaseline = r.byte1() == 1
		for _, e := range []*TimeToEvent{&o.Response, &o.Remission, &o.Relapse} {
			e.Days = r.float()
			e.Event = r.byte1() == 1
			e.LeftOut = LeftOut(r.string())
		}
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, errRowsCodec
	}
	return rows, nil
}
