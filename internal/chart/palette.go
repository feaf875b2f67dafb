// Package chart draws small SVG charts for Onset's pages. Output is plain
// SVG text with every label escaped, checked against golden files.
package chart

// palette has colours distinguishable with common colour-vision deficiencies
// (Okabe–Ito).
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"}
