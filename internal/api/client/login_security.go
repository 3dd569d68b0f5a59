package client

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"
)

// LoginStep is the answer to a login step: a token, or, when the user's
// login verification is on, a challenge to answer with VerifyLogin (then
// ExpiresAt is the challenge's deadline and AccessToken is empty).
type LoginStep struct {
	Token
	VerificationRequired bool         `json:"verification_required"`
	Challenge            string       `json:"challenge"`
	Method               string       `json:"method"`      // sms | email | totp
	Destination          string       `json:"destination"` // masked, for sms and email
	RecentLogin          *RecentLogin `json:"recent_login"`
	Notice               string       `json:"notice"`
}

// RecentLogin is the previous sign-in, when the login policy shows it.
type RecentLogin struct {
	At             *time.Time `json:"at"`
	IP             string     `json:"ip"`
	FailedAttempts int        `json:"failed_attempts"`
}

// StartLogin logs in with a password (POST /v1/auth/login) and returns a
// token or the challenge of a second step.
func (c *Client) StartLogin(ctx context.Context, in Credentials) (*LoginStep, error) {
	var out LoginStep
	if _, err := c.do(ctx, http.MethodPost, "/v1/auth/login", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// VerifyLogin answers a login challenge with its code (POST /v1/auth/login/verify).
func (c *Client) VerifyLogin(ctx context.Context, challenge, code string) (*LoginStep, error) {
	var out LoginStep
	in := map[string]string{"challenge": challenge, "code": code}
	if _, err := c.do(ctx, http.MethodPost, "/v1/auth/login/verify", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// RevokeOtherSessions signs the caller out everywhere but this session
// (DELETE /v1/me/sessions) and returns how many sessions it revoked.
func (c *Client) RevokeOtherSessions(ctx context.Context) (int, error) {
	var out struct {
		Revoked int `json:"revoked"`
	}
	_, err := c.do(ctx, http.MethodDelete, "/v1/me/sessions", nil, &out)
	return out.Revoked, err
}

// TOTPEnrollment is a created, not yet bound virtual MFA device.
type TOTPEnrollment struct {
	SerialNumber string `json:"serial_number"`
	Secret       string `json:"secret"`
	OTPAuthURI   string `json:"otpauth_uri"`
	QRCode       string `json:"qr_code"` // data:image/png;base64,...
}

// TOTPStatus is the caller's virtual MFA device.
type TOTPStatus struct {
	Bound        bool       `json:"bound"`
	Pending      bool       `json:"pending"`
	SerialNumber string     `json:"serial_number"`
	BoundAt      *time.Time `json:"bound_at"`
}

// TOTPUnbind proves an unbind: a current code, or else the password.
type TOTPUnbind struct {
	Code     string `json:"code,omitempty"`
	Password string `json:"password,omitempty"`
}

// TOTP shows the caller's device (GET /v1/me/mfa/totp).
func (c *Client) TOTP(ctx context.Context) (*TOTPStatus, error) {
	var out TOTPStatus
	if _, err := c.do(ctx, http.MethodGet, "/v1/me/mfa/totp", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// BeginTOTP creates a device (POST /v1/me/mfa/totp).
func (c *Client) BeginTOTP(ctx context.Context) (*TOTPEnrollment, error) {
	var out TOTPEnrollment
	if _, err := c.do(ctx, http.MethodPost, "/v1/me/mfa/totp", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ConfirmTOTP binds the created device with two consecutive codes
// (POST /v1/me/mfa/totp/confirm).
func (c *Client) ConfirmTOTP(ctx context.Context, code1, code2 string) (*TOTPStatus, error) {
	var out TOTPStatus
	in := map[string]string{"code1": code1, "code2": code2}
	if _, err := c.do(ctx, http.MethodPost, "/v1/me/mfa/totp/confirm", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UnbindTOTP removes the caller's device (DELETE /v1/me/mfa/totp).
func (c *Client) UnbindTOTP(ctx context.Context, in TOTPUnbind) error {
	_, err := c.do(ctx, http.MethodDelete, "/v1/me/mfa/totp", in, nil)
	return err
}

// UnbindUserTOTP removes a user's device as their administrator
// (DELETE /v1/users/{id}/mfa/totp).
func (c *Client) UnbindUserTOTP(ctx context.Context, userID string) error {
	_, err := c.do(ctx, http.MethodDelete, "/v1/users/"+userID+"/mfa/totp", nil, nil)
	return err
}

// TOTPQRCode fetches the created device's QR code
// (GET /v1/me/mfa/totp/qr.png); size 0 takes the server's default.
func (c *Client) TOTPQRCode(ctx context.Context, size int) (png []byte, header http.Header, err error) {
	path := "/v1/me/mfa/totp/qr.png"
	if size > 0 {
		path += "?size=" + strconv.Itoa(size)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return nil, nil, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return nil, res.Header, err
	}
	if res.StatusCode >= 300 {
		return nil, res.Header, problemOf(res, raw)
	}
	return raw, res.Header, nil
}

// LoginVerification is the caller's login verification setting.
type LoginVerification struct {
	Method    string   `json:"method"`
	Available []string `json:"available"`
}

// LoginVerificationCodeSent says where a code went.
type LoginVerificationCodeSent struct {
	Method      string    `json:"method"`
	Destination string    `json:"destination"`
	ExpiresAt   time.Time `json:"expires_at"`
}

// LoginVerification shows the caller's setting (GET /v1/me/login-verification).
func (c *Client) LoginVerification(ctx context.Context) (*LoginVerification, error) {
	var out LoginVerification
	if _, err := c.do(ctx, http.MethodGet, "/v1/me/login-verification", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SendLoginVerificationCode sends the code proving a switch to method: to
// that method, or to the one in use when method is off
// (POST /v1/me/login-verification/code).
func (c *Client) SendLoginVerificationCode(ctx context.Context, method string) (*LoginVerificationCodeSent, error) {
	return c.sendLoginVerificationCode(ctx, method, "new")
}

// SendCurrentLoginVerificationCode sends the code of the method in use
// that, as CurrentCode, proves a switch to method
// (POST /v1/me/login-verification/code with factor current).
func (c *Client) SendCurrentLoginVerificationCode(ctx context.Context, method string) (*LoginVerificationCodeSent, error) {
	return c.sendLoginVerificationCode(ctx, method, "current")
}

func (c *Client) sendLoginVerificationCode(ctx context.Context, method, factor string) (*LoginVerificationCodeSent, error) {
	var out LoginVerificationCodeSent
	in := map[string]string{"method": method, "factor": factor}
	if _, err := c.do(ctx, http.MethodPost, "/v1/me/login-verification/code", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// LoginVerificationChange is a switch of the caller's method with its
// proofs: Code of the new method (of the one in use to switch off), and
// CurrentCode of the method in use, or CurrentPassword while it is off.
type LoginVerificationChange struct {
	Method          string `json:"method"`
	Code            string `json:"code"`
	CurrentCode     string `json:"current_code,omitempty"`
	CurrentPassword string `json:"current_password,omitempty"`
}

// SetLoginVerification switches the caller's method (PUT
// /v1/me/login-verification).
func (c *Client) SetLoginVerification(ctx context.Context, in LoginVerificationChange) (*LoginVerification, error) {
	var out LoginVerification
	if _, err := c.do(ctx, http.MethodPut, "/v1/me/login-verification", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// LoginPolicy is an account's login policy (Huawei IAM's fields).
type LoginPolicy struct {
	AccountValidityPeriod   int    `json:"account_validity_period"`
	CustomInfoForLogin      string `json:"custom_info_for_login"`
	LockoutDuration         int    `json:"lockout_duration"`
	LoginFailedTimes        int    `json:"login_failed_times"`
	PeriodWithLoginFailures int    `json:"period_with_login_failures"`
	SessionTimeout          int    `json:"session_timeout"`
	ShowRecentLoginInfo     bool   `json:"show_recent_login_info"`
}

// LoginPolicy shows the account's login policy (GET /v1/account/login-policy).
func (c *Client) LoginPolicy(ctx context.Context) (*LoginPolicy, error) {
	var out LoginPolicy
	if _, err := c.do(ctx, http.MethodGet, "/v1/account/login-policy", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SetLoginPolicy replaces it, every field sent (PUT
// /v1/account/login-policy); PatchLoginPolicy changes only some.
func (c *Client) SetLoginPolicy(ctx context.Context, in LoginPolicy) (*LoginPolicy, error) {
	var out LoginPolicy
	if _, err := c.do(ctx, http.MethodPut, "/v1/account/login-policy", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UnlockUser lets a locked-out user sign in again (POST /v1/users/{id}/unlock).
func (c *Client) UnlockUser(ctx context.Context, id string) error {
	_, err := c.do(ctx, http.MethodPost, "/v1/users/"+id+"/unlock", nil, nil)
	return err
}
