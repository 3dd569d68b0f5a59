package notify

import (
	"embed"
	"encoding/xml"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	texttemplate "text/template"
)

// embedded holds the shipped templates. go:embed needs a package-level
// variable; it is read-only data, not state.
//
//go:embed templates
var embedded embed.FS

// The layout, relative to the embedded "templates" directory or to
// Config.TemplateDir. The login path is the one IBM Security Verify uses for
// its branding templates (seed 001), so exported IBM themes drop straight in.
const (
	loginDir  = "notifications/user_management/login"
	themesDir = "themes"
)

// key identifies one template file; theme "" is the default theme.
type key struct{ theme, locale, id string }

// compiled is one parsed template file.
type compiled struct {
	source  string
	subject *texttemplate.Template
	text    *texttemplate.Template
	sms     *texttemplate.Template
	html    *htmltemplate.Template // nil when the file has no HTML part
}

// xmlNotification is the on-disk format of a template file.
type xmlNotification struct {
	XMLName xml.Name `xml:"notification"`
	Subject string   `xml:"subject"`
	Text    string   `xml:"text"`
	HTML    string   `xml:"html"`
	SMS     string   `xml:"sms"`
}

// loadTemplates parses every template in fsys into set, replacing entries
// already there: that is how an operator file overrides an embedded one.
func loadTemplates(set map[key]*compiled, fsys fs.FS, origin string) error {
	known := make(map[string]bool)
	for _, id := range templateIDs() {
		known[id] = true
	}
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || path.Ext(p) != ".xml" {
			return nil
		}
		k, err := keyOf(p)
		if err != nil {
			return fmt.Errorf("notify: template %s/%s: %w", origin, p, err)
		}
		if !known[k.id] {
			return fmt.Errorf("notify: template %s/%s: unknown template ID %q", origin, p, k.id)
		}
		c, err := compileFile(fsys, p)
		if err != nil {
			return fmt.Errorf("notify: template %s/%s: %w", origin, p, err)
		}
		c.source = origin + "/" + p
		set[k] = c
		return nil
	})
}

// keyOf maps a relative path to its theme, locale and template ID.
func keyOf(p string) (key, error) {
	var k key
	rest := p
	if after, ok := strings.CutPrefix(p, themesDir+"/"); ok {
		theme, tail, _ := strings.Cut(after, "/")
		if !validTheme(theme) {
			return k, fmt.Errorf("theme directory %q: want lower-case letters, digits, '-', '_' or '.'", theme)
		}
		k.theme, rest = theme, tail
	}
	after, ok := strings.CutPrefix(rest, loginDir+"/")
	locale, file, _ := strings.Cut(after, "/")
	if !ok || strings.Contains(file, "/") || locale == "" {
		return k, errors.New("not at " + loginDir + "/{locale}/{template}.xml or " + themesDir + "/{theme}/" + loginDir + "/{locale}/{template}.xml")
	}
	k.locale = normLocale(locale)
	if !validLocale(k.locale) {
		return k, fmt.Errorf("locale directory %q is not a language tag", locale)
	}
	k.id = strings.TrimSuffix(file, ".xml")
	return k, nil
}

// compileFile reads one template file and parses its parts.
func compileFile(fsys fs.FS, p string) (*compiled, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var x xmlNotification
	dec := xml.NewDecoder(io.LimitReader(f, 1<<20))
	if err := dec.Decode(&x); err != nil {
		return nil, fmt.Errorf("xml: %w", err)
	}
	for name, part := range map[string]string{"subject": x.Subject, "text": x.Text, "sms": x.SMS} {
		if strings.TrimSpace(part) == "" {
			return nil, fmt.Errorf("<%s> is missing or empty", name)
		}
	}
	c := &compiled{}
	parts := []struct {
		name string
		src  string
		dst  **texttemplate.Template
	}{
		{"subject", x.Subject, &c.subject},
		{"text", tidy(x.Text), &c.text},
		{"sms", tidy(x.SMS), &c.sms},
	}
	for _, pt := range parts {
		t, err := texttemplate.New(pt.name).Option("missingkey=zero").Parse(pt.src)
		if err != nil {
			return nil, fmt.Errorf("<%s>: %w", pt.name, err)
		}
		*pt.dst = t
	}
	if strings.TrimSpace(x.HTML) != "" {
		t, err := htmltemplate.New("html").Option("missingkey=zero").Parse(tidy(x.HTML))
		if err != nil {
			return nil, fmt.Errorf("<html>: %w", err)
		}
		c.html = t
	}
	// Execute once now: an error that only shows at execution (calling a
	// field on a string, say) should stop startup, not dead-letter mail.
	if _, err := c.execute(sampleData()); err != nil {
		return nil, err
	}
	return c, nil
}

// operatorFS opens the operator directory, refusing a path that is not a
// directory so a typo in the config fails at startup.
func operatorFS(dir string) (fs.FS, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("notify: template dir: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("notify: template dir %s is not a directory", dir)
	}
	return os.DirFS(dir), nil
}

// tidy drops the blank lines around a part and the indentation its lines
// share, so template files can be indented like any XML without that
// indentation reaching the reader.
func tidy(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			lines[i] = l[indent:]
		}
		lines[i] = strings.TrimRight(lines[i], " \t")
	}
	return strings.Join(lines, "\n")
}
