package notify

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// ErrUnknownTemplate is returned for a template ID no locale or theme has.
var ErrUnknownTemplate = errors.New("notify: unknown template")

// ErrMissingData is returned when a notification lacks a key its template
// cannot do without (a reset link, a code).
var ErrMissingData = errors.New("notify: missing template data")

// Config configures the Renderer.
type Config struct {
	// TemplateDir is an operator directory laid out like the embedded
	// templates (notifications/... and themes/{theme}/notifications/...).
	// Its files replace the embedded ones of the same theme, locale and ID.
	// Empty means no overrides.
	TemplateDir string
}

// Rendered is a notification turned into text, ready for a sender.
type Rendered struct {
	Subject string // one line, no CR or LF
	Text    string // plain-text mail body
	HTML    string // HTML mail body; "" when the template has none
	SMS     string // SMS body
}

// Renderer turns notifications into text from templates parsed once at
// startup. It is safe for concurrent use.
type Renderer struct {
	set    map[key]*compiled
	themes []string
}

// NewRenderer parses the embedded templates, then those in cfg.TemplateDir,
// and fails on any file that does not parse or execute, or is misplaced.
func NewRenderer(cfg Config) (*Renderer, error) {
	set := make(map[key]*compiled)
	shipped, err := fs.Sub(embedded, "templates")
	if err != nil {
		return nil, err
	}
	if err := loadTemplates(set, shipped, "embedded"); err != nil {
		return nil, err
	}
	if cfg.TemplateDir != "" {
		dir, err := operatorFS(cfg.TemplateDir)
		if err != nil {
			return nil, err
		}
		if err := loadTemplates(set, dir, cfg.TemplateDir); err != nil {
			return nil, err
		}
	}
	// Every message must find a template whatever its locale and theme, and
	// the last resort is the default theme in English.
	for _, id := range templateIDs() {
		if set[key{locale: "en", id: id}] == nil {
			return nil, fmt.Errorf("notify: no default English template for %s", id)
		}
	}
	r := &Renderer{set: set}
	for k := range set {
		if k.theme != "" && !slices.Contains(r.themes, k.theme) {
			r.themes = append(r.themes, k.theme)
		}
	}
	slices.Sort(r.themes)
	return r, nil
}

// Themes lists the themes other than the default, sorted.
func (r *Renderer) Themes() []string { return slices.Clone(r.themes) }

// Render fills n's template with n.Data and n.Secret. It picks the most specific locale
// that has the template ("fr-ca", then "fr", then "en") and, within it, n's
// theme before the default theme: the reader's language matters more than
// the look. Errors are marked Permanent: rendering again gives the same.
func (r *Renderer) Render(n Notification) (Rendered, error) {
	c, locale := r.lookup(n.Template, n.Locale, n.Theme)
	if c == nil {
		return Rendered{}, Permanent(fmt.Errorf("%w %q", ErrUnknownTemplate, n.Template))
	}
	data := n.TemplateData()
	for _, k := range requiredKeys(n.Template) {
		if data[k] == "" {
			return Rendered{}, Permanent(fmt.Errorf("%w: %s needs %q", ErrMissingData, n.Template, k))
		}
	}
	out, err := c.execute(localizeData(data, locale))
	if err != nil {
		return Rendered{}, Permanent(fmt.Errorf("notify: render %s: %w", c.source, err))
	}
	return out, nil
}

func (r *Renderer) lookup(id, locale, theme string) (*compiled, string) {
	themes := []string{""}
	if t := normTheme(theme); t != "" {
		themes = []string{t, ""}
	}
	for _, l := range localeChain(locale) {
		for _, t := range themes {
			if c := r.set[key{theme: t, locale: l, id: id}]; c != nil {
				return c, l
			}
		}
	}
	return nil, ""
}

// execute renders every part of c.
func (c *compiled) execute(data map[string]string) (Rendered, error) {
	if data == nil {
		data = map[string]string{}
	}
	var out Rendered
	var b bytes.Buffer
	if err := c.subject.Execute(&b, data); err != nil {
		return out, err
	}
	// A subject is a header: whatever the template or the data hold, it
	// leaves as one line.
	out.Subject = strings.Join(strings.Fields(b.String()), " ")
	b.Reset()
	if err := c.text.Execute(&b, data); err != nil {
		return out, err
	}
	out.Text = b.String()
	b.Reset()
	if err := c.sms.Execute(&b, data); err != nil {
		return out, err
	}
	out.SMS = strings.TrimSpace(b.String())
	if c.html != nil {
		b.Reset()
		if err := c.html.Execute(&b, data); err != nil {
			return out, err
		}
		out.HTML = b.String()
	}
	return out, nil
}
