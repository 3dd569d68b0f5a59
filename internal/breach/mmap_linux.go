package breach

import (
	"fmt"
	"os"
	"syscall"
)

// readFile maps path read-only. Files too small to hold a header are read
// instead, so that decode reports them as truncated rather than mmap failing
// with EINVAL on an empty file.
func readFile(path string) ([]byte, func() error, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer file.Close() // the mapping outlives the descriptor
	st, err := file.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := st.Size()
	if size < headerSize+trailerSize {
		return readFileCopy(path)
	}
	if int64(int(size)) != size {
		return nil, nil, fmt.Errorf("%s: %d bytes is too large to map", path, size)
	}
	data, err := syscall.Mmap(int(file.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("mmap %s: %w", path, err)
	}
	return data, func() error { return syscall.Munmap(data) }, nil
}
