package password_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/password"
)

func TestPresetsValidate(t *testing.T) {
	presets := password.Presets()
	want := map[string]password.Policy{
		"default":  password.DefaultPolicy(),
		"nist":     password.PresetNIST(),
		"huawei":   password.PresetHuawei(),
		"outscale": password.PresetOutscale(),
	}
	if !reflect.DeepEqual(presets, want) {
		t.Fatalf("Presets() = %+v", presets)
	}
	for name, p := range presets {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestPresetNIST(t *testing.T) {
	p := password.PresetNIST()
	if p.MinLength != 15 || p.MaxLength < 64 || p.MinCharTypes != 0 || p.MaxAgeDays != 0 || p.GlobalDictionary != password.DictionaryEnforce {
		t.Fatalf("PresetNIST() = %+v", p)
	}
	// No composition rules: a long lowercase passphrase passes.
	if err := p.Evaluate("correct horse battery staple", password.Subject{Username: "alice"}).Err(); err != nil {
		t.Fatal(err)
	}
}

// specs/outscale.md §6: observed accepted and refused passwords.
func TestPresetOutscale(t *testing.T) {
	p := password.PresetOutscale()
	for _, pw := range []string{"lflfljkhfLFKJHFJH093540733", "(!)FKJHFJH093540733", "lflfljkhf(!)093540733",
		"lflfljkhfLFKJHFJH(!)", "aqszrfegdtyrufidsksd"} {
		if err := p.Evaluate(pw, password.Subject{}).Err(); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
	for _, pw := range []string{"totototo1234(!)", "toTO93(!)", "toto"} {
		r := rule(t, p.Evaluate(pw, password.Subject{}), "strength")
		if r.Passed {
			t.Errorf("%q passed the strength rule", pw)
		}
	}
	if r := rule(t, p.Evaluate("aqszrfegdtyrufidsksd é", password.Subject{}), "allowed_chars"); r.Passed {
		t.Error("a space and an accent passed Outscale's charset")
	}
	if p.HistoryCount != 10 || p.MaxLength != 200 || p.MinStrength != 4 {
		t.Fatalf("PresetOutscale() = %+v", p)
	}
}

// TestOldPolicy: a policy set before the later rules existed, its later
// fields zero, turns none of them on. (How the store reads such a policy
// back is sqldb's TestOldStoredPasswordPolicy.)
func TestOldPolicy(t *testing.T) {
	p := password.Policy{MinLength: 8, MaxLength: 128, HistoryCount: 3, MaxAgeDays: 90}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := ids(p.Evaluate("abcdefgh", password.Subject{}).Rules); got != "min_length max_length no_control_chars" {
		t.Fatalf("old policy turns on %q", got)
	}
}

func TestValidate(t *testing.T) {
	with := func(f func(*password.Policy)) password.Policy { p := password.DefaultPolicy(); f(&p); return p }
	tests := []struct {
		name  string
		p     password.Policy
		field string
	}{
		{"default", password.DefaultPolicy(), ""},
		{"no max", with(func(p *password.Policy) { p.MaxLength = 0 }), ""},
		{"huawei extremes", with(func(p *password.Policy) {
			p.MinLength, p.MaxLength, p.HistoryCount, p.MinAgeMinutes, p.MaxAgeDays, p.MaxConsecutive, p.MinCharTypes = 6, 32, 10, 1440, 180, 32, 4
		}), ""},
		{"min 0", with(func(p *password.Policy) { p.MinLength = 0 }), "min_length"},
		{"min over hard max", with(func(p *password.Policy) { p.MinLength, p.MaxLength = 5000, 0 }), "min_length"},
		{"max below min", with(func(p *password.Policy) { p.MaxLength = 7 }), "max_length"},
		{"max over hard max", with(func(p *password.Policy) { p.MaxLength = 4097 }), "max_length"},
		{"history", with(func(p *password.Policy) { p.HistoryCount = 25 }), "history_count"},
		{"history negative", with(func(p *password.Policy) { p.HistoryCount = -1 }), "history_count"},
		{"min age", with(func(p *password.Policy) { p.MinAgeMinutes = 50000 }), "min_age_minutes"},
		{"max age", with(func(p *password.Policy) { p.MaxAgeDays = 4000 }), "max_age_days"},
		{"min age not below max age", with(func(p *password.Policy) { p.MinAgeMinutes, p.MaxAgeDays = 1440, 1 }), "min_age_minutes"},
		{"char types", with(func(p *password.Policy) { p.MinCharTypes = 5 }), "min_char_types"},
		{"consecutive", with(func(p *password.Policy) { p.MaxConsecutive = -1 }), "max_consecutive"},
		{"strength", with(func(p *password.Policy) { p.MinStrength = 5 }), "min_strength"},
		{"local mode", with(func(p *password.Policy) { p.LocalDictionary = "block" }), "local_dictionary"},
		{"global mode", with(func(p *password.Policy) { p.GlobalDictionary = "WARN" }), "global_dictionary"},
		{"empty mode is off", with(func(p *password.Policy) { p.LocalDictionary, p.GlobalDictionary = "", "" }), ""},
		{"charset control", with(func(p *password.Policy) { p.AllowedChars = "abc\n" }), "allowed_chars"},
		{"charset invalid utf-8", with(func(p *password.Policy) { p.AllowedChars = "abc\xff" }), "allowed_chars"},
		{"charset too long", with(func(p *password.Policy) { p.AllowedChars = strings.Repeat("a", 1025) }), "allowed_chars"},
		{"charset too few types", with(func(p *password.Policy) { p.AllowedChars = "abc" }), "allowed_chars"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			fe := fault.As(err)
			if err == nil || fe.Kind != fault.Invalid || fe.Code != "password.policy_invalid" || fe.Field != tt.field {
				t.Fatalf("err = %#v, want invalid %s", err, tt.field)
			}
			if !strings.Contains(fe.Message, tt.field) {
				t.Fatalf("message %q does not name %s", fe.Message, tt.field)
			}
		})
	}
}
