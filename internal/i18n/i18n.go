// Package i18n holds the messages Watchword shows people, in English and
// French: flat dotted keys (policy.*, error.*, mail.*, page.*) shared by every
// face that renders text. Files live in locales/{lang}/*.json; each file is a
// flat JSON object, and a key may appear in only one file of a locale.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed locales
var files embed.FS

// Fallback is the locale used for keys or languages a catalog lacks.
const Fallback = "en"

// Catalog is every locale's messages, loaded once at start.
type Catalog struct {
	locales map[string]map[string]string
}

// Load reads the embedded locale files, failing on malformed JSON or a key
// defined twice in one locale.
func Load() (*Catalog, error) {
	c := &Catalog{locales: map[string]map[string]string{}}
	langs, err := fs.ReadDir(files, "locales")
	if err != nil {
		return nil, err
	}
	for _, l := range langs {
		msgs := map[string]string{}
		entries, err := fs.ReadDir(files, path.Join("locales", l.Name()))
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			b, err := files.ReadFile(path.Join("locales", l.Name(), e.Name()))
			if err != nil {
				return nil, err
			}
			var part map[string]string
			if err := json.Unmarshal(b, &part); err != nil {
				return nil, fmt.Errorf("i18n: %s/%s: %w", l.Name(), e.Name(), err)
			}
			for k, v := range part {
				if _, dup := msgs[k]; dup {
					return nil, fmt.Errorf("i18n: %s: key %q defined twice", l.Name(), k)
				}
				msgs[k] = v
			}
		}
		c.locales[l.Name()] = msgs
	}
	return c, nil
}

// Locales lists the loaded languages.
func (c *Catalog) Locales() []string {
	out := make([]string, 0, len(c.locales))
	for l := range c.locales {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Keys lists the keys of a locale.
func (c *Catalog) Keys(lang string) []string {
	out := make([]string, 0, len(c.locales[lang]))
	for k := range c.locales[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Match returns the loaded locale for a tag such as "fr-CA" or "fr", or Fallback.
func (c *Catalog) Match(tag string) string {
	tag = strings.ToLower(tag)
	if _, ok := c.locales[tag]; ok {
		return tag
	}
	if base, _, ok := strings.Cut(tag, "-"); ok {
		if _, ok := c.locales[base]; ok {
			return base
		}
	}
	return Fallback
}

// T returns the message for key in lang with {name} placeholders filled from
// args; a missing key falls back to English, then to the key itself.
func (c *Catalog) T(lang, key string, args map[string]any) string {
	msg, ok := c.locales[c.Match(lang)][key]
	if !ok {
		if msg, ok = c.locales[Fallback][key]; !ok {
			return key
		}
	}
	for k, v := range args {
		msg = strings.ReplaceAll(msg, "{"+k+"}", fmt.Sprint(v))
	}
	return msg
}

// Has reports whether the locale Match(lang) picks has a message for key,
// or English does: whether T finds a message rather than the key itself.
func (c *Catalog) Has(lang, key string) bool {
	if _, ok := c.locales[c.Match(lang)][key]; ok {
		return true
	}
	_, ok := c.locales[Fallback][key]
	return ok
}

// Negotiate returns the loaded locale an Accept-Language header ranks
// highest (by q, then by order; "fr-CA" matches "fr"; q=0 refuses), or ""
// when it names none of them, so that the caller can fall back to what it
// knows of the user.
func (c *Catalog) Negotiate(header string) string {
	best, bestQ := "", 0.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if _, ok := c.locales[base]; ok && q > bestQ {
			best, bestQ = base, q
		}
	}
	return best
}

// Locale returns the loaded locale for a user's stored preference such as
// "fr" or "fr-CA", or "" when it has none or none is loaded.
func (c *Catalog) Locale(pref string) string {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(pref)), "-")
	if _, ok := c.locales[base]; ok {
		return base
	}
	return ""
}
