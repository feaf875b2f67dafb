package page

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/schedule"
	"onset/internal/service"
)

// FormReader reads numbers from a submitted form: the one way a form's
// text becomes a number (clinic.ParseNumber, clinic.ParseInt), so "NaN",
// "Inf", "1e308" or a 30-digit count is refused here with the field named.
// Whether a number is plausible is for the use case to check against its
// quantity (clinic.Quantity). The first problem is kept in Err.
type FormReader struct {
	F   url.Values
	Err error
}

// FormOf reads the request's form, which the route wrapper has parsed.
func FormOf(r *http.Request) *FormReader { return &FormReader{F: r.PostForm} }

// Int reads a required whole number.
func (fr *FormReader) Int(name, what string) int {
	n, err := clinic.ParseInt("the "+what, fr.F.Get(name))
	fr.keep(err)
	return n
}

// OptInt reads a whole number; a blank field is 0.
func (fr *FormReader) OptInt(name, what string) int {
	if strings.TrimSpace(fr.F.Get(name)) == "" {
		return 0
	}
	return fr.Int(name, what)
}

// Float reads a number; a blank field is 0.
func (fr *FormReader) Float(name, what string) float64 {
	if strings.TrimSpace(fr.F.Get(name)) == "" {
		return 0
	}
	x, err := clinic.ParseNumber("the "+what, fr.F.Get(name))
	fr.keep(err)
	return x
}

func (fr *FormReader) Check(name string) bool { return fr.F.Get(name) == "yes" }

func (fr *FormReader) keep(err error) {
	if fr.Err == nil {
		fr.Err = err
	}
}

// OptionalID reads a choice from a list by its ID; blank or "0" is none.
func OptionalID(v, what string) (int64, error) {
	if strings.TrimSpace(v) == "" || v == "0" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0, clinic.Errorf(clinic.Invalid, "Choose the %s from the list.", what)
	}
	return id, nil
}

// PathID reads a numeric path parameter; anything else is "not found".
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, clinic.Errorf(clinic.NotFound, "There is no such record.")
	}
	return id, nil
}

// Option is one choice in a select or a set of checkboxes.
type Option struct {
	Value, Label string
	Selected     bool
}

// ClinicWeek lists weekdays Monday first, as clinics read them.
var ClinicWeek = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// KindName is an appointment kind as the clinic's types name it.
func KindName(k schedule.Kind) string {
	for _, t := range schedule.DefaultTypes() {
		if t.Kind == k {
			return t.Name
		}
	}
	return string(k)
}

// WitnessOf reads a witness's fields (name, name_password, name_code);
// label names the choice in a refusal.
func WitnessOf(fr *FormReader, name, label string) service.LedgerWitness {
	return service.LedgerWitness{UserID: int64(fr.OptInt(name, label)), Password: fr.F.Get(name + "_password"),
		Code: fr.F.Get(name + "_code")}
}
