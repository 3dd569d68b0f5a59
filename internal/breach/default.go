package breach

import (
	_ "embed" // for the bundled default filter
)

//go:generate go run ./gen -out default.wwbf

// defaultFilter is the WWBF file gen writes from zxcvbn's common-password
// list. go:embed needs a package-level variable; it is never written.
//
//go:embed default.wwbf
var defaultFilter string

// Default returns the filter bundled with Watchword: the 47,023 common
// passwords of the frequency list shipped in github.com/trustelem/zxcvbn
// (data/passwords.txt), so the global dictionary check works with no
// download. Each call decodes and verifies a fresh copy (about 110 KB);
// call it once and keep the result.
func Default() (*Filter, error) {
	return Load([]byte(defaultFilter))
}
