package password_test

import (
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/password"
)

// rule returns the rule id of ev, failing the test when it is absent.
func rule(t *testing.T, ev password.Evaluation, id string) fault.Rule {
	t.Helper()
	for _, r := range ev.Rules {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("rule %q missing from %+v", id, ev.Rules)
	return fault.Rule{}
}

// base is a policy with every optional rule off.
func base() password.Policy { return password.Policy{MinLength: 8, MaxLength: 128} }

func TestEvaluateRules(t *testing.T) {
	alice := password.Subject{Username: "alice", AccountName: "acme", Email: "Bob.Smith@Example.com", Mobile: "+33 6 12 34 56 78"}
	with := func(f func(*password.Policy)) password.Policy { p := base(); f(&p); return p }
	tests := []struct {
		name string
		p    password.Policy
		pw   string
		s    password.Subject
		id   string
		want bool
	}{
		// min_length / max_length count runes after NFKC.
		{"empty", base(), "", alice, "min_length", false},
		{"empty with min 0", with(func(p *password.Policy) { p.MinLength = 0 }), "", alice, "min_length", false},
		{"one char", base(), "a", alice, "min_length", false},
		{"one char min 1", with(func(p *password.Policy) { p.MinLength = 1 }), "a", alice, "min_length", true},
		{"exactly min", base(), "abcdefgh", alice, "min_length", true},
		{"emoji count as one", base(), "🔑🔑🔑🔑🔑🔑🔑🔑", alice, "min_length", true},
		{"emoji short", base(), "🔑🔑🔑🔑🔑🔑🔑", alice, "min_length", false},
		{"combining marks compose", with(func(p *password.Policy) { p.MinLength = 9 }), "Cafe\u0301!!!!", alice, "min_length", false},
		{"combining marks length", base(), "Cafe\u0301!!!!", alice, "min_length", true},
		{"rtl hebrew", base(), "שלוםעולם", alice, "min_length", true},
		{"4096 no max", with(func(p *password.Policy) { p.MaxLength = 0 }), strings.Repeat("aB3$", 1024), alice, "max_length", true},
		{"4096 over 128", base(), strings.Repeat("aB3$", 1024), alice, "max_length", false},
		{"4097 over hard max", with(func(p *password.Policy) { p.MaxLength = 0 }), strings.Repeat("aB3$", 1024) + "x", alice, "max_length", false},
		{"at max", base(), strings.Repeat("é", 128), alice, "max_length", true},
		{"over max by one rune", base(), strings.Repeat("é", 129), alice, "max_length", false},

		// no_control_chars
		{"nul byte", base(), "abcd\x00efgh", alice, "no_control_chars", false},
		{"tab", base(), "abcd\tefgh", alice, "no_control_chars", false},
		{"newline", base(), "abcdefgh\n", alice, "no_control_chars", false},
		{"del", base(), "abcd\x7fefgh", alice, "no_control_chars", false},
		{"c1 control", base(), "abcd\u0085efgh", alice, "no_control_chars", false},
		{"line separator", base(), "abcd\u2028efgh", alice, "no_control_chars", false},
		{"invalid utf-8", base(), "abcd\xffefgh", alice, "no_control_chars", false},
		{"space is fine", base(), "correct horse", alice, "no_control_chars", true},
		{"emoji zwj sequence is fine", base(), "👩\u200d💻👩\u200d💻abc", alice, "no_control_chars", true},
		{"rtl mark is fine", base(), "\u200fשלום abc", alice, "no_control_chars", true},

		// char_types
		{"1 type of 2", with(func(p *password.Policy) { p.MinCharTypes = 2 }), "abcdefgh", alice, "char_types", false},
		{"lower digit", with(func(p *password.Policy) { p.MinCharTypes = 2 }), "abcdefg1", alice, "char_types", true},
		{"upper special", with(func(p *password.Policy) { p.MinCharTypes = 2 }), "ABCDEFG!", alice, "char_types", true},
		{"space is special", with(func(p *password.Policy) { p.MinCharTypes = 2 }), "abc defg", alice, "char_types", true},
		{"3 of 3", with(func(p *password.Policy) { p.MinCharTypes = 3 }), "abcD1234", alice, "char_types", true},
		{"3 of 4", with(func(p *password.Policy) { p.MinCharTypes = 4 }), "abcD1234", alice, "char_types", false},
		{"4 of 4", with(func(p *password.Policy) { p.MinCharTypes = 4 }), "abcD123!", alice, "char_types", true},
		{"accented case", with(func(p *password.Policy) { p.MinCharTypes = 2 }), "ÉCOLEécole", alice, "char_types", true},
		{"uncased script is special", with(func(p *password.Policy) { p.MinCharTypes = 2 }), "שלום1234", alice, "char_types", true},
		{"emoji is special", with(func(p *password.Policy) { p.MinCharTypes = 2 }), "🔑abcdefg", alice, "char_types", true},

		// allowed_chars
		{"outscale charset ok", with(func(p *password.Policy) { p.AllowedChars = password.CharsetOutscale }), "Abc!123~`\\\"", alice, "allowed_chars", true},
		{"outscale no space", with(func(p *password.Policy) { p.AllowedChars = password.CharsetOutscale }), "abc defgh", alice, "allowed_chars", false},
		{"outscale no accent", with(func(p *password.Policy) { p.AllowedChars = password.CharsetOutscale }), "abcdéfgh", alice, "allowed_chars", false},
		{"outscale no emoji", with(func(p *password.Policy) { p.AllowedChars = password.CharsetOutscale }), "abcdefg🔑", alice, "allowed_chars", false},
		{"non-ascii set", with(func(p *password.Policy) { p.AllowedChars = "éèà" }), "éèàéèàéè", alice, "allowed_chars", true},

		// max_consecutive
		{"run at max", with(func(p *password.Policy) { p.MaxConsecutive = 3 }), "aaabbbcc", alice, "max_consecutive", true},
		{"run over max", with(func(p *password.Policy) { p.MaxConsecutive = 3 }), "abaaaabc", alice, "max_consecutive", false},
		{"run is case-sensitive", with(func(p *password.Policy) { p.MaxConsecutive = 2 }), "aAaAaAaA", alice, "max_consecutive", true},
		{"emoji run", with(func(p *password.Policy) { p.MaxConsecutive = 3 }), "ab🔑🔑🔑🔑cd", alice, "max_consecutive", false},

		// not_username
		{"username", with(func(p *password.Policy) { p.NotUsername = true }), "alice", alice, "not_username", false},
		{"username upper", with(func(p *password.Policy) { p.NotUsername = true }), "ALICE", alice, "not_username", false},
		{"username reversed", with(func(p *password.Policy) { p.NotUsername = true }), "EcIlA", alice, "not_username", false},
		{"account name reversed", with(func(p *password.Policy) { p.NotUsername = true }), "emca", alice, "not_username", false},
		{"username plus digits", with(func(p *password.Policy) { p.NotUsername = true }), "alice1", alice, "not_username", false},
		{"account name reversed twice with a dash", with(func(p *password.Policy) { p.NotUsername = true }), "omed-omed", password.Subject{Username: "demo", AccountName: "demo"}, "not_username", false},
		{"account name with digits", with(func(p *password.Policy) { p.NotUsername = true }), "demo1234", password.Subject{Username: "demo", AccountName: "demo"}, "not_username", false},
		{"name both ways with symbols", with(func(p *password.Policy) { p.NotUsername = true }), "Alice!ecila#7", alice, "not_username", false},
		{"name among other words", with(func(p *password.Policy) { p.NotUsername = true }), "alice-in-wonderland", alice, "not_username", true},
		{"short name only exact", with(func(p *password.Policy) { p.NotUsername = true }), "bo-bo-2024", password.Subject{Username: "bo"}, "not_username", true},
		{"fullwidth username", with(func(p *password.Policy) { p.NotUsername = true }), "ａｌｉｃｅ", alice, "not_username", false},
		{"unicode username reversed", with(func(p *password.Policy) { p.NotUsername = true }), "ÉLOHC", password.Subject{Username: "chôle"}, "not_username", true},
		{"unicode username reversed hit", with(func(p *password.Policy) { p.NotUsername = true }), "ELÔHC", password.Subject{Username: "chôle"}, "not_username", false},
		{"no subject", with(func(p *password.Policy) { p.NotUsername = true }), "", password.Subject{}, "not_username", true},

		// not_email_or_mobile
		{"contains email", with(func(p *password.Policy) { p.NotEmailOrMobile = true }), "xxBOB.smith@example.comxx", alice, "not_email_or_mobile", false},
		{"contains local part", with(func(p *password.Policy) { p.NotEmailOrMobile = true }), "BOB.SMITHrocks", alice, "not_email_or_mobile", false},
		{"short local part ignored", with(func(p *password.Policy) { p.NotEmailOrMobile = true }), "abcdefgh", password.Subject{Email: "ab@x.io"}, "not_email_or_mobile", true},
		{"national mobile", with(func(p *password.Policy) { p.NotEmailOrMobile = true }), "my0612345678!", alice, "not_email_or_mobile", false},
		{"separated mobile", with(func(p *password.Policy) { p.NotEmailOrMobile = true }), "06-12-34-56-78", alice, "not_email_or_mobile", false},
		{"huawei mobile", with(func(p *password.Policy) { p.NotEmailOrMobile = true }), "x13812345678", password.Subject{Mobile: "0086-13812345678"}, "not_email_or_mobile", false},
		{"part of mobile", with(func(p *password.Policy) { p.NotEmailOrMobile = true }), "abc12345", alice, "not_email_or_mobile", true},
		{"unrelated", with(func(p *password.Policy) { p.NotEmailOrMobile = true }), "Tr0ub4dor&3", alice, "not_email_or_mobile", true},

		// strength
		{"weak", with(func(p *password.Policy) { p.MinStrength = 3 }), "toto1234", alice, "strength", false},
		{"strong", with(func(p *password.Policy) { p.MinStrength = 3 }), "aqszrfegdtyrufidsksd", alice, "strength", true},
		{"long weak prefix", with(func(p *password.Policy) { p.MinStrength = 3; p.MaxLength = 0 }), strings.Repeat("a", 4096), alice, "strength", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rule(t, tt.p.Evaluate(tt.pw, tt.s), tt.id)
			if r.Passed != tt.want {
				t.Fatalf("%s passed = %v, want %v (%s)", tt.id, r.Passed, tt.want, r.Message)
			}
			if r.Warn {
				t.Fatalf("%s is a warning", tt.id)
			}
		})
	}
}

func TestEvaluateOnlyEnabledRules(t *testing.T) {
	got := ids(base().Evaluate("abcdefgh", password.Subject{}).Rules)
	if want := "min_length max_length no_control_chars"; got != want {
		t.Fatalf("rules = %q, want %q", got, want)
	}
	all := password.Policy{MinLength: 8, MinCharTypes: 2, AllowedChars: "ab", MaxConsecutive: 2, NotUsername: true,
		NotEmailOrMobile: true, MinStrength: 1, LocalDictionary: password.DictionaryWarn, GlobalDictionary: password.DictionaryEnforce}
	got = ids(all.EvaluateWith("ab", password.Subject{}, password.Dictionaries{
		Local: password.NewLocalDictionary(nil), Global: blocklist{}}).Rules)
	if want := strings.Join(password.RuleIDs(), " "); got != want {
		t.Fatalf("rules = %q, want %q", got, want)
	}
	if got := ids(all.Evaluate("ab", password.Subject{}).Rules); strings.Contains(got, "dictionary") {
		t.Fatalf("Evaluate without dictionaries reports %q", got)
	}
	if got := ids(all.Requirements()); got != strings.Join(password.RuleIDs(), " ") {
		t.Fatalf("Requirements = %q", got)
	}
}

func TestEvaluateMessagesAndArgs(t *testing.T) {
	ev := password.PresetHuawei().Evaluate("", password.Subject{})
	r := rule(t, ev, "min_length")
	if r.Message != "At least 8 characters" || r.Args["min"] != 8 {
		t.Fatalf("min_length = %+v", r)
	}
	if r := rule(t, ev, "char_types"); r.Message != "At least 2 of these character types: uppercase letters, lowercase letters, digits, special characters" {
		t.Fatalf("char_types = %+v", r)
	}
	if r := rule(t, password.Policy{MinLength: 1}.Evaluate("x", password.Subject{}), "max_length"); r.Args["max"] != password.HardMaxLength {
		t.Fatalf("max_length with MaxLength 0 = %+v", r)
	}
}

func TestEvaluateStrength(t *testing.T) {
	p := base()
	if ev := p.Evaluate("toto", password.Subject{}); ev.Strength != -1 {
		t.Fatalf("Strength computed without a strength rule: %d", ev.Strength)
	}
	p.MinStrength = 1
	if ev := p.Evaluate("toto", password.Subject{}); ev.Strength != 0 {
		t.Fatalf("Strength(toto) = %d, want 0", ev.Strength)
	}
	// The subject's own names count as guessable.
	pw := "zebulonquixotic"
	if a, b := password.Strength(pw, password.Subject{}), password.Strength(pw, password.Subject{Username: pw}); b >= a {
		t.Fatalf("strength with the username as input = %d, without = %d", b, a)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"ｐａｓｓ":       "pass",
		"Cafe\u0301": "Café",
		"ﬁ":          "fi",
		"שלום":       "שלום",
	} {
		if got := password.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func ids(rs []fault.Rule) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return strings.Join(out, " ")
}
