package password

import (
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// requirementText returns the English text of rule id as a requirement, for
// a refusal: "Must not contain …", where ruleText is a checklist label. It
// names no one ("the email address", not "your"), so that it reads right for
// a user changing their own password and for an administrator setting
// someone else's. The identity core's "history" and "min_age" rules are
// worded here too, so that every face finds one text per rule. The en locale
// file holds the same text under policy.requirement.<id>.
func requirementText(id string) string {
	switch id {
	case RuleMinLength:
		return "Must be at least {min} characters long"
	case RuleMaxLength:
		return "Must be at most {max} characters long"
	case RuleNoControlChars:
		return "Must not contain control characters (such as NUL, tab or line breaks)"
	case RuleCharTypes:
		return "Must contain at least {min} of these character types: uppercase letters, lowercase letters, digits, special characters"
	case RuleAllowedChars:
		return "Must contain only these characters: {chars}"
	case RuleMaxConsecutive:
		return "Must not repeat a character more than {max} times in a row"
	case RuleNotUsername:
		return "Must not be the username or the account name, nor either spelled backwards, even with digits or symbols added"
	case RuleNotEmailOrMobile:
		return "Must not contain the name part of the email address (before the @) or the mobile number"
	case RuleStrength:
		return "Must be hard enough to guess (strength score of at least {min} out of 4)"
	case RuleLocalDictionary:
		return "Must not be in this account's list of forbidden passwords"
	case RuleGlobalDictionary:
		return "Must not be in the list of common or breached passwords"
	case "history":
		return "Must not be one of the last {count} passwords"
	case "min_age":
		return "Can be changed only {minutes} minutes after the last change"
	}
	return ""
}

// RequirementIDs lists the rules Requirement words: every rule Evaluate
// reports, and the identity core's history and min_age.
func RequirementIDs() []string { return append(RuleIDs(), "history", "min_age") }

// Requirement returns rule r worded as a requirement, with its Args filled
// in: what a refusal says about it. A rule this package does not know keeps
// its Message.
func Requirement(r fault.Rule) string {
	tmpl := requirementText(r.ID)
	if tmpl == "" {
		return r.Message
	}
	return render(tmpl, r.Args)
}

// lowerFirst lowercases the first letter of an ASCII sentence, to continue
// another one after a colon.
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
