package verify

import (
	"bytes"
	"crypto/rand"
	"image/png"
	"time"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"

	"github.com/watchword/watchword/internal/fault"
)

// The TOTP parameters (RFC 6238). They are the ones every authenticator app
// assumes when an otpauth URI leaves them out, so they are not configurable.
const (
	TOTPPeriod     = 30 // seconds per time step
	TOTPDigits     = 6
	TOTPSecretSize = 20 // bytes, the HMAC-SHA1 block RFC 4226 recommends
	// TOTPSkew is how many steps either side of now a code may come from,
	// to forgive a phone clock that is off by up to 30 seconds.
	TOTPSkew = 1
)

// QR code size bounds, in pixels; a larger size only costs memory.
const (
	minQRSize = 64
	maxQRSize = 1024
)

// NewTOTPKey returns a new base32 TOTP secret (SHA-1, 6 digits, 30 s) and
// its otpauth:// URI, labelled "issuer:accountName", for an authenticator
// app. Seal the secret before storing it.
// Errors: Internal (verify.totp_key) for an empty issuer or account name.
func NewTOTPKey(issuer, accountName string) (secret, uri string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: accountName,
		Period:      TOTPPeriod,
		SecretSize:  TOTPSecretSize,
		Digits:      otp.DigitsSix,
		Algorithm:   otp.AlgorithmSHA1,
		Rand:        rand.Reader,
	})
	if err != nil {
		return "", "", fault.Wrap(err, "verify.totp_key")
	}
	return key.Secret(), key.URL(), nil
}

// QRCodePNG renders uri as a size × size PNG QR code, with medium error
// correction, for the console's MFA binding page.
// Errors: Invalid (verify.qr_size) for a size outside 64-1024; Internal
// for content too long for a QR code.
func QRCodePNG(uri string, size int) ([]byte, error) {
	if size < minQRSize || size > maxQRSize {
		return nil, fault.Newf(fault.Invalid, "verify.qr_size", "QR code size must be %d-%d pixels", minQRSize, maxQRSize)
	}
	code, err := qr.Encode(uri, qr.M, qr.Auto)
	if err != nil {
		return nil, fault.Wrap(err, "verify.qr_encode")
	}
	// Scale refuses a size smaller than the code's modules; a long URI at
	// 64 px is such a case, and reads as an encoding failure.
	scaled, err := barcode.Scale(code, size, size)
	if err != nil {
		return nil, fault.Wrap(err, "verify.qr_encode")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, scaled); err != nil {
		return nil, fault.Wrap(err, "verify.qr_encode")
	}
	return buf.Bytes(), nil
}

// TOTPStep returns the RFC 6238 time-step counter at t.
func TOTPStep(t time.Time) int64 {
	return t.Unix() / TOTPPeriod
}

// TOTPCode returns the code for secret at t, or "" for a secret that is not
// base32. It exists for tests and tools; checking goes through ValidateTOTP.
func TOTPCode(secret string, at time.Time) string {
	return stepCode(secret, TOTPStep(at))
}

// ValidateTOTP reports whether code is secret's code for a step within
// TOTPSkew of at that is later than lastUsedStep, and returns that step.
// The caller must store the step as the new lastUsedStep in the same write
// that accepts the login, so the code cannot be replayed; pass 0 when no
// code has been used yet. Whitespace in code is ignored.
func ValidateTOTP(secret, code string, at time.Time, lastUsedStep int64) (step int64, ok bool) {
	code = normalizeCode(code)
	if !isCode(code) {
		return 0, false
	}
	now := TOTPStep(at)
	// Every candidate is computed and compared, so the time taken does not
	// tell which step matched. If two match (odds 10^-6) the later wins,
	// which blocks replay of either.
	for s := now - TOTPSkew; s <= now+TOTPSkew; s++ {
		if s <= lastUsedStep || s < 0 {
			continue
		}
		if Equal(stepCode(secret, s), code) {
			step, ok = s, true
		}
	}
	return step, ok
}

// ValidateConsecutive checks the two consecutive codes that Huawei-style
// MFA binding asks for: first for some step n and second for n+1, where
// n+1 is within TOTPSkew of at (the user typed second after seeing it
// appear). It proves the device's clock and secret agree with ours before
// the device is bound. The returned step is n+1, to store as the
// lastUsedStep so neither code works again for login.
func ValidateConsecutive(secret, first, second string, at time.Time) (step int64, ok bool) {
	first, second = normalizeCode(first), normalizeCode(second)
	if !isCode(first) || !isCode(second) {
		return 0, false
	}
	now := TOTPStep(at)
	for s := now - TOTPSkew; s <= now+TOTPSkew; s++ {
		if s < 1 {
			continue
		}
		// Both codes are always compared, so the time taken does not tell
		// which of them was wrong.
		firstOK := Equal(stepCode(secret, s-1), first)
		secondOK := Equal(stepCode(secret, s), second)
		if firstOK && secondOK {
			step, ok = s, true
		}
	}
	return step, ok
}

func stepCode(secret string, step int64) string {
	code, err := hotp.GenerateCodeCustom(secret, uint64(step), hotp.ValidateOpts{
		Digits:    otp.DigitsSix,
		Algorithm: otp.AlgorithmSHA1,
	})
	if err != nil {
		return ""
	}
	return code
}

// isCode reports whether s is TOTPDigits decimal digits.
func isCode(s string) bool {
	if len(s) != TOTPDigits {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
