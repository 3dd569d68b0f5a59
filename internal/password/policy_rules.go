package password

import (
	"strconv"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// The rule IDs, stable snake_case. Each rule's message key is
// "policy.rule.<id>". The identity core adds "history" and "min_age" itself.
const (
	RuleMinLength        = "min_length"
	RuleMaxLength        = "max_length"
	RuleNoControlChars   = "no_control_chars"
	RuleCharTypes        = "char_types"
	RuleAllowedChars     = "allowed_chars"
	RuleMaxConsecutive   = "max_consecutive"
	RuleNotUsername      = "not_username"
	RuleNotEmailOrMobile = "not_email_or_mobile"
	RuleStrength         = "strength"
	RuleLocalDictionary  = "local_dictionary"
	RuleGlobalDictionary = "global_dictionary"
)

// RuleIDs returns every rule ID Evaluate can report, in evaluation order.
func RuleIDs() []string {
	return []string{RuleMinLength, RuleMaxLength, RuleNoControlChars, RuleCharTypes,
		RuleAllowedChars, RuleMaxConsecutive, RuleNotUsername, RuleNotEmailOrMobile,
		RuleStrength, RuleLocalDictionary, RuleGlobalDictionary}
}

// ruleText returns the English message template of rule id. The {name}
// placeholders are the rule's Args keys; the en locale file holds the same text.
func ruleText(id string) string {
	switch id {
	case RuleMinLength:
		return "At least {min} characters"
	case RuleMaxLength:
		return "At most {max} characters"
	case RuleNoControlChars:
		return "No control characters (such as NUL, tab or line breaks), only valid text"
	case RuleCharTypes:
		return "At least {min} of these character types: uppercase letters, lowercase letters, digits, special characters"
	case RuleAllowedChars:
		return "Only these characters: {chars}"
	case RuleMaxConsecutive:
		return "No more than {max} identical characters in a row"
	case RuleNotUsername:
		return "Not the username or the account name, nor either spelled backwards, even with digits or symbols added"
	case RuleNotEmailOrMobile:
		return "Does not contain the name part of your email address (before the @) or your mobile number"
	case RuleStrength:
		return "Hard enough to guess (strength score of at least {min} out of 4)"
	case RuleLocalDictionary:
		return "Not in this account's list of forbidden passwords"
	case RuleGlobalDictionary:
		return "Not in the list of common or breached passwords"
	}
	return id
}

// Requirements returns the rules p turns on, in evaluation order, not yet
// evaluated (Passed is false). A console shows them before anything is typed;
// the Huawei face renders password_requirements from them.
func (p Policy) Requirements() []fault.Rule {
	return p.rules(p.LocalDictionary.on(), p.GlobalDictionary.on())
}

// rules returns the enabled rules with their messages and Args, Passed unset.
// Dictionary rules appear only when their mode is on and a dictionary is given.
func (p Policy) rules(local, global bool) []fault.Rule {
	rs := make([]fault.Rule, 0, 11)
	add := func(id string, warn bool, args map[string]any) {
		rs = append(rs, fault.Rule{ID: id, Warn: warn, Message: render(ruleText(id), args), Args: args})
	}
	add(RuleMinLength, false, map[string]any{"min": p.minLength()})
	add(RuleMaxLength, false, map[string]any{"max": p.maxLength()})
	add(RuleNoControlChars, false, nil)
	if p.MinCharTypes > 0 {
		add(RuleCharTypes, false, map[string]any{"min": p.MinCharTypes})
	}
	if p.AllowedChars != "" {
		add(RuleAllowedChars, false, map[string]any{"chars": p.AllowedChars})
	}
	if p.MaxConsecutive > 0 {
		add(RuleMaxConsecutive, false, map[string]any{"max": p.MaxConsecutive})
	}
	if p.NotUsername {
		add(RuleNotUsername, false, nil)
	}
	if p.NotEmailOrMobile {
		add(RuleNotEmailOrMobile, false, nil)
	}
	if p.MinStrength > 0 {
		add(RuleStrength, false, map[string]any{"min": p.MinStrength})
	}
	if local && p.LocalDictionary.on() {
		add(RuleLocalDictionary, p.LocalDictionary == DictionaryWarn, nil)
	}
	if global && p.GlobalDictionary.on() {
		add(RuleGlobalDictionary, p.GlobalDictionary == DictionaryWarn, nil)
	}
	return rs
}

// minLength is the effective minimum: an empty password never passes.
func (p Policy) minLength() int { return max(p.MinLength, 1) }

// maxLength is the effective maximum: 0 and anything above mean HardMaxLength.
func (p Policy) maxLength() int {
	if p.MaxLength <= 0 || p.MaxLength > HardMaxLength {
		return HardMaxLength
	}
	return p.MaxLength
}

// render fills the {name} placeholders of tmpl from args.
func render(tmpl string, args map[string]any) string {
	if len(args) == 0 || !strings.Contains(tmpl, "{") {
		return tmpl
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		j := strings.IndexByte(tmpl[i+1:], '}')
		if i < 0 || j < 0 {
			break
		}
		j += i + 1
		b.WriteString(tmpl[:i])
		switch v := args[tmpl[i+1:j]].(type) {
		case int:
			b.WriteString(strconv.Itoa(v))
		case string:
			b.WriteString(v)
		default:
			b.WriteString(tmpl[i : j+1])
		}
		tmpl = tmpl[j+1:]
	}
	b.WriteString(tmpl)
	return b.String()
}
