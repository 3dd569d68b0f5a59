package breach_test

import (
	"bufio"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/breach"
)

// member is one generated input entry: a digest for hash lines, a
// password for plain lines.
type member struct {
	digest   [20]byte
	password string
}

// writeMillion writes a 1,000,000-line input mixing upper- and lower-case
// hash lines (with and without counts) and plain passwords, some of which
// need NFKC normalisation, and returns what it wrote.
func writeMillion(t *testing.T, path string) []member {
	t.Helper()
	const n = 1_000_000
	rng := rand.New(rand.NewPCG(1, 2))
	file, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(file)
	members := make([]member, n)
	for i := range members {
		m := &members[i]
		switch i % 4 {
		case 0, 1:
			for j := range m.digest {
				m.digest[j] = byte(rng.Uint32())
			}
			h := hex.EncodeToString(m.digest[:])
			if i%4 == 0 {
				h = strings.ToUpper(h)
			}
			if i%8 < 4 {
				h += fmt.Sprintf(":%d", 1+rng.IntN(100000))
			}
			fmt.Fprintf(w, "%s\r\n", h)
		case 2:
			m.password = fmt.Sprintf("pw%d-%x", i, rng.Uint32())
			fmt.Fprintf(w, "%s\n", m.password)
		case 3:
			// Full-width letters, ligatures and a composed é: NFKC changes them.
			m.password = fmt.Sprintf("ｐｗ%dﬁcafe\u0301%x", i, rng.Uint32())
			fmt.Fprintf(w, "%s\n", m.password)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := file.Close(); err != nil {
		t.Fatal(err)
	}
	return members
}

// TestMillion checks there are no false negatives over a whole 1,000,000
// entry input, and that the false-positive rate is within 2x of 2^-16.
func TestMillion(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "list.txt"), filepath.Join(dir, "f.wwbf")
	members := writeMillion(t, in)
	stats, err := breach.BuildFile(context.Background(), in, out, breach.BuildOptions{})
	if err != nil {
		t.Fatalf("BuildFile: %v", err)
	}
	f, err := breach.Open(out)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer f.Close()
	if f.Len() != len(members) || stats.HashLines != 500_000 || stats.PasswordLines != 500_000 {
		t.Fatalf("Len %d, stats %+v", f.Len(), stats)
	}
	if bpe := float64(stats.BytesWritten) / float64(f.Len()); bpe > 2.3 {
		t.Errorf("%.3f bytes per entry, want <= 2.3", bpe)
	}

	for i, m := range members {
		if m.password == "" && !f.ContainsSHA1(m.digest) {
			t.Fatalf("entry %d: hash %x missing", i, m.digest)
		}
		if m.password != "" && !f.Contains(m.password) {
			t.Fatalf("entry %d: password %q missing", i, m.password)
		}
	}

	// Fixed seeds make this deterministic, so the 2x band cannot flake.
	const trials = 1_000_000
	rng := rand.New(rand.NewPCG(3, 4))
	var fp int
	var d [sha1.Size]byte
	for range trials {
		for j := range d {
			d[j] = byte(rng.Uint32())
		}
		if f.ContainsSHA1(d) {
			fp++
		}
	}
	rate, theory := float64(fp)/trials, 1.0/65536
	t.Logf("false positives: %d of %d = %.3g (theory %.3g), %.3f bytes/entry", fp, trials, rate, theory,
		float64(stats.BytesWritten)/float64(f.Len()))
	if rate > 2*theory || rate < theory/2 {
		t.Errorf("false-positive rate %.3g is not within 2x of %.3g", rate, theory)
	}
}

func TestContainsDoesNotAllocate(t *testing.T) {
	f := MustLoad(t, "password\n", breach.BuildOptions{})
	for _, pw := range []string{"correct horse battery staple", "café", strings.Repeat("x", 128)} {
		if n := testing.AllocsPerRun(100, func() { f.Contains(pw) }); n != 0 {
			t.Errorf("Contains(%.10q...) allocates %v times", pw, n)
		}
	}
}
