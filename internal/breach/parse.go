package breach

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"strconv"

	"golang.org/x/text/unicode/norm"
)

// lineKind says how parseLine read a line.
type lineKind int

const (
	blankLine lineKind = iota
	hashLine
	passwordLine
)

// lineParser turns input lines into filter keys. It keeps a scratch buffer
// so that normalising plain passwords does not allocate per line.
type lineParser struct {
	scratch []byte
}

// parse reads one line without its '\n'. A line is a hash line when,
// ignoring trailing whitespace, it is 40 hex digits (either case) optionally
// followed by ':' and a decimal count; a bare hash counts 1. Anything else
// non-empty is a plain password (trailing '\r' removed, nothing else), which
// counts 1 and is NFKC-normalised before hashing, matching Contains.
//
// A 40-hex-digit password is therefore read as a hash; such passwords are
// vanishingly rare in practice, and the alternative (a flag per file) would
// make mixed files impossible.
func (p *lineParser) parse(line []byte) (key, count uint64, kind lineKind, err error) {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) == 0 {
		return 0, 0, blankLine, nil
	}
	t := trimRightSpace(line)
	var digest [sha1.Size]byte
	if len(t) >= 40 && (len(t) == 40 || t[40] == ':') && decodeHex(digest[:], t[:40]) {
		key = keyOf(digest)
		if len(t) == 40 {
			return key, 1, hashLine, nil
		}
		count, err = parseCount(t[41:])
		if err != nil {
			return 0, 0, hashLine, err
		}
		return key, count, hashLine, nil
	}
	// The breached-password service also publishes NTLM hashes in the same
	// HASH:COUNT shape. Read as plain passwords they would build a filter
	// that silently matches nothing, so refuse them.
	if len(t) > 33 && t[32] == ':' && decodeHex(digest[:16], t[:32]) && isDigits(t[33:]) {
		return 0, 0, passwordLine, errors.New("looks like an NTLM hash line; only SHA-1 hashes are supported")
	}
	p.scratch = norm.NFKC.Append(p.scratch[:0], line...)
	return keyOf(sha1.Sum(p.scratch)), 1, passwordLine, nil
}

func parseCount(b []byte) (uint64, error) {
	if !isDigits(b) {
		return 0, errors.New("hash line has a count that is not a decimal number")
	}
	n, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		return 0, errors.New("hash line count overflows 64 bits")
	}
	return n, nil
}

func trimRightSpace(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

func isDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// decodeHex decodes src (either case) into dst and reports whether src was
// all hex. encoding/hex is table-driven, several times faster than a switch
// on the 40 characters of every input line.
func decodeHex(dst, src []byte) bool {
	_, err := hex.Decode(dst, src)
	return err == nil
}
