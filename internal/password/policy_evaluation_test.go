package password_test

import (
	"errors"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/password"
)

// blocklist is a tiny global dictionary.
type blocklist map[string]bool

func (b blocklist) Contains(pw string) bool { return b[pw] }

var _ password.Blocklist = blocklist{}

func TestDictionaryOutcomes(t *testing.T) {
	const (
		off     = password.DictionaryOff
		warn    = password.DictionaryWarn
		enforce = password.DictionaryEnforce
	)
	dicts := password.Dictionaries{
		Local:  password.NewLocalDictionary([]string{"password", "acme"}),
		Global: blocklist{"letmein123": true, "P@ssw0rd1!": true, "sunshine": true},
	}
	tests := []struct {
		name          string
		local, global password.DictionaryMode
		pw            string
		short         bool // also break min_length
		header, code  string
	}{
		{"clean", enforce, enforce, "Tr0ub4dor&3", false, "", ""},
		{"local warn", warn, off, "P@ssw0rd1!", false, "WARNLOCAL", ""},
		{"local enforce", enforce, off, "P@ssw0rd1!", false, "ENFORCELOCAL", "password.in_dictionary"},
		{"global warn", off, warn, "letmein123", false, "WARNGLOBAL", ""},
		{"global enforce", off, enforce, "letmein123", false, "ENFORCEGLOBAL", "password.in_global_dictionary"},
		{"global lowercase form", off, enforce, "LetMeIn123", false, "ENFORCEGLOBAL", "password.in_global_dictionary"},
		{"global word plus digits", off, enforce, "sunshine2024", false, "ENFORCEGLOBAL", "password.in_global_dictionary"},
		{"global word plus digits and symbol", off, enforce, "Sunshine2024!", false, "ENFORCEGLOBAL", "password.in_global_dictionary"},
		{"global word inside is fine", off, enforce, "sunshine-on-7-hills", false, "", ""},
		{"both warn: local first", warn, warn, "P@ssw0rd1!", false, "WARNLOCAL", ""},
		{"both enforce: local first", enforce, enforce, "P@ssw0rd1!", false, "ENFORCELOCAL", "password.in_dictionary"},
		{"enforce beats warn", warn, enforce, "P@ssw0rd1!", false, "ENFORCEGLOBAL", "password.in_global_dictionary"},
		{"local enforce beats global warn", enforce, warn, "P@ssw0rd1!", false, "ENFORCELOCAL", "password.in_dictionary"},
		{"off ignores hit", off, off, "P@ssw0rd1!", false, "", ""},
		{"warn with other failure", warn, warn, "P@ssw0rd1!", true, "", "password.policy"},
		{"enforce with other failure", enforce, off, "P@ssw0rd1!", true, "ENFORCELOCAL", "password.in_dictionary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := password.Policy{MinLength: 8, LocalDictionary: tt.local, GlobalDictionary: tt.global}
			if tt.short {
				p.MinLength = 20
			}
			ev := p.EvaluateWith(tt.pw, password.Subject{}, dicts)
			if got := ev.Header(); got != tt.header {
				t.Errorf("Header() = %q, want %q", got, tt.header)
			}
			err := ev.Err()
			if got := fault.CodeOf(err); got != tt.code {
				t.Fatalf("code = %q, want %q (%v)", got, tt.code, err)
			}
			if err != nil {
				var fe *fault.Error
				if !errors.As(err, &fe) || fe.Kind != fault.Policy || len(fe.Rules) != len(ev.Rules) {
					t.Fatalf("err = %#v", err)
				}
			}
			for _, r := range ev.Rules {
				if r.ID == "local_dictionary" || r.ID == "global_dictionary" {
					mode := tt.local
					if r.ID == "global_dictionary" {
						mode = tt.global
					}
					if r.Warn != (mode == warn) {
						t.Errorf("%s Warn = %v in mode %s", r.ID, r.Warn, mode)
					}
				}
			}
		})
	}
}

func TestWarnIsNotFailed(t *testing.T) {
	p := password.Policy{MinLength: 8, LocalDictionary: password.DictionaryWarn}
	ev := p.EvaluateWith("P@ssw0rd1!", password.Subject{}, password.Dictionaries{Local: password.NewLocalDictionary([]string{"password"})})
	r := rule(t, ev, "local_dictionary")
	if r.Passed || !r.Warn {
		t.Fatalf("local_dictionary = %+v, want Passed=false Warn=true", r)
	}
	if len(ev.Failed()) != 0 || len(ev.Warnings()) != 1 || ev.Err() != nil {
		t.Fatalf("Failed = %v, Warnings = %v, Err = %v", ev.Failed(), ev.Warnings(), ev.Err())
	}
}

// Seed 002: each of Huawei's four rules, broken alone, is refused by name.
func TestHuaweiSeedRules(t *testing.T) {
	s := password.Subject{Username: "Zhang3san", AccountName: "acme", Email: "li.wei@example.com", Mobile: "0086-13812345678"}
	tests := []struct{ name, pw, id string }{
		{"two character types", "abcdefghij", "char_types"},
		{"username backwards", "nas3gnahZ", "not_username"},
		{"username", "zhang3SAN", "not_username"},
		{"mobile", "Tel13812345678", "not_email_or_mobile"},
		{"email", "Li.Wei@Example.com1", "not_email_or_mobile"},
		{"account policy", "Ab1", "min_length"},
		{"account policy max", "Ab1bcdefghijklmnopqrstuvwxyzBCDEFGHIJK", "max_length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := password.PresetHuawei().Evaluate(tt.pw, s).Err()
			fe := fault.As(err)
			if err == nil || fe.Kind != fault.Policy || fe.Code != "password.policy" {
				t.Fatalf("err = %v, want a password.policy error", err)
			}
			var failed []string
			for _, r := range fe.Rules {
				if !r.Passed {
					failed = append(failed, r.ID)
				}
			}
			if len(failed) != 1 || failed[0] != tt.id {
				t.Fatalf("failed rules = %v, want [%s]", failed, tt.id)
			}
		})
	}
	if err := password.PresetHuawei().Evaluate("Tr0ub4dor&3", s).Err(); err != nil {
		t.Fatalf("good password refused: %v", err)
	}
}

func TestEnforcedHeader(t *testing.T) {
	tests := map[string]string{
		password.CodeInDictionary:       password.HeaderEnforceLocal,
		password.CodeInGlobalDictionary: password.HeaderEnforceGlobal,
		password.CodePolicy:             "",
		"auth.invalid_credentials":      "",
	}
	for code, want := range tests {
		if got := password.EnforcedHeader(code); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
}

// TestRequirementWording: a refusal states the failed rule as a requirement
// that names no one, not as a checklist label.
func TestRequirementWording(t *testing.T) {
	p := password.Policy{MinLength: 8, NotEmailOrMobile: true}
	err := p.Evaluate("Alice-Fresh-Start-9", password.Subject{Email: "alice@acme.example"}).Err()
	want := "the password does not meet the password policy: it must not contain the name part of the email address (before the @) or the mobile number"
	if fault.As(err).Message != want {
		t.Errorf("message %q, want %q", fault.As(err).Message, want)
	}
	for _, id := range password.RequirementIDs() {
		if got := password.Requirement(fault.Rule{ID: id, Message: "label"}); got == "label" || got == "" {
			t.Errorf("%s has no requirement wording", id)
		}
	}
	if got := password.Requirement(fault.Rule{ID: "history", Args: map[string]any{"count": 3}}); got != "Must not be one of the last 3 passwords" {
		t.Errorf("history: %q", got)
	}
}
