package password

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
)

// StrengthMaxRunes is how much of a password zxcvbn sees. zxcvbn's cost grows
// faster than linearly with length (measured on one core: about 2–10 ms at 32
// characters, 15–30 ms at 64, 35–50 ms at 100, over 100 ms at 200), so only
// the first StrengthMaxRunes characters are scored and a longer password is
// judged by that prefix.
const StrengthMaxRunes = 64

// Evaluate applies the stateless rules of p to pw, without dictionaries: the
// dictionary rules are left out of the result. pw should already be
// Normalize'd, as it is hashed; Evaluate normalises again (a no-op then) so
// that the rules always see NFKC text.
func (p Policy) Evaluate(pw string, s Subject) Evaluation {
	return p.EvaluateWith(pw, s, Dictionaries{})
}

// EvaluateWith applies the stateless rules of p to pw, including each
// dictionary in d whose mode p turns on. A nil dictionary is skipped and its
// rule left out of the result.
//
// Without zxcvbn and dictionaries this runs in a few microseconds. zxcvbn runs
// only when MinStrength > 0, on at most StrengthMaxRunes characters.
func (p Policy) EvaluateWith(pw string, s Subject, d Dictionaries) Evaluation {
	pw = Normalize(pw)
	sc := scan(pw, p.AllowedChars)
	e := Evaluation{Rules: p.rules(d.Local != nil, d.Global != nil), Strength: -1}
	for i := range e.Rules {
		r := &e.Rules[i]
		switch r.ID {
		case RuleMinLength:
			r.Passed = sc.runes >= p.minLength()
		case RuleMaxLength:
			r.Passed = sc.runes <= p.maxLength()
		case RuleNoControlChars:
			r.Passed = !sc.control
		case RuleCharTypes:
			r.Passed = sc.types() >= p.MinCharTypes
		case RuleAllowedChars:
			r.Passed = !sc.disallowed
		case RuleMaxConsecutive:
			r.Passed = sc.maxRun <= p.MaxConsecutive
		case RuleNotUsername:
			r.Passed = !isName(pw, s.Username) && !isName(pw, s.AccountName)
		case RuleNotEmailOrMobile:
			r.Passed = !containsEmail(pw, s.Email) && !containsMobile(pw, s.Mobile)
		case RuleStrength:
			e.Strength = Strength(pw, s)
			r.Passed = e.Strength >= p.MinStrength
		case RuleLocalDictionary:
			r.Passed = !d.Local.Contains(pw)
		case RuleGlobalDictionary:
			r.Passed = !globalHit(d.Global, pw)
		}
	}
	return e
}

// Strength returns the zxcvbn score (0–4) of the first StrengthMaxRunes
// characters of pw, counting the subject's names, email and mobile as
// guessable words. pw should be Normalize'd. Huawei's pwd_strength can be
// derived from it.
func Strength(pw string, s Subject) int {
	if n := runeOffset(pw, StrengthMaxRunes); n < len(pw) {
		pw = pw[:n]
	}
	var inputs []string
	for _, v := range []string{s.Username, s.AccountName, s.Email, localPart(s.Email), digits(s.Mobile)} {
		if v != "" {
			inputs = append(inputs, v)
		}
	}
	return zxcvbn.PasswordStrength(pw, inputs).Score
}

// stats is what one pass over a password learns.
type stats struct {
	runes      int
	control    bool // a control character, line separator or invalid UTF-8
	disallowed bool // a character outside AllowedChars
	maxRun     int  // longest run of one character

	upper, lower, digit, special bool // character types seen
}

func (s stats) types() int {
	n := 0
	for _, b := range []bool{s.upper, s.lower, s.digit, s.special} {
		if b {
			n++
		}
	}
	return n
}

// scan reads pw once. Character types: Lu and Lt are uppercase, Ll lowercase,
// Nd digits, and everything else that is not a control character is special,
// which includes spaces, symbols, emoji, marks and letters of scripts without
// case (CJK, Arabic, Hebrew), so that such passwords can meet MinCharTypes.
func scan(pw, allowed string) stats {
	var s stats
	var asciiOK [128]bool
	for _, r := range allowed {
		if r < utf8.RuneSelf {
			asciiOK[r] = true
		}
	}
	prev, run := rune(-1), 0
	for i := 0; i < len(pw); {
		r, size := rune(pw[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(pw[i:])
		}
		i += size
		s.runes++
		if r == prev {
			run++
		} else {
			prev, run = r, 1
		}
		s.maxRun = max(s.maxRun, run)
		if allowed != "" {
			if r < utf8.RuneSelf {
				s.disallowed = s.disallowed || !asciiOK[r]
			} else if !strings.ContainsRune(allowed, r) {
				s.disallowed = true
			}
		}
		switch {
		case r == utf8.RuneError && size == 1:
			s.control = true
		case r < utf8.RuneSelf:
			switch {
			case r < 0x20 || r == 0x7f:
				s.control = true
			case 'A' <= r && r <= 'Z':
				s.upper = true
			case 'a' <= r && r <= 'z':
				s.lower = true
			case '0' <= r && r <= '9':
				s.digit = true
			default:
				s.special = true
			}
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			s.control = true
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			s.upper = true
		case unicode.IsLower(r):
			s.lower = true
		case unicode.IsDigit(r):
			s.digit = true
		default:
			s.special = true
		}
	}
	return s
}

// isName reports whether pw is name or name reversed, ignoring case, or,
// for a name of at least 3 letters, whether the letters of pw are only copies
// of the name's letters, forwards or backwards: digits and symbols added
// around or between them ("demo1234", "omed-omed") add little to guess.
func isName(pw, name string) bool {
	name = strings.TrimSpace(Normalize(name))
	if name == "" {
		return false
	}
	if strings.EqualFold(pw, name) || strings.EqualFold(pw, reverse(name)) {
		return true
	}
	n := letters(name)
	if utf8.RuneCountInString(n) < 3 {
		return false
	}
	return repeats(letters(pw), n, reverse(n))
}

// letters returns the letters of s, lowercased.
func letters(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// repeats reports whether s is one or more copies of a or b, one after the
// other (a and b have the same length).
func repeats(s, a, b string) bool {
	if s == "" {
		return false
	}
	for s != "" {
		switch {
		case strings.HasPrefix(s, a):
			s = s[len(a):]
		case strings.HasPrefix(s, b):
			s = s[len(b):]
		default:
			return false
		}
	}
	return true
}

// containsEmail reports whether pw contains email or its local part, ignoring
// case. A local part shorter than 3 characters is too common to refuse.
func containsEmail(pw, email string) bool {
	email = strings.ToLower(strings.TrimSpace(Normalize(email)))
	if email == "" {
		return false
	}
	lpw := strings.ToLower(pw)
	if strings.Contains(lpw, email) {
		return true
	}
	local := localPart(email)
	return utf8.RuneCountInString(local) >= 3 && strings.Contains(lpw, local)
}

// containsMobile reports whether pw contains the mobile number: its last 8
// digits, which are in the national number whether or not the user types the
// country code, or all of them when there are fewer. Separators in pw
// (space - . / ( )) are ignored. Numbers under 6 digits are not checked.
func containsMobile(pw, mobile string) bool {
	d := digits(Normalize(mobile))
	if len(d) < 6 {
		return false
	}
	d = d[max(len(d)-8, 0):]
	if strings.Contains(pw, d) {
		return true
	}
	compact := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '/', '(', ')':
			return -1
		}
		return r
	}, pw)
	return strings.Contains(compact, d)
}

// globalHit checks the password as is and in lowercase, then without the
// digits and symbols it ends with, when at least 4 characters remain: a
// common word with a number or a "!" appended ("demo1234", "sunshine2024!")
// is one of the first guesses an attacker tries.
func globalHit(b Blocklist, pw string) bool {
	if listed(b, pw) {
		return true
	}
	base := strings.TrimRightFunc(pw, func(r rune) bool { return !unicode.IsLetter(r) })
	return base != pw && utf8.RuneCountInString(base) >= 4 && listed(b, base)
}

// listed checks pw as is and in lowercase.
func listed(b Blocklist, pw string) bool {
	if b.Contains(pw) {
		return true
	}
	l := strings.ToLower(pw)
	return l != pw && b.Contains(l)
}

func localPart(email string) string {
	if at := strings.LastIndexByte(email, '@'); at >= 0 {
		return email[:at]
	}
	return ""
}

func digits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// runeOffset returns the byte offset of the n-th rune of s, or len(s).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}
