//go:build !linux

package breach

// readFile reads the whole file into memory; only Linux maps it.
func readFile(path string) ([]byte, func() error, error) {
	return readFileCopy(path)
}
