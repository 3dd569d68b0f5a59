package breach

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/bits"
)

// The on-disk layout of a filter file (all integers little-endian):
//
//	off  size  field
//	  0     4  magic "WWBF"
//	  4     2  format version (1)
//	  6     2  fingerprint width in bits (16)
//	  8     8  entry count (distinct keys)
//	 16     8  seed
//	 24     4  segment length (power of two)
//	 28     4  segment length mask (segment length - 1)
//	 32     4  segment count
//	 36     4  segment count length (segment count * segment length)
//	 40     4  fingerprint count ((segment count + 2) * segment length)
//	 44     4  reserved, zero
//	 48     8  canary: one member key, checked on load
//	 56   2*n  fingerprints, uint16 each
//	end-4   4  CRC-32C (Castagnoli) of every preceding byte
//
// The header is a multiple of 8 bytes so that the fingerprint array of a
// memory-mapped file is aligned for direct use as []uint16.
const (
	magic         = "WWBF"
	formatVersion = 1
	headerSize    = 56
	trailerSize   = 4
	fpBits        = 16
	// maxSegmentLength is the cap xorfilter applies; a larger value can only
	// come from a damaged or foreign file.
	maxSegmentLength = 1 << 18
)

// Errors returned by Open and Load. Each returned error wraps one of these
// and says what exactly was wrong.
var (
	// ErrNotFilter means the data does not start with the WWBF magic.
	ErrNotFilter = errors.New("not a Watchword breach filter")
	// ErrVersion means the file was written by an unsupported format version.
	ErrVersion = errors.New("unsupported filter format version")
	// ErrCorrupt means the file is truncated, inconsistent or fails its checksum.
	ErrCorrupt = errors.New("corrupt filter")
)

// header is the fixed-size part of a filter file.
type header struct {
	entries            uint64
	seed               uint64
	segmentLength      uint32
	segmentLengthMask  uint32
	segmentCount       uint32
	segmentCountLength uint32
	fingerprints       uint32
	canary             uint64
}

// castagnoli returns the CRC-32C table; crc32 caches it, so this is cheap.
func castagnoli() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) }

func (h header) encode() []byte {
	b := make([]byte, headerSize)
	copy(b, magic)
	binary.LittleEndian.PutUint16(b[4:], formatVersion)
	binary.LittleEndian.PutUint16(b[6:], fpBits)
	binary.LittleEndian.PutUint64(b[8:], h.entries)
	binary.LittleEndian.PutUint64(b[16:], h.seed)
	binary.LittleEndian.PutUint32(b[24:], h.segmentLength)
	binary.LittleEndian.PutUint32(b[28:], h.segmentLengthMask)
	binary.LittleEndian.PutUint32(b[32:], h.segmentCount)
	binary.LittleEndian.PutUint32(b[36:], h.segmentCountLength)
	binary.LittleEndian.PutUint32(b[40:], h.fingerprints)
	binary.LittleEndian.PutUint64(b[48:], h.canary)
	return b
}

// decode checks everything but the fingerprint contents: magic, version,
// exact length, checksum and that the parameters cannot index outside the
// fingerprint array. It returns the header and the fingerprint bytes.
func decode(data []byte) (header, []byte, error) {
	var h header
	// A short prefix of the magic is a truncated filter, not a foreign file.
	if n := min(len(data), len(magic)); string(data[:n]) != magic[:n] {
		return h, nil, fmt.Errorf("%w: bad magic %q", ErrNotFilter, data[:n])
	}
	if len(data) < headerSize+trailerSize {
		return h, nil, fmt.Errorf("%w: truncated: %d bytes, a header alone is %d", ErrCorrupt, len(data), headerSize+trailerSize)
	}
	if v := binary.LittleEndian.Uint16(data[4:]); v != formatVersion {
		return h, nil, fmt.Errorf("%w: file has version %d, this build reads version %d", ErrVersion, v, formatVersion)
	}
	h = header{
		entries:            binary.LittleEndian.Uint64(data[8:]),
		seed:               binary.LittleEndian.Uint64(data[16:]),
		segmentLength:      binary.LittleEndian.Uint32(data[24:]),
		segmentLengthMask:  binary.LittleEndian.Uint32(data[28:]),
		segmentCount:       binary.LittleEndian.Uint32(data[32:]),
		segmentCountLength: binary.LittleEndian.Uint32(data[36:]),
		fingerprints:       binary.LittleEndian.Uint32(data[40:]),
		canary:             binary.LittleEndian.Uint64(data[48:]),
	}
	// Length before checksum, so a truncated file says "truncated" rather
	// than "checksum mismatch".
	want := uint64(headerSize) + 2*uint64(h.fingerprints) + trailerSize
	if uint64(len(data)) != want {
		return h, nil, fmt.Errorf("%w: length %d bytes, header says %d (truncated or padded)", ErrCorrupt, len(data), want)
	}
	body := len(data) - trailerSize
	if got, sum := crc32.Checksum(data[:body], castagnoli()), binary.LittleEndian.Uint32(data[body:]); got != sum {
		return h, nil, fmt.Errorf("%w: checksum mismatch (stored %08x, computed %08x)", ErrCorrupt, sum, got)
	}
	if err := h.validate(data); err != nil {
		return h, nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return h, data[headerSize:body], nil
}

// validate rejects parameters that would make a lookup index out of range.
// A file that passes its checksum fails here only if it was written by a
// buggy or foreign writer, so this guards memory safety rather than bit rot.
func (h header) validate(data []byte) error {
	switch {
	case binary.LittleEndian.Uint16(data[6:]) != fpBits:
		return fmt.Errorf("fingerprint width %d bits, want %d", binary.LittleEndian.Uint16(data[6:]), fpBits)
	case binary.LittleEndian.Uint32(data[44:]) != 0:
		return errors.New("reserved header field is not zero")
	case h.entries == 0:
		return errors.New("filter holds no entries")
	case h.segmentLength == 0 || h.segmentLength > maxSegmentLength || bits.OnesCount32(h.segmentLength) != 1:
		return fmt.Errorf("segment length %d is not a power of two up to %d", h.segmentLength, maxSegmentLength)
	case h.segmentLengthMask != h.segmentLength-1:
		return fmt.Errorf("segment length mask %#x does not match length %d", h.segmentLengthMask, h.segmentLength)
	case h.segmentCount == 0 || uint64(h.segmentCount)*uint64(h.segmentLength) != uint64(h.segmentCountLength):
		return fmt.Errorf("segment count %d x length %d != %d", h.segmentCount, h.segmentLength, h.segmentCountLength)
	case (uint64(h.segmentCount)+2)*uint64(h.segmentLength) != uint64(h.fingerprints):
		return fmt.Errorf("fingerprint count %d does not match %d+2 segments", h.fingerprints, h.segmentCount)
	case h.entries > uint64(h.fingerprints):
		return fmt.Errorf("entry count %d exceeds fingerprint count %d", h.entries, h.fingerprints)
	}
	return nil
}
