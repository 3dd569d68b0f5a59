package identity_test

import (
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

func TestLoginPolicyValidate(t *testing.T) {
	tests := []struct {
		name  string
		in    identity.LoginPolicy
		field string // empty when valid
	}{
		{"OKDefaults", identity.LoginPolicy{}, ""},
		{"OKHuaweiMaxima", identity.LoginPolicy{AccountValidityPeriod: 240, LockoutDuration: 30, LoginFailedTimes: 10,
			PeriodWithLoginFailures: 60, SessionTimeout: 1440, ShowRecentLoginInfo: true}, ""},
		{"OKHuaweiMinima", identity.LoginPolicy{LockoutDuration: 15, LoginFailedTimes: 3, PeriodWithLoginFailures: 15, SessionTimeout: 15}, ""},
		{"ErrLockoutShort", identity.LoginPolicy{LockoutDuration: 14}, "lockout_duration"},
		{"ErrLockoutLong", identity.LoginPolicy{LockoutDuration: 31}, "lockout_duration"},
		{"ErrFailedTimesLow", identity.LoginPolicy{LoginFailedTimes: 2}, "login_failed_times"},
		{"ErrFailedTimesHigh", identity.LoginPolicy{LoginFailedTimes: 11}, "login_failed_times"},
		{"ErrPeriodShort", identity.LoginPolicy{PeriodWithLoginFailures: 14}, "period_with_login_failures"},
		{"ErrPeriodLong", identity.LoginPolicy{PeriodWithLoginFailures: 61}, "period_with_login_failures"},
		{"ErrSessionShort", identity.LoginPolicy{SessionTimeout: 14}, "session_timeout"},
		{"ErrSessionLong", identity.LoginPolicy{SessionTimeout: 1441}, "session_timeout"},
		{"ErrValidityNegative", identity.LoginPolicy{AccountValidityPeriod: -1}, "account_validity_period"},
		{"ErrValidityLong", identity.LoginPolicy{AccountValidityPeriod: 241}, "account_validity_period"},
		{"ErrCustomInfoMultiline", identity.LoginPolicy{CustomInfoForLogin: "a\nb"}, "custom_info_for_login"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.in.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if fault.KindOf(err) != fault.Invalid || fault.As(err).Field != tt.field {
				t.Fatalf("got %v (field %q), want Invalid on %s", err, fault.As(err).Field, tt.field)
			}
		})
	}
	if d := (identity.LoginPolicy{}).WithDefaults(); d != identity.DefaultLoginPolicy() {
		t.Fatalf("defaults: %+v", d)
	}
}
