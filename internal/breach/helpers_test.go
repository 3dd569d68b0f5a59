package breach_test

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/breach"
)

// MustBuild builds a filter from input in memory and returns its file bytes.
func MustBuild(tb testing.TB, input string, opts breach.BuildOptions) []byte {
	tb.Helper()
	var out bytes.Buffer
	if _, err := breach.Build(context.Background(), strings.NewReader(input), &out, opts); err != nil {
		tb.Fatalf("Build: %v", err)
	}
	return out.Bytes()
}

// MustLoad builds and loads a filter from input.
func MustLoad(tb testing.TB, input string, opts breach.BuildOptions) *breach.Filter {
	tb.Helper()
	f, err := breach.Load(MustBuild(tb, input, opts))
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return f
}

// hashLine is the breached-password list line for password.
func hashLine(password string, count int) string {
	d := sha1.Sum([]byte(password))
	return strings.ToUpper(hex.EncodeToString(d[:])) + ":" + strconv.Itoa(count)
}

// synthReader streams n lines in the public "SHA1HEX:COUNT\r\n" format with
// random digests, without holding them all, for build benchmarks.
type synthReader struct {
	rng  *rand.PCG
	left int
	buf  []byte
}

func newSynthReader(n int, seed uint64) *synthReader {
	return &synthReader{rng: rand.NewPCG(seed, seed^0x9e3779b97f4a7c15), left: n}
}

func (s *synthReader) Read(p []byte) (int, error) {
	for len(s.buf) < len(p) && s.left > 0 {
		var d [20]byte
		for i := 0; i < 20; i += 8 {
			v := s.rng.Uint64()
			for j := 0; j < 8 && i+j < 20; j++ {
				d[i+j] = byte(v >> (8 * j))
			}
		}
		s.buf = hex.AppendEncode(s.buf, d[:])
		s.buf = append(s.buf, ':')
		s.buf = strconv.AppendUint(s.buf, 1+s.rng.Uint64()%1000, 10)
		s.buf = append(s.buf, '\r', '\n')
		s.left--
	}
	if len(s.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.buf)
	s.buf = s.buf[:copy(s.buf, s.buf[n:])]
	return n, nil
}
