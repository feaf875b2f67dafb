package cli

import (
	"io"
	"os"
	"syscall"
)

// readInputFile reads a whole file into memory. On Linux a large file goes
// into an anonymous mapping marked for transparent huge pages: the kernel
// then maps it 2 MB at a time instead of 4 kB, which on a virtual machine
// saves most of the reading time of a file of tens of megabytes. release
// gives the memory back; data must not be used after it.
func readInputFile(path string) (data []byte, release func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := fi.Size()
	if !fi.Mode().IsRegular() || size < 4<<20 || size > 1<<40 {
		data, err := io.ReadAll(f)
		return data, func() {}, err
	}
	// One byte more than the file: a file that grew is read as it was.
	buf, err := syscall.Mmap(-1, 0, int(size)+1, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		data, err := io.ReadAll(f)
		return data, func() {}, err
	}
	_ = syscall.Madvise(buf, syscall.MADV_HUGEPAGE) // a hint; without it, 4 kB pages
	release = func() { _ = syscall.Munmap(buf) }
	n, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil // the file shrank, or (as expected) had no byte more
	}
	if err != nil {
		release()
		return nil, nil, err
	}
	return buf[:n:n], release, nil
}
