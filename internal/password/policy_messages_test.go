package password_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/watchword/watchword/internal/password"
)

func loadLocale(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "i18n", "locales", lang, "policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	return m
}

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// Every rule and error code has a message in every locale, with the same
// placeholders, and the English file says what Evaluate says.
func TestLocaleMessages(t *testing.T) {
	en, fr := loadLocale(t, "en"), loadLocale(t, "fr")
	var keys []string
	// history and min_age are the identity core's rules.
	for _, id := range append(password.RuleIDs(), "history", "min_age") {
		keys = append(keys, "policy.rule."+id)
	}
	for _, id := range password.RequirementIDs() {
		keys = append(keys, "policy.requirement."+id)
	}
	for _, code := range []string{password.CodePolicy, password.CodeInDictionary, password.CodeInGlobalDictionary, password.CodePolicyInvalid} {
		keys = append(keys, "error."+code)
	}
	for _, k := range keys {
		if en[k] == "" || fr[k] == "" {
			t.Errorf("%s: en %q, fr %q", k, en[k], fr[k])
		}
	}
	for k, v := range en {
		if fr[k] == "" {
			t.Errorf("%s missing in fr", k)
		}
		a, b := placeholder.FindAllString(v, -1), placeholder.FindAllString(fr[k], -1)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Errorf("%s: placeholders en %v, fr %v", k, a, b)
		}
	}
	for k := range fr {
		if _, ok := en[k]; !ok {
			t.Errorf("%s missing in en", k)
		}
	}

	all := password.Policy{MinLength: 8, MaxLength: 64, MinCharTypes: 3, AllowedChars: "abc123", MaxConsecutive: 2,
		NotUsername: true, NotEmailOrMobile: true, MinStrength: 2,
		LocalDictionary: password.DictionaryWarn, GlobalDictionary: password.DictionaryEnforce}
	for _, r := range all.Requirements() {
		tmpl := en["policy.rule."+r.ID]
		got := placeholder.ReplaceAllStringFunc(tmpl, func(p string) string {
			v, ok := r.Args[p[1:len(p)-1]]
			if !ok {
				t.Errorf("%s: %s is not in Args %v", r.ID, p, r.Args)
			}
			switch v := v.(type) {
			case int:
				return jsonNumber(v)
			case string:
				return v
			}
			return p
		})
		if got != r.Message {
			t.Errorf("%s: en renders %q, Evaluate says %q", r.ID, got, r.Message)
		}
		req := placeholder.ReplaceAllStringFunc(en["policy.requirement."+r.ID], func(p string) string {
			switch v := r.Args[p[1:len(p)-1]].(type) {
			case int:
				return jsonNumber(v)
			case string:
				return v
			}
			return p
		})
		if want := password.Requirement(r); req != want {
			t.Errorf("%s: en requirement renders %q, Requirement says %q", r.ID, req, want)
		}
	}
}

func jsonNumber(n int) string { b, _ := json.Marshal(n); return string(b) }
