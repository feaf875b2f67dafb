package web

import (
	"net/http"
	"net/url"
	"strings"

	"onset/internal/clinic"
)

// formReader reads numbers from a submitted form: the one way a form's
// text becomes a number (clinic.ParseNumber, clinic.ParseInt), so "NaN",
// "Inf", "1e308" or a 30-digit count is refused here with the field named.
// Whether a number is plausible is for the use case to check against its
// quantity (clinic.Quantity). The first problem is kept in err.
type formReader struct {
	f   url.Values
	err error
}

// formOf reads the request's form, which the route wrapper has parsed.
func formOf(r *http.Request) *formReader { return &formReader{f: r.PostForm} }

// int reads a required whole number.
func (fr *formReader) int(name, what string) int {
	n, err := clinic.ParseInt("the "+what, fr.f.Get(name))
	fr.keep(err)
	return n
}

// optInt reads a whole number; a blank field is 0.
func (fr *formReader) optInt(name, what string) int {
	if strings.TrimSpace(fr.f.Get(name)) == "" {
		return 0
	}
	return fr.int(name, what)
}

// float reads a number; a blank field is 0.
func (fr *formReader) float(name, what string) float64 {
	if strings.TrimSpace(fr.f.Get(name)) == "" {
		return 0
	}
	x, err := clinic.ParseNumber("the "+what, fr.f.Get(name))
	fr.keep(err)
	return x
}

func (fr *formReader) check(name string) bool { return fr.f.Get(name) == "yes" }

func (fr *formReader) keep(err error) {
	if fr.err == nil {
		fr.err = err
	}
}
