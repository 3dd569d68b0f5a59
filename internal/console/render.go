package console

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/i18n"
	"github.com/watchword/watchword/internal/identity"
)

//go:embed templates
var templateFiles embed.FS

// engine holds one parsed template set per page: the layout, every
// partial, and the page's own "content".
type engine struct {
	pages map[string]*template.Template
	cat   *i18n.Catalog
}

// newEngine parses every page at startup, so a broken template stops the
// server from starting rather than failing a request.
func newEngine(cat *i18n.Catalog, a *assets) (*engine, error) {
	e := &engine{pages: map[string]*template.Template{}, cat: cat}
	names, err := fs.Glob(templateFiles, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	// The request-bound functions are placeholders here, replaced by
	// render; parsing only needs their names.
	funcs := template.FuncMap{
		"t":      func(string, ...any) string { return "" },
		"rule":   func(fault.Rule) string { return "" },
		"here":   func(string) string { return "" },
		"agent":  func(string) string { return "" },
		"method": func(string) string { return "" },
		"addr":   address,
		"asset":  a.url,
		"path":   func(p string) string { return Path + p },
		"date":   formatTime,
		"has":    func(list []string, v string) bool { return contains(list, v) },
		"upper":  strings.ToUpper,
		"checklist": func(evaluated, requirements []fault.Rule) checklist {
			c := checklist{Rules: requirements, Live: len(requirements) > 0}
			if len(evaluated) > 0 {
				c.Rules, c.Evaluated = evaluated, true
			}
			return c
		},
		"ruleOf": func(fault.Rule, bool) string { return "" },
		// forUser words a checklist for an administrator's form.
		"forUser": func(c checklist) checklist { c.OfUser = true; return c },
		"name":    displayName,
		"list":    func(v ...string) []string { return v },
		"field": func(name, label, value, problem string) field {
			return field{Name: name, Label: label, Value: value, Error: problem}
		},
	}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles,
			"templates/layout.html", "templates/partials/*.html", n)
		if err != nil {
			return nil, fmt.Errorf("console: template %s: %w", name, err)
		}
		e.pages[name] = t
	}
	return e, nil
}

// render executes page name with data in lang into a buffer, then writes
// it with status: a template that fails midway never sends half a page.
func (h *handler) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	base, ok := h.views.pages[name]
	if !ok {
		h.log.Error("no such console page", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	lang := h.lang(r)
	if p, ok := data.(interface{ language() string }); ok {
		lang = p.language()
	}
	t, err := base.Clone()
	if err == nil {
		t.Funcs(template.FuncMap{
			"t":      func(key string, args ...any) string { return h.cat.T(lang, key, pairs(args)) },
			"rule":   func(r fault.Rule) string { return h.ruleLabel(lang, r, false) },
			"ruleOf": func(r fault.Rule, ofUser bool) string { return h.ruleLabel(lang, r, ofUser) },
			"agent":  func(ua string) string { return h.agentLabel(lang, ua) },
			"method": func(m string) string { return h.methodLabel(lang, m) },
			"here": func(here string) string {
				if here == "" {
					return pageAddress(name, r)
				}
				return here
			},
		})
		var buf bytes.Buffer
		if err = t.ExecuteTemplate(&buf, "layout.html", data); err == nil {
			var wait time.Duration
			if p, ok := data.(interface{ retryWait() time.Duration }); ok {
				wait = p.retryWait()
			}
			setRetryAfter(w.Header(), status, wait)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(status)
			_, _ = buf.WriteTo(w)
			return
		}
	}
	h.log.Error("console render failed", "request_id", r.Header.Get("X-Request-Id"), "page", name, "err", err)
	http.Error(w, "internal error", http.StatusInternalServerError)
}

// language lets render use the language the page was built with.
func (p page) language() string { return p.Lang }

// retryWait lets render send the wait of the refusal the page shows.
func (p page) retryWait() time.Duration { return p.retryAfter }

// pairs turns t's trailing arguments ("name", value, ...) into a map.
func pairs(args []any) map[string]any {
	if len(args) == 0 {
		return nil
	}
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			m[k] = args[i+1]
		}
	}
	return m
}

// formatTime shows a time in UTC, to the minute; the zero time is a dash.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// checklist is what the password_rules partial shows: the rules, and
// whether they were evaluated (else they are only the requirements). Live
// lists are the ones the script updates as the user types, given the
// requirements up front; only they get a strength meter.
type checklist struct {
	Rules     []fault.Rule
	Evaluated bool
	Live      bool
	// OfUser words the rules for an administrator setting someone else's
	// password ("the user's email address", not "your").
	OfUser bool
}

// ruleLabel is rule r as a checklist label in lang; for an administrator's
// form, the wording about "the user" where there is one.
func (h *handler) ruleLabel(lang string, r fault.Rule, ofUser bool) string {
	key := "policy.rule." + r.ID
	if ofUser && h.cat.Has(lang, key+".of_user") {
		key += ".of_user"
	}
	return h.cat.T(lang, key, r.Args)
}

// pagePaths is where each page is shown with GET, for the language switch
// of a page re-rendered in answer to a post (whose own address is the
// form's action). Pages whose address holds an ID are in pageAddress.
var pagePaths = map[string]string{
	"account_edit": "/account/edit", "credentials": "/credentials", "login": "/login",
	"login_verify": "/login/verify", "mfa": "/credentials/mfa", "password": "/password",
	"policies": "/policies", "profile": "/profile", "sessions": "/sessions",
	"user_new": "/users/new", "users": "/users", "verification": "/credentials/verification",
	"forgot": "/forgot",
}

// pageAddress is the GET address of page name for the request being
// answered, or "" when the page has none (an error, a step only a post
// reaches), which leaves the switch to its default.
func pageAddress(name string, r *http.Request) string {
	switch name {
	case "user":
		return Path + "/users/" + url.PathEscape(r.PathValue("id"))
	case "contact":
		return Path + "/credentials/contact/" + url.PathEscape(r.PathValue("kind"))
	case "reset":
		if tok := r.PostFormValue("token"); tok != "" {
			return Path + "/reset/" + url.PathEscape(tok)
		}
		return ""
	}
	if p, ok := pagePaths[name]; ok {
		return Path + p
	}
	return ""
}

// displayName is how the console names a user.
func displayName(u *identity.User) string {
	if u == nil {
		return ""
	}
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Name
}

// field is one labelled text input, for the "input" partial.
type field struct {
	Name, Label, Value, Error string
}

// address shows an email address so that a narrow column breaks it before
// the @, never inside a word.
func address(email string) template.HTML {
	local, domain, ok := strings.Cut(email, "@")
	if !ok {
		return template.HTML(template.HTMLEscapeString(email))
	}
	return template.HTML(`<span class="address">` + template.HTMLEscapeString(local) + "<wbr>@" +
		template.HTMLEscapeString(domain) + "</span>")
}
