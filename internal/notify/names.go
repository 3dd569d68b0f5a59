package notify

import "strings"

// normLocale folds a locale as users and browsers spell it ("fr_CA",
// "fr-CA.UTF-8") to the lower-case tag the template directories use.
func normLocale(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if i := strings.IndexAny(l, ".@"); i >= 0 {
		l = l[:i]
	}
	return strings.ReplaceAll(l, "_", "-")
}

// localeChain lists the locales to try for l, most specific first: "fr-ca",
// then "fr", then "en", which every template has.
func localeChain(l string) []string {
	l = normLocale(l)
	chain := make([]string, 0, 3)
	if l != "" {
		chain = append(chain, l)
		if base, _, ok := strings.Cut(l, "-"); ok && base != "" {
			chain = append(chain, base)
		}
	}
	if len(chain) == 0 || chain[len(chain)-1] != "en" {
		chain = append(chain, "en")
	}
	return chain
}

// normTheme folds a theme ID to the form theme directories use.
func normTheme(t string) string { return strings.ToLower(strings.TrimSpace(t)) }

// validLocale accepts a normalised language tag: two or three letters, then
// subtags of two to eight letters or digits.
func validLocale(l string) bool {
	parts := strings.Split(l, "-")
	if n := len(parts[0]); n < 2 || n > 3 || !allIn(parts[0], "abcdefghijklmnopqrstuvwxyz") {
		return false
	}
	for _, sub := range parts[1:] {
		if n := len(sub); n < 2 || n > 8 || !allIn(sub, "abcdefghijklmnopqrstuvwxyz0123456789") {
			return false
		}
	}
	return true
}

// validTheme accepts lower-case letters, digits, '-', '_' and '.', not
// leading with a dot, so a theme is always a plain directory name.
func validTheme(t string) bool {
	return t != "" && len(t) <= 64 && t[0] != '.' && allIn(t, "abcdefghijklmnopqrstuvwxyz0123456789-_.")
}

func allIn(s, set string) bool {
	for _, r := range s {
		if !strings.ContainsRune(set, r) {
			return false
		}
	}
	return true
}
