package outcomes

import (
	"reflect"
	"testing"
	"time"
)

// fillAll sets every field of v (a pointer to a struct) to a value other
// than its zero, by kind, with seed varying them.
func fillAll(t *testing.T, v reflect.Value, seed int) {
	t.Helper()
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 3, 1+seed, 9, 30, seed, 123456789, time.UTC)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).Name == "FollowUps" { // not stored, by design
				continue
			}
			fillAll(t, v.Field(i), seed+i+1)
		}
	case reflect.String:
		v.SetString("s" + string(rune('a'+seed%26)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(-3 + seed*7))
	case reflect.Float64:
		v.SetFloat(float64(seed) + 0.25)
	default:
		t.Fatalf("CourseRow has a field of kind %s: teach rows_codec.go and this test", v.Kind())
	}
}

// Every field of CourseRow but the follow-ups comes back from the stored
// form, so a field added to CourseRow (or Facts, Outcomes) fails here
// until rows_codec.go stores it.
func TestRowsCodecCoversEveryField(t *testing.T) {
	t.Parallel()
	rows := make([]CourseRow, 3)
	for i := range rows {
		fillAll(t, reflect.ValueOf(&rows[i]).Elem(), i*31)
	}
	rows[2].Baseline.At = time.Time{} // the zero time too
	b, err := EncodeRows(rows)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeRows(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rows) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, rows)
	}
	for _, bad := range [][]byte{nil, {9}, b[:len(b)-1], append(append([]byte{}, b...), 0)} {
		if _, err := DecodeRows(bad); err == nil {
			t.Errorf("%d bytes of damaged rows read without an error", len(bad))
		}
	}
	if empty, err := DecodeRows(appendRows(nil, nil)); err != nil || len(empty) != 0 {
		t.Errorf("no rows: %v %v", empty, err)
	}
}

// FuzzDecodeRows: damaged stored rows are an error, never a panic.
func FuzzDecodeRows(f *testing.F) {
	f.Add(appendRows(nil, []CourseRow{{CourseID: 1, T0: time.Unix(1e9, 0).UTC()}}))
	f.Add([]byte{1, 200, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = DecodeRows(b)
	})
}
