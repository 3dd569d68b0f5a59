package password

import (
	"unicode"
	"unicode/utf8"

	"github.com/watchword/watchword/internal/fault"
)

// The ranges Validate accepts. Each includes Huawei's range for the same
// setting (see Policy).
const (
	MaxHistoryCount     = 24
	MaxMinAgeMinutes    = 30 * 24 * 60
	MaxMaxAgeDays       = 3650
	MaxAllowedCharsRune = 1024
)

// Validate checks every setting of p against its range. It returns a
// fault.Invalid error with Code CodePolicyInvalid whose Field is the JSON
// name of the first bad setting, or nil.
func (p Policy) Validate() error {
	switch {
	case p.MinLength < 1 || p.MinLength > HardMaxLength:
		return invalid("min_length", "min_length must be between 1 and %d", HardMaxLength)
	case p.MaxLength != 0 && (p.MaxLength < p.MinLength || p.MaxLength > HardMaxLength):
		return invalid("max_length", "max_length must be 0 (no limit) or between min_length and %d", HardMaxLength)
	case p.HistoryCount < 0 || p.HistoryCount > MaxHistoryCount:
		return invalid("history_count", "history_count must be between 0 and %d", MaxHistoryCount)
	case p.MinAgeMinutes < 0 || p.MinAgeMinutes > MaxMinAgeMinutes:
		return invalid("min_age_minutes", "min_age_minutes must be between 0 and %d", MaxMinAgeMinutes)
	case p.MaxAgeDays < 0 || p.MaxAgeDays > MaxMaxAgeDays:
		return invalid("max_age_days", "max_age_days must be between 0 and %d", MaxMaxAgeDays)
	case p.MaxAgeDays > 0 && p.MinAgeMinutes >= p.MaxAgeDays*24*60:
		return invalid("min_age_minutes", "min_age_minutes must be shorter than max_age_days (%d days)", p.MaxAgeDays)
	case p.MinCharTypes < 0 || p.MinCharTypes > 4:
		return invalid("min_char_types", "min_char_types must be between 0 and %d", 4)
	case p.MaxConsecutive < 0 || p.MaxConsecutive > HardMaxLength:
		return invalid("max_consecutive", "max_consecutive must be between 0 and %d", HardMaxLength)
	case p.MinStrength < 0 || p.MinStrength > 4:
		return invalid("min_strength", "min_strength must be between 0 and %d", 4)
	case !validMode(p.LocalDictionary):
		return invalid("local_dictionary", "local_dictionary must be off, warn or enforce")
	case !validMode(p.GlobalDictionary):
		return invalid("global_dictionary", "global_dictionary must be off, warn or enforce")
	}
	if p.AllowedChars != "" {
		if !utf8.ValidString(p.AllowedChars) || utf8.RuneCountInString(p.AllowedChars) > MaxAllowedCharsRune {
			return invalid("allowed_chars", "allowed_chars must be valid text of at most %d characters", MaxAllowedCharsRune)
		}
		for _, r := range p.AllowedChars {
			if unicode.IsControl(r) {
				return invalid("allowed_chars", "allowed_chars must not contain control characters")
			}
		}
		if t := scan(p.AllowedChars, "").types(); t < p.MinCharTypes {
			return invalid("allowed_chars", "allowed_chars must include at least min_char_types (%d) character types", p.MinCharTypes)
		}
	}
	return nil
}

func validMode(m DictionaryMode) bool {
	return m == "" || m == DictionaryOff || m == DictionaryWarn || m == DictionaryEnforce
}

func invalid(field, format string, args ...any) error {
	return fault.Newf(fault.Invalid, CodePolicyInvalid, format, args...).WithField(field)
}
