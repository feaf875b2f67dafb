package admin

import (
	"net/url"
	"strings"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
)

// minBaselineField is one instrument's minimum baseline on the settings
// page: the default (scales.MinBaseline) and the clinic's lower value, if any.
type minBaselineField struct {
	ID, Name string
	Default  int
	Value    int // 0: the default
}

func minBaselineFields(st record.ClinicSettings) []minBaselineField {
	var out []minBaselineField
	for _, id := range record.MinBaselineInstruments() {
		def, _ := scales.MinBaseline(id)
		in, _ := scales.Lookup(id)
		out = append(out, minBaselineField{ID: id, Name: in.Name, Default: def, Value: st.MinBaselines[id]})
	}
	return out
}

// readMinBaselines reads the form's min_baseline_<instrument> fields; a
// blank one keeps the default. Their bounds are checked by the use case
// (record.ClinicSettings.Clean).
func readMinBaselines(f url.Values, in *record.ClinicSettings) error {
	for _, id := range record.MinBaselineInstruments() {
		v := strings.TrimSpace(f.Get("min_baseline_" + id))
		if v == "" {
			continue
		}
		name := id
		if s, ok := scales.Lookup(id); ok {
			name = s.Name
		}
		x, err := clinic.ParseInt("the "+name+" minimum baseline", v)
		if err != nil {
			return err
		}
		if in.MinBaselines == nil {
			in.MinBaselines = map[string]int{}
		}
		in.MinBaselines[id] = x
	}
	return nil
}
