// Package ui holds the web pages' templates and static assets, embedded in
// the binary so that `go build` needs nothing else.
package ui

import "embed"

// Templates holds layout.html and one file per page.
//
//go:embed templates/*.html
var Templates embed.FS

// Static holds CSS, scripts and icons served under /static/.
//
//go:embed static
var Static embed.FS
