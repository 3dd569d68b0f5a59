package scim

import "strings"

// foldValuePathSub rewrites what Entra ID sends to find a user by its work
// email, emails[type eq "work"].value eq "a@x", which RFC 7644's grammar
// lacks (a value path ends at "]"), into the filter it means:
// emails[type eq "work" and value eq "a@x"]. The parser takes at most two
// comparisons inside brackets, so the bracket's own filter must be one
// comparison (it is, from Entra ID); more is invalidFilter. Anything else
// is returned as it is, quoted strings untouched.
func foldValuePathSub(raw string) string {
	for {
		out, ok := foldOnce(raw)
		if !ok {
			return raw
		}
		raw = out
	}
}

func foldOnce(raw string) (string, bool) {
	open := -1
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '"':
			i = skipString(raw, i)
		case '[':
			open = i
		case ']':
			if open < 0 || i+1 >= len(raw) || raw[i+1] != '.' {
				continue
			}
			sub, rest := ident(raw[i+2:])
			if sub == "" {
				continue
			}
			cmp, tail, ok := comparison(rest)
			if !ok {
				continue
			}
			return raw[:open+1] + raw[open+1:i] + " and " + sub + " " + cmp + "]" + tail, true
		}
	}
	return raw, false
}

// skipString returns the index of the quote closing the string opened at i.
func skipString(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j
		}
	}
	return len(s)
}

func ident(s string) (string, string) {
	n := 0
	for n < len(s) && (s[n] == '_' || s[n] == '$' || s[n] == '-' || s[n] >= '0' && s[n] <= '9' ||
		s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z') {
		n++
	}
	return s[:n], s[n:]
}

// comparison reads " op value" (or " pr") at the start of s.
func comparison(s string) (cmp, tail string, ok bool) {
	t := strings.TrimLeft(s, " ")
	if len(t) == len(s) {
		return "", "", false
	}
	op, rest := ident(t)
	switch strings.ToLower(op) {
	case "pr":
		return op, rest, true
	case "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le":
	default:
		return "", "", false
	}
	v := strings.TrimLeft(rest, " ")
	if len(v) == len(rest) || v == "" {
		return "", "", false
	}
	end := 0
	if v[0] == '"' {
		end = skipString(v, 0) + 1
	} else {
		for end < len(v) && v[end] != ' ' && v[end] != ')' {
			end++
		}
	}
	if end > len(v) {
		return "", "", false
	}
	return op + " " + v[:end], v[end:], true
}
