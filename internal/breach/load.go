package breach

import (
	"encoding/binary"
	"fmt"
	"os"
	"unsafe"

	"github.com/FastFilter/xorfilter"
)

// Load returns the filter stored in data, after checking its magic, version,
// length, checksum and parameters. A bad file returns an error wrapping
// ErrNotFilter, ErrVersion or ErrCorrupt; it is never silently accepted.
//
// On little-endian machines Load uses data in place, so data must not be
// modified while the filter is in use.
func Load(data []byte) (*Filter, error) {
	f, err := load(data)
	if err != nil {
		return nil, fmt.Errorf("breach: %w", err)
	}
	return f, nil
}

// Open loads the filter file at path. On Linux the file is memory-mapped
// read-only, so the fingerprints live in the page cache, shared between
// processes, rather than on the Go heap; call Close to unmap it. The whole
// file is read once to verify its checksum. Replacing the file by rename is
// safe while it is open; truncating it in place is not (the process would
// fault on the next lookup), which is why BuildFile always renames.
func Open(path string) (*Filter, error) {
	data, unmap, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("breach: open filter: %w", err)
	}
	f, err := load(data)
	if err != nil {
		if unmap != nil {
			_ = unmap()
		}
		return nil, fmt.Errorf("breach: %s: %w", path, err)
	}
	f.unmap = unmap
	return f, nil
}

func load(data []byte) (*Filter, error) {
	h, fp, err := decode(data)
	if err != nil {
		return nil, err
	}
	f := &Filter{
		fuse: xorfilter.BinaryFuse[uint16]{
			Seed:               h.seed,
			SegmentLength:      h.segmentLength,
			SegmentLengthMask:  h.segmentLengthMask,
			SegmentCount:       h.segmentCount,
			SegmentCountLength: h.segmentCountLength,
			Fingerprints:       fingerprints(fp),
		},
		entries: int(h.entries),
	}
	// A member that is not found means the filter library now hashes keys
	// differently from the one that built the file: every lookup would be
	// wrong, so refuse the file instead of answering "not breached".
	if !f.fuse.Contains(h.canary) {
		return nil, fmt.Errorf("%w: canary key not found (built by an incompatible filter library)", ErrCorrupt)
	}
	return f, nil
}

// fingerprints views the little-endian uint16 array b as []uint16 without
// copying when the machine is little-endian and b is 2-byte aligned (always
// true for mmap and for the embedded default), and copies otherwise.
func fingerprints(b []byte) []uint16 {
	n := len(b) / 2
	if n == 0 {
		return nil
	}
	if littleEndian() && uintptr(unsafe.Pointer(&b[0]))%2 == 0 {
		return unsafe.Slice((*uint16)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]uint16, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return out
}

// fingerprintBytes is the inverse of fingerprints, for writing.
func fingerprintBytes(fp []uint16) []byte {
	if len(fp) == 0 {
		return nil
	}
	if littleEndian() {
		return unsafe.Slice((*byte)(unsafe.Pointer(&fp[0])), 2*len(fp))
	}
	out := make([]byte, 2*len(fp))
	for i, v := range fp {
		binary.LittleEndian.PutUint16(out[2*i:], v)
	}
	return out
}

func littleEndian() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}

// readFileCopy is the portable reader, also used for files too small to map.
func readFileCopy(path string) ([]byte, func() error, error) {
	data, err := os.ReadFile(path)
	return data, nil, err
}
