// Package breach answers "is this password in a breached-password list?"
// offline, from a compact static filter.
//
// A filter is a binary fuse filter (github.com/FastFilter/xorfilter) with
// 16-bit fingerprints over the first 8 bytes of each password's SHA-1 digest:
// about 18 bits per entry, a false-positive rate of about 1/65,536 and no
// false negatives. Filters are built by streaming a text file (Build,
// BuildFile), stored in a checksummed file (see format.go and README.md) and
// loaded with Open or Load. Default returns a small filter of common
// passwords embedded in the binary, so the check works with no download.
// Nothing in this package touches the network.
package breach

import (
	"crypto/sha1"
	"encoding/binary"

	"github.com/FastFilter/xorfilter"
	"golang.org/x/text/unicode/norm"
)

// Filter is a loaded breached-password filter. It is read-only and safe for
// concurrent use, except that Close must not race with lookups.
type Filter struct {
	fuse    xorfilter.BinaryFuse[uint16]
	entries int
	// unmap releases the file mapping behind fuse.Fingerprints; nil when the
	// fingerprints live in Go memory.
	unmap func() error
}

// Contains reports whether password is (probably) in the filter. The password
// is NFKC-normalised, as Watchword stores and checks passwords, then SHA-1'd.
// False positives occur with probability about 1/65,536; there are no false
// negatives. A password that is already in NFKC form (all ASCII is) and at
// most 128 bytes long is checked without allocating.
func (f *Filter) Contains(password string) bool {
	if norm.NFKC.QuickSpanString(password) != len(password) {
		// norm's Append forms leak their buffer to the heap, so only input
		// that may change under NFKC pays for String's allocation.
		password = norm.NFKC.String(password)
	}
	var buf [128]byte
	if len(password) > len(buf) {
		return f.ContainsSHA1(sha1.Sum([]byte(password)))
	}
	n := copy(buf[:], password)
	return f.ContainsSHA1(sha1.Sum(buf[:n]))
}

// ContainsSHA1 reports whether the password whose SHA-1 digest is digest is
// (probably) in the filter. No normalisation is applied.
func (f *Filter) ContainsSHA1(digest [sha1.Size]byte) bool {
	return f.fuse.Contains(keyOf(digest))
}

// Len returns the number of distinct keys the filter was built from.
func (f *Filter) Len() int { return f.entries }

// Close releases the memory mapping of a filter returned by Open. The filter
// must not be used afterwards. Close is a no-op for other filters and when
// called twice.
func (f *Filter) Close() error {
	if f.unmap == nil {
		return nil
	}
	unmap := f.unmap
	f.unmap = nil
	f.fuse.Fingerprints = nil
	return unmap()
}

// keyOf is the filter key of a digest: its first 8 bytes, big-endian, so a
// key printed in hex is the digest's hex prefix. Truncating to 64 bits merges
// distinct digests with probability n²/2⁶⁵, which is negligible next to the
// fingerprint false-positive rate.
func keyOf(digest [sha1.Size]byte) uint64 {
	return binary.BigEndian.Uint64(digest[:8])
}
