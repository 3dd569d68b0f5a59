package breach_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/breach"
)

// withCRC recomputes the CRC-32C trailer, so a test can reach the checks
// that run after the checksum.
func withCRC(b []byte) []byte {
	if len(b) < 4 {
		return b
	}
	body := len(b) - 4
	binary.LittleEndian.PutUint32(b[body:], crc32.Checksum(b[:body], crc32.MakeTable(crc32.Castagnoli)))
	return b
}

func smallInput(n int) string {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "password%d\n", i)
	}
	return sb.String()
}

func TestLoadRejectsDamage(t *testing.T) {
	good := MustBuild(t, smallInput(1000), breach.BuildOptions{})
	edit := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	put32 := func(off int, v uint32) []byte {
		return edit(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[off:], v); return withCRC(b) })
	}
	tests := []struct {
		name string
		data []byte
		is   error
		want string
	}{
		{"flipped fingerprint byte", edit(func(b []byte) []byte { b[len(b)/2] ^= 0x10; return b }), breach.ErrCorrupt, "checksum mismatch"},
		{"flipped header byte", edit(func(b []byte) []byte { b[20] ^= 1; return b }), breach.ErrCorrupt, "checksum mismatch"},
		{"flipped checksum byte", edit(func(b []byte) []byte { b[len(b)-1] ^= 0x80; return b }), breach.ErrCorrupt, "checksum mismatch"},
		{"truncated by one byte", good[:len(good)-1], breach.ErrCorrupt, "truncated or padded"},
		{"truncated to half", good[:len(good)/2], breach.ErrCorrupt, "truncated or padded"},
		{"truncated inside header", good[:30], breach.ErrCorrupt, "truncated"},
		{"truncated inside magic", good[:2], breach.ErrCorrupt, "truncated"},
		{"empty", nil, breach.ErrCorrupt, "truncated"},
		{"padded", append(append([]byte(nil), good...), 0), breach.ErrCorrupt, "truncated or padded"},
		{"wrong magic", edit(func(b []byte) []byte { copy(b, "GZIP"); return b }), breach.ErrNotFilter, `bad magic "GZIP"`},
		{"text file", []byte("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3861493\n"), breach.ErrNotFilter, "bad magic"},
		{"newer version", edit(func(b []byte) []byte { b[4] = 2; return b }), breach.ErrVersion, "file has version 2, this build reads version 1"},
		{"version zero", edit(func(b []byte) []byte { b[4] = 0; return withCRC(b) }), breach.ErrVersion, "version 0"},
		{"8-bit fingerprints", edit(func(b []byte) []byte { b[6] = 8; return withCRC(b) }), breach.ErrCorrupt, "fingerprint width 8"},
		{"no entries", edit(func(b []byte) []byte { clear(b[8:16]); return withCRC(b) }), breach.ErrCorrupt, "no entries"},
		{"segment length not a power of two", put32(24, 3), breach.ErrCorrupt, "not a power of two"},
		{"segment mask mismatch", put32(28, 7), breach.ErrCorrupt, "mask"},
		{"segment count length mismatch", put32(36, 12345), breach.ErrCorrupt, "segment count"},
		{"fingerprint count mismatch", put32(32, 1), breach.ErrCorrupt, "segment count"},
		{"reserved field set", put32(44, 1), breach.ErrCorrupt, "reserved"},
		{"hash parameters changed", edit(func(b []byte) []byte { b[16] ^= 0xff; return withCRC(b) }), breach.ErrCorrupt, "canary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := breach.Load(tt.data)
			if f != nil || !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load = %v, %v; want error wrapping %q containing %q", f, err, tt.is, tt.want)
			}
		})
	}
}

func TestOpenReportsPathAndDamage(t *testing.T) {
	dir := t.TempDir()
	good := MustBuild(t, smallInput(100), breach.BuildOptions{})
	bad := append([]byte(nil), good...)
	bad[len(bad)/2] ^= 1
	tests := []struct {
		name string
		data []byte // nil: no file
		is   error
	}{
		{"good", good, nil},
		{"flipped byte", bad, breach.ErrCorrupt},
		{"truncated", good[:len(good)-10], breach.ErrCorrupt},
		{"empty file", []byte{}, breach.ErrCorrupt},
		{"missing", nil, fs.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".wwbf")
			if tt.data != nil {
				if err := os.WriteFile(path, tt.data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			f, err := breach.Open(path)
			if tt.is == nil {
				if err != nil || !f.Contains("password42") || f.Len() != 100 {
					t.Fatalf("Open good file: %v", err)
				}
				if err := f.Close(); err != nil {
					t.Fatalf("Close: %v", err)
				}
				if err := f.Close(); err != nil {
					t.Fatalf("second Close: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), filepath.Base(path)) {
				t.Fatalf("Open = %v, want error wrapping %v naming the file", err, tt.is)
			}
		})
	}
}

// TestLoadUnaligned covers the copying path used when the data is not
// 2-byte aligned, as a sub-slice of a larger buffer may be.
func TestLoadUnaligned(t *testing.T) {
	good := MustBuild(t, smallInput(100), breach.BuildOptions{})
	buf := make([]byte, len(good)+1)
	copy(buf[1:], good)
	f, err := breach.Load(buf[1:])
	if err != nil || !f.Contains("password7") || f.Contains("password100") {
		t.Fatalf("unaligned Load: %v", err)
	}
}

func FuzzLoad(f *testing.F) {
	good := MustBuild(f, smallInput(50), breach.BuildOptions{})
	f.Add(good)
	f.Add(good[:60])
	f.Add([]byte("WWBF"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		// Load as given, then with a valid checksum so that the fuzzer gets
		// past the CRC and exercises the parameter checks.
		for _, d := range [][]byte{data, withCRC(append([]byte(nil), data...))} {
			filter, err := breach.Load(d)
			if err != nil {
				if !errors.Is(err, breach.ErrCorrupt) && !errors.Is(err, breach.ErrNotFilter) && !errors.Is(err, breach.ErrVersion) {
					t.Fatalf("error %v wraps no sentinel", err)
				}
				continue
			}
			filter.Contains("password")
			filter.ContainsSHA1([20]byte{1, 2, 3})
			_ = filter.Len()
		}
	})
}
