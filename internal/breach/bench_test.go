package breach_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/breach"
)

// lookupPasswords are cycled through so that lookups touch different parts
// of the filter rather than one cached line.
func lookupPasswords() []string {
	pw := make([]string, 4096)
	for i := range pw {
		pw[i] = fmt.Sprintf("Tr0ub4dor&%d", i)
	}
	return pw
}

func BenchmarkContains(b *testing.B) {
	def, err := breach.Default()
	if err != nil {
		b.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := breach.Build(context.Background(), newSynthReader(1_000_000, 7), &out, breach.BuildOptions{}); err != nil {
		b.Fatal(err)
	}
	million, err := breach.Load(out.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	pw := lookupPasswords()
	for _, c := range []struct {
		name string
		f    *breach.Filter
	}{{"default", def}, {"1M", million}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				c.f.Contains(pw[i&4095])
				i++
			}
		})
	}
	b.Run("SHA1/1M", func(b *testing.B) {
		digests := make([][sha1.Size]byte, len(pw))
		for i, p := range pw {
			digests[i] = sha1.Sum([]byte(p))
		}
		i := 0
		for b.Loop() {
			million.ContainsSHA1(digests[i&4095])
			i++
		}
	})
}

// BenchmarkBuild measures end-to-end build throughput (parse, sort,
// construct, write) on 1,000,000 synthetic HASH:COUNT lines.
func BenchmarkBuild(b *testing.B) {
	const n = 1_000_000
	for b.Loop() {
		stats, err := breach.Build(context.Background(), newSynthReader(n, 9), io.Discard, breach.BuildOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(stats.BytesRead)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkBuildSynthetic is the large build measurement, run by hand (see
// bench/results/breach.md); it skips unless BREACH_SYNTH_ENTRIES is set.
// BREACH_SYNTH_OUT, if set, keeps the filter file and measures lookups on it.
func BenchmarkBuildSynthetic(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("BREACH_SYNTH_ENTRIES"))
	if n <= 0 {
		b.Skip("set BREACH_SYNTH_ENTRIES to run")
	}
	out := os.Getenv("BREACH_SYNTH_OUT")
	var w io.Writer = io.Discard
	if out != "" {
		file, err := os.Create(out)
		if err != nil {
			b.Fatal(err)
		}
		defer file.Close()
		bw := bufio.NewWriterSize(file, 1<<20)
		defer bw.Flush()
		w = bw
	}
	b.ResetTimer()
	start := time.Now()
	stats, err := breach.Build(context.Background(), newSynthReader(n, 11), w, breach.BuildOptions{Progress: os.Stderr})
	if err != nil {
		b.Fatal(err)
	}
	total := time.Since(start)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.Logf("entries %d, input %d bytes, output %d bytes = %.4f bytes/entry", stats.Entries, stats.BytesRead, stats.BytesWritten,
		float64(stats.BytesWritten)/float64(stats.Entries))
	b.Logf("total %v = %.0f entries/s (read %v, sort %v, construct %v, write %v)", total.Round(time.Millisecond),
		float64(n)/total.Seconds(), stats.ReadTime.Round(time.Millisecond), stats.SortTime.Round(time.Millisecond),
		stats.ConstructTime.Round(time.Millisecond), stats.WriteTime.Round(time.Millisecond))
	b.Logf("Go runtime: Sys %d MiB, HeapSys %d MiB; process %s", ms.Sys>>20, ms.HeapSys>>20, peakRSS())
	b.ReportMetric(float64(n)/total.Seconds(), "entries/s")
	if out == "" {
		return
	}
	if w, ok := w.(*bufio.Writer); ok {
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	f, err := breach.Open(out)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	pw := lookupPasswords()
	const lookups = 2_000_000
	start = time.Now()
	for i := range lookups {
		f.Contains(pw[i&4095])
	}
	b.Logf("Open+verify then %d Contains on the %d-entry filter: %v/lookup", lookups, f.Len(), time.Since(start)/lookups)
}

// peakRSS reads the kernel's high-water mark for this process (Linux only).
func peakRSS() string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "peak RSS unknown"
	}
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return "peak RSS (VmHWM) " + strings.Join(strings.Fields(line[6:]), " ")
		}
	}
	return "peak RSS unknown"
}
