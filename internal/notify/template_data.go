package notify

// templateIDs lists every template the core may queue. Loading fails on a
// file named for anything else, so a misspelt override is caught at startup
// instead of silently never being used.
func templateIDs() []string {
	return []string{
		PasswordChangedShowEmail,
		PasswordChangedHideEmail,
		ResetLink,
		ResetCode,
		VerificationCode,
		EmailChanged,
		MobileChanged,
		EmailChangeRequested,
		MobileChangeRequested,
		MFAChanged,
		LoginVerificationChanged,
		Lockout,
		AccessKeyCreated,
		AskAdministrator,
		AdminRightsChanged,
		Invitation,
	}
}

// requiredKeys names the Data keys without which a template's message is
// useless (a reset mail without its link). Rendering refuses such a message
// rather than sending it half empty; every other key is optional and reads as
// "" when absent.
func requiredKeys(id string) []string {
	switch id {
	case ResetLink, Invitation:
		return []string{"link"}
	case ResetCode, VerificationCode:
		return []string{"code"}
	case EmailChanged, EmailChangeRequested:
		return []string{"new_email"}
	case AccessKeyCreated:
		return []string{"key_id"}
	}
	return nil
}

// sampleData fills every key a template may read, so that loading can run
// each template once and fail fast on one that cannot execute.
func sampleData() map[string]string {
	return map[string]string{
		"name":            "Alice",
		"email":           "alice@example.com",
		"account":         "example",
		"link":            "https://watchword.example/reset?token=abc",
		"code":            "123456",
		"expires_minutes": "30",
		"ip":              "192.0.2.1",
		"time":            "Mon, 02 Jan 2006 15:04:05 UTC",
		"old_email":       "old@example.com",
		"new_email":       "new@example.com",
		"mobile":          "+33 6 •• •• •• 78",
		"method":          "totp",
		"remaining":       "9",
		"key_id":          "AKIAEXAMPLE",
		"user":            "bob",
		"expires_days":    "7",
	}
}
