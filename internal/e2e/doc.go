// Package e2e holds end-to-end tests that boot the real onset binary's
// entry point and drive it with headless Chromium.
package e2e
