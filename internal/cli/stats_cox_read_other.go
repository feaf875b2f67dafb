//go:build !linux

package cli

import "os"

// readInputFile reads a whole file into memory; release does nothing here.
func readInputFile(path string) (data []byte, release func(), err error) {
	data, err = os.ReadFile(path)
	return data, func() {}, err
}
