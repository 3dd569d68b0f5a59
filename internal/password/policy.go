package password

import (
	"golang.org/x/text/unicode/norm"
)

// HardMaxLength is the longest password, in characters (runes), that any
// policy accepts. A MaxLength of 0 means this limit.
const HardMaxLength = 4096

// Policy is an account's password policy. It carries no wire or storage
// names: each face and the store spell its fields in their own structs.
//
// Evaluate and EvaluateWith apply the stateless rules. The identity core
// applies the stateful ones: HistoryCount, MinAgeMinutes, MaxAgeDays and
// ForceChangeAfterAdminSet.
//
// A zero field turns its rule off, so a policy stored before a field existed
// keeps its old behaviour.
//
// Huawei IAM's password-policy maps field for field (ranges are Huawei's; ours
// are wider, see Validate, so a face reading our policy back out must clamp):
//
//	password_char_combination              [2,4]   def 2    → MinCharTypes
//	minimum_password_length                [6,32]  def 8    → MinLength
//	maximum_password_length (result only)           32      → MaxLength
//	number_of_recent_passwords_disallowed  [0,10]  def 1    → HistoryCount
//	minimum_password_age (minutes)         [0,1440] def 0   → MinAgeMinutes
//	password_validity_period (days)        [0,180] def 0    → MaxAgeDays
//	password_not_username_or_invert        bool    def true → NotUsername
//	maximum_consecutive_identical_chars    [0,32]  def 0    → MaxConsecutive
//	password_requirements (result only)    text             → Requirements, rendered
//
// Huawei always refuses passwords containing the mobile number or email
// address; that is NotEmailOrMobile, which Huawei does not let one turn off.
type Policy struct {
	MinLength     int // characters (runes), at least 1
	MaxLength     int // characters (runes); 0 = HardMaxLength
	HistoryCount  int // N most recent passwords disallowed
	MinAgeMinutes int // no self-service change sooner than this
	MaxAgeDays    int // validity period; 0 = never expires

	// MinCharTypes is how many of the four character types (uppercase,
	// lowercase, digit, special) the password must mix; 0 = off.
	MinCharTypes int
	// NotUsername refuses the username or the account name, or either spelled
	// backwards, compared case-insensitively.
	NotUsername bool
	// NotEmailOrMobile refuses a password containing the email address, its
	// local part (when 3 characters or longer) or the mobile number.
	NotEmailOrMobile bool
	// MaxConsecutive is the most identical characters allowed in a row; 0 = off.
	MaxConsecutive int
	// MinStrength is the lowest zxcvbn score (0–4) accepted; 0 = off.
	MinStrength int
	// AllowedChars, when not empty, is the only characters a password may use.
	AllowedChars string
	// ForceChangeAfterAdminSet makes the identity core require a change at the
	// next login after an administrator sets the password.
	ForceChangeAfterAdminSet bool
	// LocalDictionary is what to do when the password is in the account's own
	// word list.
	LocalDictionary DictionaryMode
	// GlobalDictionary is what to do when the password is in the global list
	// of breached and common passwords.
	GlobalDictionary DictionaryMode
}

// DictionaryMode is what a dictionary hit does. The empty value means off.
type DictionaryMode string

// The dictionary modes.
const (
	DictionaryOff     DictionaryMode = "off"
	DictionaryWarn    DictionaryMode = "warn"    // the change succeeds with a warning
	DictionaryEnforce DictionaryMode = "enforce" // the change is refused
)

func (m DictionaryMode) on() bool { return m == DictionaryWarn || m == DictionaryEnforce }

// DefaultPolicy is the policy of a new account: Huawei's defaults (seed 002)
// with a longer maximum, and both dictionaries enforced when supplied.
func DefaultPolicy() Policy {
	return Policy{
		MinLength:                8,
		MaxLength:                128,
		MinCharTypes:             2,
		NotUsername:              true,
		NotEmailOrMobile:         true,
		ForceChangeAfterAdminSet: true,
		LocalDictionary:          DictionaryEnforce,
		GlobalDictionary:         DictionaryEnforce,
	}
}

// Subject is who a password is for, so rules can refuse passwords built from it.
type Subject struct {
	Username    string
	AccountName string
	Email       string
	Mobile      string
}

// Normalize returns pw in Unicode NFKC form, as hashed and counted.
func Normalize(pw string) string { return norm.NFKC.String(pw) }
