//go:build !linux

package cli

import "os"

// hugeArena is ordinary memory here (see the Linux version).
type hugeArena struct{}

func (a *hugeArena) floats(n int) []float64 { return make([]float64, n) }
func (a *hugeArena) bools(n int) []bool     { return make([]bool, n) }
func (a *hugeArena) release()               {}

func (a *hugeArena) readInputFile(path string) ([]byte, error) { return os.ReadFile(path) }
