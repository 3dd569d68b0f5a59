package password

import (
	"github.com/watchword/watchword/internal/fault"
)

// The error codes of a refused password. Each is also the i18n key suffix
// (error.<code>).
const (
	CodePolicy             = "password.policy"               // an enforced rule other than a dictionary failed
	CodeInDictionary       = "password.in_dictionary"        // local dictionary, enforced (SCIM PWD_IN_DICTIONARY)
	CodeInGlobalDictionary = "password.in_global_dictionary" // global dictionary, enforced (SCIM PWD_IN_GLOBAL_DICTIONARY)
	CodePolicyInvalid      = "password.policy_invalid"       // Policy.Validate refused a setting
)

// The values Evaluation.Header returns, as IBM Verify's isv-dictionary-policy
// header carries them (seed 001).
const (
	HeaderWarnLocal     = "WARNLOCAL"
	HeaderWarnGlobal    = "WARNGLOBAL"
	HeaderEnforceLocal  = "ENFORCELOCAL"
	HeaderEnforceGlobal = "ENFORCEGLOBAL"
)

// EnforcedHeader is the isv-dictionary-policy value for a refusal with the
// given fault code: ENFORCELOCAL or ENFORCEGLOBAL for an enforced dictionary
// hit, "" for anything else. Faces answering an error call it, as the
// Evaluation behind the error is gone by then.
func EnforcedHeader(code string) string {
	switch code {
	case CodeInDictionary:
		return HeaderEnforceLocal
	case CodeInGlobalDictionary:
		return HeaderEnforceGlobal
	}
	return ""
}

// Evaluation is the outcome of every rule for one candidate password.
//
// Rules lists each rule the policy turns on, in a fixed order, passed or not,
// so a console can show a live checklist. A rule with Warn set is advisory (a
// dictionary in warn mode): failing it does not refuse the password. Args hold
// only policy settings, never anything derived from the password, so rules are
// safe to log.
type Evaluation struct {
	Rules []fault.Rule
	// Strength is the zxcvbn score (0–4) of the password, or -1 when the
	// policy has no strength rule and the score was not computed.
	Strength int
}

// Failed returns the enforced rules that did not pass.
func (e Evaluation) Failed() []fault.Rule {
	var out []fault.Rule
	for _, r := range e.Rules {
		if !r.Passed && !r.Warn {
			out = append(out, r)
		}
	}
	return out
}

// Warnings returns the advisory rules that did not pass.
func (e Evaluation) Warnings() []fault.Rule {
	var out []fault.Rule
	for _, r := range e.Rules {
		if !r.Passed && r.Warn {
			out = append(out, r)
		}
	}
	return out
}

// Err returns a fault.Policy error carrying every rule, or nil when all
// enforced rules pass.
//
// Its Code is CodeInDictionary when the enforced local dictionary failed, else
// CodeInGlobalDictionary when the enforced global one failed, else CodePolicy.
// A dictionary code wins over other failed rules so that Code and Header
// agree; Rules still lists every failure.
func (e Evaluation) Err() error {
	failed := e.Failed()
	if len(failed) == 0 {
		return nil
	}
	switch {
	case e.failed(RuleLocalDictionary, false):
		return &fault.Error{Kind: fault.Policy, Code: CodeInDictionary,
			Message: "the password is in the account's list of forbidden passwords", Rules: e.Rules}
	case e.failed(RuleGlobalDictionary, false):
		return &fault.Error{Kind: fault.Policy, Code: CodeInGlobalDictionary,
			Message: "the password is in a list of common or breached passwords", Rules: e.Rules}
	}
	return &fault.Error{Kind: fault.Policy, Code: CodePolicy,
		Message: "the password does not meet the password policy: it " + lowerFirst(Requirement(failed[0])), Rules: e.Rules}
}

// Header returns the dictionary outcome as IBM Verify's isv-dictionary-policy
// header value, or "" when no dictionary rule failed.
//
// Precedence: an enforced hit beats a warning, and local beats global. So it
// is ENFORCELOCAL, then ENFORCEGLOBAL, then — only when no enforced rule
// failed, that is when the change succeeds — WARNLOCAL, then WARNGLOBAL. A
// change refused for another reason carries no warning header.
func (e Evaluation) Header() string {
	switch {
	case e.failed(RuleLocalDictionary, false):
		return HeaderEnforceLocal
	case e.failed(RuleGlobalDictionary, false):
		return HeaderEnforceGlobal
	case len(e.Failed()) > 0:
		return ""
	case e.failed(RuleLocalDictionary, true):
		return HeaderWarnLocal
	case e.failed(RuleGlobalDictionary, true):
		return HeaderWarnGlobal
	}
	return ""
}

// failed reports whether rule id failed with the given Warn flag.
func (e Evaluation) failed(id string, warn bool) bool {
	for _, r := range e.Rules {
		if r.ID == id {
			return !r.Passed && r.Warn == warn
		}
	}
	return false
}
