package breach_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/breach"
)

func TestBuildLineFormats(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		opts    breach.BuildOptions
		want    []string // passwords that must be members
		notWant []string // passwords that must not be
		stats   breach.BuildStats
	}{
		{name: "upper hash with count", in: "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3861493\n",
			want: []string{"password"}, stats: breach.BuildStats{Lines: 1, HashLines: 1, Entries: 1}},
		{name: "lower hash without count", in: "5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8",
			want: []string{"password"}, stats: breach.BuildStats{Lines: 1, HashLines: 1, Entries: 1}},
		{name: "CRLF and trailing blanks", in: hashLine("letmein", 4) + " \r\n\r\n" + hashLine("dragon", 9) + "\r\n",
			want: []string{"letmein", "dragon"}, notWant: []string{"password"}, stats: breach.BuildStats{Lines: 3, HashLines: 2, Entries: 2}},
		{name: "plain passwords", in: "hunter2\ncorrect horse\r\n\n  spaced  \n",
			want: []string{"hunter2", "correct horse", "  spaced  "}, notWant: []string{"spaced", "hunter2\r"},
			stats: breach.BuildStats{Lines: 4, PasswordLines: 3, Entries: 3}},
		{name: "plain passwords are NFKC-normalised", in: "ｐａｓｓｗｏｒｄ\n",
			want: []string{"password", "ｐａｓｓｗｏｒｄ"}, stats: breach.BuildStats{Lines: 1, PasswordLines: 1, Entries: 1}},
		{name: "mixed and duplicates", in: "password\n" + hashLine("password", 7) + "\nqwerty\n",
			want: []string{"password", "qwerty"}, stats: breach.BuildStats{Lines: 3, HashLines: 1, PasswordLines: 2, Duplicates: 1, Entries: 2}},
		{name: "MinCount keeps counts at or above it", in: strings.Join([]string{
			hashLine("one", 1), hashLine("nine", 9), hashLine("ten", 10), hashLine("many", 5000), "plain"}, "\n"),
			opts: breach.BuildOptions{MinCount: 10}, want: []string{"ten", "many"}, notWant: []string{"one", "nine", "plain"},
			stats: breach.BuildStats{Lines: 5, HashLines: 4, PasswordLines: 1, BelowMinCount: 3, Entries: 2}},
		{name: "MinCount 1 keeps plain lines", in: "plain\n" + hashLine("x", 1),
			opts: breach.BuildOptions{MinCount: 1}, want: []string{"plain", "x"},
			stats: breach.BuildStats{Lines: 2, HashLines: 1, PasswordLines: 1, Entries: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			stats, err := breach.Build(context.Background(), strings.NewReader(tt.in), &out, tt.opts)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			f, err := breach.Load(out.Bytes())
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			for _, p := range tt.want {
				if !f.Contains(p) {
					t.Errorf("Contains(%q) = false, want true", p)
				}
			}
			for _, p := range tt.notWant {
				if f.Contains(p) {
					t.Errorf("Contains(%q) = true, want false", p)
				}
			}
			got := breach.BuildStats{Lines: stats.Lines, HashLines: stats.HashLines, PasswordLines: stats.PasswordLines,
				BelowMinCount: stats.BelowMinCount, Duplicates: stats.Duplicates, Entries: stats.Entries}
			if got != tt.stats {
				t.Errorf("stats = %+v, want %+v", got, tt.stats)
			}
			if f.Len() != int(tt.stats.Entries) || stats.BytesWritten != int64(out.Len()) || stats.BytesRead != int64(len(tt.in)) {
				t.Errorf("Len %d, BytesWritten %d (file %d), BytesRead %d (input %d)", f.Len(), stats.BytesWritten, out.Len(), stats.BytesRead, len(tt.in))
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	h := hashLine("password", 1)
	tests := []struct {
		name string
		in   string
		opts breach.BuildOptions
		want string
	}{
		{"empty input", "", breach.BuildOptions{}, "no entries"},
		{"only blank lines", "\n\r\n\n", breach.BuildOptions{}, "no entries"},
		{"everything below MinCount", "plain\n" + hashLine("a", 3), breach.BuildOptions{MinCount: 4}, "2 below MinCount 4"},
		{"count not a number", "ok\n" + h[:40] + ":12x\n", breach.BuildOptions{}, "line 2: hash line has a count that is not a decimal number"},
		{"empty count", h[:41] + "\n", breach.BuildOptions{}, "line 1: hash line has a count"},
		{"count overflow", h[:41] + "99999999999999999999999\n", breach.BuildOptions{}, "overflows"},
		{"NTLM list", "8846F7EAEE8FB117AD06BDD830B7586C:3861493\n", breach.BuildOptions{}, "line 1: looks like an NTLM hash"},
		{"line too long", "a\n" + strings.Repeat("x", 1<<20+1) + "\n", breach.BuildOptions{}, "line 2 is longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := breach.Build(context.Background(), strings.NewReader(tt.in), &bytes.Buffer{}, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestBuildCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := breach.Build(ctx, newSynthReader(200_000, 1), &bytes.Buffer{}, breach.BuildOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestBuildProgress(t *testing.T) {
	var progress bytes.Buffer
	MustBuild(t, "password\nqwerty\n", breach.BuildOptions{Progress: &progress, Size: 16})
	got := progress.String()
	for _, want := range []string{"\rbreach: read 16 B / 16 B (100.0%), 2 lines, 2 kept", "sorting 2 keys", "wrote 2 entries"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress output %q lacks %q", got, want)
		}
	}
}

func TestBuildFileAtomic(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "list.txt"), filepath.Join(dir, "breached.wwbf")
	if err := os.WriteFile(in, []byte("password\n"+hashLine("qwerty", 50)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := breach.BuildFile(context.Background(), in, out, breach.BuildOptions{MinCount: 1}); err != nil {
		t.Fatalf("BuildFile: %v", err)
	}
	before, _ := os.ReadFile(out)

	// A failing rebuild must leave the previous filter and no temp file.
	if err := os.WriteFile(in, []byte(hashLine("x", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := breach.BuildFile(context.Background(), in, out, breach.BuildOptions{MinCount: 10}); err == nil {
		t.Fatal("BuildFile with nothing above MinCount succeeded")
	}
	after, _ := os.ReadFile(out)
	entries, _ := os.ReadDir(dir)
	if !bytes.Equal(before, after) || len(entries) != 2 {
		t.Fatalf("failed build changed the output or left files behind: %v", entries)
	}
	f, err := breach.Open(out)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer f.Close()
	if !f.Contains("password") || !f.Contains("qwerty") || f.Len() != 2 {
		t.Fatalf("reopened filter lost entries")
	}
	if _, err := breach.BuildFile(context.Background(), filepath.Join(dir, "missing"), out, breach.BuildOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing input: err = %v, want ErrNotExist", err)
	}
}
