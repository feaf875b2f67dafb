package cli

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// readKMData reads what parseKMCSV reads: the same rows in the same groups,
// the same bad rows at the same lines with the same reasons.
func TestReadKMDataAgreesWithEncodingCSV(t *testing.T) {
	t.Parallel()
	// Over 1 MB, so the fast path splits it between cores; bad rows near
	// the start, the middle and the end, blank lines and CRLF.
	var b strings.Builder
	b.WriteString("\n\r\ngroup , Time,event\r\n")
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 120_000 {
		switch i {
		case 7, 60_000, 119_990:
			b.WriteString("x,1,1\n")
		case 30_000:
			b.WriteString("\n")
		case 90_000:
			b.WriteString(" b ,  2.5 ,0\r\n")
		default:
			fmt.Fprintf(&b, "g%d,%.2f,%d\n", r.IntN(3), r.Float64()*90, r.IntN(2))
		}
	}
	in := b.String()
	for _, text := range []string{in, strings.ReplaceAll(in, "x,1,1\n", "a,1,1\n"), amlCSV,
		"time,event\n1,1\n", "time,event\n1,1", "\n\ntime,event\n\n1,1\r\n1e400,1\n 2 ,0\n",
		"time,event\n", "", "\n", "time,status\n1,1\n", "time,event,group\n1,1,\n2,3,a\n3,1\n"} {
		wantG, wantBad, wantN, wantErr := parseKMCSV(strings.NewReader(text))
		gotG, gotBad, gotN, gotErr := readKMData([]byte(text))
		if (wantErr == nil) != (gotErr == nil) || (wantErr != nil && wantErr.Error() != gotErr.Error()) {
			t.Fatalf("%.40q: error %v, want %v", text, gotErr, wantErr)
		}
		if gotN != wantN || !reflect.DeepEqual(gotBad, wantBad) {
			t.Fatalf("%.40q: bad rows %d %v, want %d %v", text, gotN, gotBad, wantN, wantBad)
		}
		if wantN == 0 && !reflect.DeepEqual(gotG, wantG) {
			t.Fatalf("%.40q: groups differ (%d and %d groups)", text, len(gotG), len(wantG))
		}
	}
}

// FuzzReadKMData: the hand-split path agrees with encoding/csv's.
func FuzzReadKMData(f *testing.F) {
	f.Add(amlCSV)
	f.Add("time,event\n1,1\n2,0\n")
	f.Add("event,group,time\r\n1,a,3\r\n\r\n0, b ,4\n")
	f.Add("time,event\nx,1\n1,2\n1\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		wantG, wantBad, wantN, wantErr := parseKMCSV(strings.NewReader(in))
		gotG, gotBad, gotN, gotErr := readKMData([]byte(in))
		if (wantErr == nil) != (gotErr == nil) || (wantErr != nil && wantErr.Error() != gotErr.Error()) {
			t.Fatalf("error %v, want %v", gotErr, wantErr)
		}
		if wantErr != nil {
			return
		}
		if gotN != wantN || !reflect.DeepEqual(gotBad, wantBad) {
			t.Fatalf("bad rows %d %v, want %d %v", gotN, gotBad, wantN, wantBad)
		}
		if wantN == 0 && len(gotG)+len(wantG) > 0 && !reflect.DeepEqual(gotG, wantG) {
			t.Fatalf("groups %v, want %v", gotG, wantG)
		}
	})
}
