package cli

import (
	"io"
	"os"
	"syscall"
	"unsafe"
)

// Reading a million-row file is mostly the kernel handing out fresh memory:
// on a virtual machine each 4 kB page costs about 10 µs the first time it
// is written, some 40 ms for the file and as much again for the columns
// parsed from it. Go's heap takes 4 kB pages, and Linux's transparent huge
// pages usually need asking for (mode "madvise"), so the file and the
// parsed columns go into anonymous mappings marked MADV_HUGEPAGE, handed
// out 2 MB at a time. Small inputs, or a kernel that says no, get ordinary
// memory.

// hugeMin is the size below which ordinary memory is used.
const hugeMin = 4 << 20

// hugeArena hands out pointer-free arrays from huge-page mappings. Nothing
// it returned may be used after release.
type hugeArena struct {
	maps [][]byte
}

// bytes returns n bytes, zeroed, aligned to 2 MB when large.
func (a *hugeArena) bytes(n int) []byte {
	if n < hugeMin {
		return make([]byte, n)
	}
	const huge = 2 << 20
	m, err := syscall.Mmap(-1, 0, n+huge, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]byte, n)
	}
	a.maps = append(a.maps, m)
	off := 0
	if r := uintptr(unsafe.Pointer(&m[0])) % huge; r != 0 {
		off = int(huge - r)
	}
	b := m[off : off+n : off+n]
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE) // a hint: without it, 4 kB pages
	return b
}

// floats returns n zeroed float64s. The mapping is page-aligned, so the
// reinterpretation is aligned; the GC neither scans nor frees it, which is
// right for numbers.
func (a *hugeArena) floats(n int) []float64 {
	if n*8 < hugeMin {
		return make([]float64, n)
	}
	b := a.bytes(n * 8)
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

// bools returns n false values.
func (a *hugeArena) bools(n int) []bool {
	if n < hugeMin {
		return make([]bool, n)
	}
	b := a.bytes(n)
	return unsafe.Slice((*bool)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

// release unmaps everything the arena handed out.
func (a *hugeArena) release() {
	for _, m := range a.maps {
		_ = syscall.Munmap(m)
	}
	a.maps = nil
}

// readInputFile reads a whole file into the arena's memory.
func (a *hugeArena) readInputFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	if !fi.Mode().IsRegular() || size < hugeMin || size > 1<<40 {
		return io.ReadAll(f)
	}
	// One byte more than the file: a file that grew is read as it was.
	buf := a.bytes(int(size) + 1)
	n, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil // the file shrank, or (as expected) had no byte more
	}
	if err != nil {
		return nil, err
	}
	return buf[:n:n], nil
}
