package sqldb

import (
	"testing"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

// TestPasswordPolicyRecord pins the stored form: these bytes are what every
// earlier version wrote, and every preset comes back as it went in.
func TestPasswordPolicyRecord(t *testing.T) {
	got, err := encodePasswordPolicy(password.DefaultPolicy())
	want := `{"min_length":8,"max_length":128,"history_count":0,"min_age_minutes":0,"max_age_days":0,"min_char_types":2,` +
		`"not_username":true,"not_email_or_mobile":true,"max_consecutive":0,"min_strength":0,` +
		`"force_change_after_admin_set":true,"local_dictionary":"enforce","global_dictionary":"enforce"}`
	if err != nil || got != want {
		t.Fatalf("stored default policy:\n got %s %v\nwant %s", got, err, want)
	}
	for name, p := range password.Presets() {
		raw, err := encodePasswordPolicy(p)
		if err != nil {
			t.Fatal(err)
		}
		back, err := decodePasswordPolicy(raw, password.Policy{})
		if err != nil || back != p {
			t.Errorf("%s: round trip = %+v, %v", name, back, err)
		}
	}
}

// TestOldStoredPasswordPolicy: a policy stored before the later settings
// existed reads with those settings as decoding started them.
func TestOldStoredPasswordPolicy(t *testing.T) {
	p, err := decodePasswordPolicy(`{"min_length":8,"max_length":128,"history_count":3,"min_age_minutes":0,"max_age_days":90}`, password.Policy{})
	if err != nil || p != (password.Policy{MinLength: 8, MaxLength: 128, HistoryCount: 3, MaxAgeDays: 90}) {
		t.Fatalf("old policy over zero: %+v %v", p, err)
	}
	p, err = decodePasswordPolicy(`{"min_length":12}`, password.DefaultPolicy())
	want := password.DefaultPolicy()
	want.MinLength = 12
	if err != nil || p != want {
		t.Fatalf("old policy over the default: %+v %v", p, err)
	}
}

// TestLoginPolicyRecord pins the stored login policy, Huawei's names.
func TestLoginPolicyRecord(t *testing.T) {
	p := identity.LoginPolicy{AccountValidityPeriod: 30, CustomInfoForLogin: "hi", LockoutDuration: 20, LoginFailedTimes: 4,
		PeriodWithLoginFailures: 30, SessionTimeout: 60, ShowRecentLoginInfo: true}
	got, err := encodeLoginPolicy(p)
	want := `{"account_validity_period":30,"custom_info_for_login":"hi","lockout_duration":20,"login_failed_times":4,` +
		`"period_with_login_failures":30,"session_timeout":60,"show_recent_login_info":true}`
	if err != nil || got != want {
		t.Fatalf("stored login policy:\n got %s %v\nwant %s", got, err, want)
	}
	if back, err := decodeLoginPolicy(`{}`); err != nil || back != (identity.LoginPolicy{}) {
		t.Fatalf("empty column: %+v %v", back, err)
	}
	if back, err := decodeLoginPolicy(got); err != nil || back != p {
		t.Fatalf("round trip: %+v %v", back, err)
	}
}
