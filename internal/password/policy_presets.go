package password

// CharsetOutscale is the character set Outscale accepts in a password: ASCII
// letters, digits and punctuation, no space (specs/outscale.md §6).
const CharsetOutscale = "abcdefghijklmnopqrstuvwxyz" +
	"ABCDEFGHIJKLMNOPQRSTUVWXYZ" +
	"0123456789" +
	"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// Presets returns the named policies an administrator can start from:
// "default", "nist", "huawei" and "outscale".
func Presets() map[string]Policy {
	return map[string]Policy{
		"default":  DefaultPolicy(),
		"nist":     PresetNIST(),
		"huawei":   PresetHuawei(),
		"outscale": PresetOutscale(),
	}
}

// PresetNIST follows NIST SP 800-63B-4 for a password used without another
// factor: at least 15 characters, a maximum well above 64, no composition
// rules, no periodic expiry, and both blocklists enforced (the local list and
// the username checks hold the "context-specific words" it asks verifiers to
// refuse).
func PresetNIST() Policy {
	return Policy{
		MinLength:                15,
		MaxLength:                128,
		NotUsername:              true,
		NotEmailOrMobile:         true,
		ForceChangeAfterAdminSet: true,
		LocalDictionary:          DictionaryEnforce,
		GlobalDictionary:         DictionaryEnforce,
	}
}

// PresetHuawei is Huawei IAM's default password policy with the rules it
// always applies (seed 002): 8 to 32 characters, at least 2 of the 4
// character types, not the username or it reversed, not containing the
// mobile number or email, and the last password disallowed. Huawei has no
// dictionaries, and its administrators set pwd_status explicitly, so
// ForceChangeAfterAdminSet is off.
func PresetHuawei() Policy {
	return Policy{
		MinLength:        8,
		MaxLength:        32,
		HistoryCount:     1,
		MinCharTypes:     2,
		NotUsername:      true,
		NotEmailOrMobile: true,
		LocalDictionary:  DictionaryOff,
		GlobalDictionary: DictionaryOff,
	}
}

// PresetOutscale is Outscale's password rules (specs/outscale.md §6): a
// zxcvbn score of 4, none of the last 10 passwords, at most 200 characters of
// CharsetOutscale. The minimum of 17 is from the newer "About Password
// Protection" page (version A); its four-class requirement is not applied
// because Outscale was observed accepting passwords without some classes.
// Common passwords are refused, as Outscale's documentation says.
func PresetOutscale() Policy {
	return Policy{
		MinLength:        17,
		MaxLength:        200,
		HistoryCount:     10,
		MinStrength:      4,
		AllowedChars:     CharsetOutscale,
		LocalDictionary:  DictionaryOff,
		GlobalDictionary: DictionaryEnforce,
	}
}
