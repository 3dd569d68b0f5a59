package breach

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// BuildFile builds a filter from the text file inPath and writes it to
// outPath atomically: it writes a temporary file in the same directory,
// syncs it and renames it over outPath, so a reader never sees a partial
// filter and a failed build leaves any previous outPath untouched. When
// opts.Size is 0 it is set from the input's size for the progress display.
func BuildFile(ctx context.Context, inPath, outPath string, opts BuildOptions) (stats BuildStats, err error) {
	in, err := os.Open(inPath)
	if err != nil {
		return stats, fmt.Errorf("breach: %w", err)
	}
	defer in.Close()
	if st, err := in.Stat(); err == nil && st.Mode().IsRegular() && opts.Size == 0 {
		opts.Size = st.Size()
	}

	dir, base := filepath.Split(outPath)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return stats, fmt.Errorf("breach: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()

	bw := bufio.NewWriterSize(tmp, 1<<20)
	if stats, err = Build(ctx, in, bw, opts); err != nil {
		return stats, err
	}
	if err = bw.Flush(); err != nil {
		return stats, fmt.Errorf("breach: writing %s: %w", tmp.Name(), err)
	}
	if err = tmp.Chmod(0o644); err != nil { // a filter is public data; CreateTemp makes it 0600
		return stats, fmt.Errorf("breach: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return stats, fmt.Errorf("breach: syncing %s: %w", tmp.Name(), err)
	}
	if err = tmp.Close(); err != nil {
		return stats, fmt.Errorf("breach: closing %s: %w", tmp.Name(), err)
	}
	if err = os.Rename(tmp.Name(), outPath); err != nil {
		return stats, fmt.Errorf("breach: %w", err)
	}
	// Make the rename itself durable; not every filesystem supports syncing
	// a directory, and the file is already complete, so this is best effort.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return stats, nil
}
