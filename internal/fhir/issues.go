package fhir

import (
	"errors"
	"strings"

	"onset/internal/clinic"
)

// Issue is one problem with a resource, at the FHIR path where it is
// ("Observation.valueQuantity.value"). The REST API answers each as an
// OperationOutcome issue whose expression is the path.
type Issue struct {
	Path    string
	Problem string
}

// Issues are the problems one check found. Every clinic.Invalid error
// this package returns about a resource wraps them, so that IssuesOf can
// give them back one by one; the error's message lists them as
// "path: problem; path: problem".
type Issues []Issue

func (is Issues) Error() string {
	parts := make([]string, len(is))
	for i, x := range is {
		parts[i] = x.Path + ": " + x.Problem
	}
	return strings.Join(parts, "; ")
}

// invalid is a clinic.Invalid error listing is.
func (is Issues) invalid() error {
	return &clinic.Error{Code: clinic.Invalid, Message: is.Error(), Err: is}
}

// invalidAt is a clinic.Invalid error with one problem at path.
func invalidAt(path, problem string) error { return Issues{{Path: path, Problem: problem}}.invalid() }

// IssuesOf returns the problems of an error this package returned about a
// resource, each at its path; nil when err holds none.
func IssuesOf(err error) Issues {
	var is Issues
	if errors.As(err, &is) {
		return is
	}
	return nil
}
