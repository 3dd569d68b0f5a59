package breach

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"runtime/debug"
	"slices"
	"time"

	"github.com/FastFilter/xorfilter"
)

// maxEntries keeps the filter's uint32 sizes (entries × 1.125 plus two
// segments) from overflowing; the full public breached list is about a
// quarter of this.
const maxEntries = 3_500_000_000

// maxLine bounds one input line; longer lines are an error, not a password.
const maxLine = 1 << 20

// BuildOptions configures Build and BuildFile.
type BuildOptions struct {
	// MinCount drops hash lines whose count is below it; 0 and 1 keep every
	// line. Lines without a count (plain passwords and bare hashes) count as
	// 1, so a MinCount above 1 drops them all: a count threshold only makes
	// sense for the counted HASH:COUNT format.
	MinCount uint64
	// Progress, when non-nil, receives a status line redrawn in place with
	// '\r' while reading (bytes, lines, rate and, when Size is known, the
	// percentage) and one line per later phase. os.Stderr is the usual choice.
	Progress io.Writer
	// Size is the input length in bytes, used only for the progress
	// percentage; 0 means unknown. BuildFile fills it in from the file.
	Size int64
}

// BuildStats describes a finished build.
type BuildStats struct {
	Lines         uint64 // lines read, blank ones included
	HashLines     uint64 // lines read as SHA1HEX[:COUNT]
	PasswordLines uint64 // lines read as plain passwords
	BelowMinCount uint64 // lines dropped by MinCount
	Duplicates    uint64 // keys dropped because an equal key was already kept
	Entries       uint64 // distinct keys in the filter
	BytesRead     int64
	BytesWritten  int64
	ReadTime      time.Duration
	SortTime      time.Duration // sorting and deduplicating keys
	ConstructTime time.Duration // building the binary fuse filter
	WriteTime     time.Duration
}

// Build reads r line by line (see README.md for the accepted formats), builds
// a filter and writes it to w in the WWBF format.
//
// Memory: Build holds the key of every kept line, 8 bytes each (transiently
// up to 18 while the key slice grows; duplicates go only after sorting), then
// the filter construction needs about 26 bytes per distinct key more, so the
// peak is about 34 bytes per key: 3.45 GB measured for 100 million keys. The
// output is about 2.25 bytes per key.
//
// ctx is checked while reading and between phases; the construction step
// itself cannot be interrupted. Build fails if no line survives MinCount.
func Build(ctx context.Context, r io.Reader, w io.Writer, opts BuildOptions) (BuildStats, error) {
	var stats BuildStats
	prog := newProgress(opts.Progress, opts.Size)

	t := time.Now()
	keys, err := readKeys(ctx, r, opts.MinCount, prog, &stats)
	stats.ReadTime = time.Since(t)
	if err != nil {
		return stats, err
	}
	if len(keys) == 0 {
		return stats, fmt.Errorf("breach: no entries to build from (%d lines read, %d below MinCount %d)", stats.Lines, stats.BelowMinCount, opts.MinCount)
	}

	t = time.Now()
	prog.step("sorting %d keys", len(keys))
	slices.Sort(keys)
	unique := slices.Compact(keys)
	stats.Duplicates = uint64(len(keys) - len(unique))
	keys = unique
	stats.Entries = uint64(len(keys))
	stats.SortTime = time.Since(t)
	if len(keys) > maxEntries {
		return stats, fmt.Errorf("breach: %d distinct keys is more than the %d a filter can hold", len(keys), maxEntries)
	}
	if err := ctx.Err(); err != nil {
		return stats, err
	}

	t = time.Now()
	prog.step("building filter over %d distinct keys (%d duplicates dropped)", len(keys), stats.Duplicates)
	canary := keys[0]
	// Growing the key slice left dead copies of it on the heap. Return them
	// to the OS now, before construction allocates ~26 bytes per key, so
	// they do not add to the peak (one GC of a pointer-free heap: cheap).
	// Small builds skip it: a forced GC would cost more than it saves.
	if len(keys) >= 1<<20 {
		debug.FreeOSMemory()
	}
	fuse, err := xorfilter.NewBinaryFuse[uint16](keys)
	keys = nil // the filter no longer needs them; let the GC have them back
	stats.ConstructTime = time.Since(t)
	if err != nil {
		return stats, fmt.Errorf("breach: building filter: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return stats, err
	}

	t = time.Now()
	stats.BytesWritten, err = writeFilter(w, fuse, stats.Entries, canary)
	stats.WriteTime = time.Since(t)
	if err != nil {
		return stats, fmt.Errorf("breach: writing filter: %w", err)
	}
	prog.step("wrote %d entries in %s (%.2f bytes/entry)", stats.Entries, formatBytes(stats.BytesWritten),
		float64(stats.BytesWritten)/float64(stats.Entries))
	return stats, nil
}

// readKeys streams r and returns the key of every line that passes minCount.
func readKeys(ctx context.Context, r io.Reader, minCount uint64, prog *progress, stats *BuildStats) ([]uint64, error) {
	br := bufio.NewReaderSize(r, maxLine)
	var p lineParser
	var keys []uint64
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, fmt.Errorf("breach: line %d is longer than %d bytes", stats.Lines+1, maxLine)
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("breach: reading line %d: %w", stats.Lines+1, err)
		}
		if len(line) > 0 {
			stats.Lines++
			stats.BytesRead += int64(len(line))
			key, count, kind, perr := p.parse(trimNewline(line))
			if perr != nil {
				return nil, fmt.Errorf("breach: line %d: %w", stats.Lines, perr)
			}
			switch kind {
			case hashLine:
				stats.HashLines++
			case passwordLine:
				stats.PasswordLines++
			}
			if kind != blankLine {
				if count < minCount {
					stats.BelowMinCount++
				} else {
					keys = append(keys, key)
				}
			}
			if stats.Lines%progressEvery == 0 {
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("breach: build stopped at line %d: %w", stats.Lines, err)
				}
				prog.reading(stats.BytesRead, stats.Lines, uint64(len(keys)), false)
			}
		}
		if err == io.EOF {
			break
		}
	}
	prog.reading(stats.BytesRead, stats.Lines, uint64(len(keys)), true)
	return keys, ctx.Err()
}

func trimNewline(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		return b[:n-1]
	}
	return b
}

// writeFilter writes the header, fingerprints and CRC-32C trailer.
func writeFilter(w io.Writer, fuse *xorfilter.BinaryFuse[uint16], entries, canary uint64) (int64, error) {
	h := header{
		entries:            entries,
		seed:               fuse.Seed,
		segmentLength:      fuse.SegmentLength,
		segmentLengthMask:  fuse.SegmentLengthMask,
		segmentCount:       fuse.SegmentCount,
		segmentCountLength: fuse.SegmentCountLength,
		fingerprints:       uint32(len(fuse.Fingerprints)),
		canary:             canary,
	}
	crc := crc32.New(castagnoli())
	mw := io.MultiWriter(w, crc)
	var n int64
	for _, b := range [][]byte{h.encode(), fingerprintBytes(fuse.Fingerprints)} {
		m, err := mw.Write(b)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	m, err := w.Write(binary.LittleEndian.AppendUint32(nil, crc.Sum32()))
	return n + int64(m), err
}
