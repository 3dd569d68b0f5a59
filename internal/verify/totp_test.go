package verify_test

import (
	"bytes"
	"encoding/base32"
	"image"
	"testing"
	"time"

	"github.com/pquerna/otp"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/verify"
)

// rfcSecret is the SHA-1 seed of RFC 6238 appendix B, "12345678901234567890".
var rfcSecret = base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))

func TestTOTPCodeRFC6238(t *testing.T) {
	// Appendix B lists 8-digit codes; ours are their last 6 digits.
	tests := []struct {
		unix int64
		want string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
	}
	for _, tt := range tests {
		if got := verify.TOTPCode(rfcSecret, time.Unix(tt.unix, 0)); got != tt.want {
			t.Errorf("TOTPCode at %d = %q, want %q", tt.unix, got, tt.want)
		}
	}
	if got := verify.TOTPCode("not base32!", time.Unix(59, 0)); got != "" {
		t.Errorf("bad secret gave %q", got)
	}
}

func TestValidateTOTP(t *testing.T) {
	secret, _, err := verify.NewTOTPKey("Watchword", "alice")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 10, 0, 10, 0, time.UTC)
	step := verify.TOTPStep(now)
	at := func(d int64) string { return verify.TOTPCode(secret, time.Unix((step+d)*verify.TOTPPeriod, 0)) }
	// A code unlike every code in the window, for "wrong".
	wrong := "000000"
	for d := int64(-1); d <= 1; d++ {
		if at(d) == wrong {
			wrong = "999999"
		}
	}

	tests := []struct {
		name     string
		code     string
		lastUsed int64
		wantStep int64
		ok       bool
	}{
		{"current", at(0), 0, step, true},
		{"one step behind", at(-1), 0, step - 1, true},
		{"one step ahead", at(1), 0, step + 1, true},
		{"two steps behind", at(-2), 0, 0, false},
		{"two steps ahead", at(2), 0, 0, false},
		{"with space", at(0)[:3] + " " + at(0)[3:], 0, step, true},
		{"replay of same step", at(0), step, 0, false},
		{"earlier step after later used", at(-1), step, 0, false},
		{"later step after earlier used", at(1), step, step + 1, true},
		{"wrong", wrong, 0, 0, false},
		{"short", at(0)[:5], 0, 0, false},
		{"letters", "12a456", 0, 0, false},
		{"empty", "", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := verify.ValidateTOTP(secret, tt.code, now, tt.lastUsed)
			if ok != tt.ok || got != tt.wantStep {
				t.Fatalf("ValidateTOTP = %d, %v; want %d, %v", got, ok, tt.wantStep, tt.ok)
			}
		})
	}
	if _, ok := verify.ValidateTOTP("not base32!", "123456", now, 0); ok {
		t.Fatal("a bad secret validated")
	}
}

func TestValidateConsecutive(t *testing.T) {
	secret, _, err := verify.NewTOTPKey("Watchword", "alice")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 10, 0, 10, 0, time.UTC)
	step := verify.TOTPStep(now)
	at := func(d int64) string { return verify.TOTPCode(secret, time.Unix((step+d)*verify.TOTPPeriod, 0)) }

	tests := []struct {
		name          string
		first, second string
		wantStep      int64
		ok            bool
	}{
		{"second is now", at(-1), at(0), step, true},
		{"second one step behind", at(-2), at(-1), step - 1, true},
		{"second one step ahead", at(0), at(1), step + 1, true},
		{"second two steps behind", at(-3), at(-2), 0, false},
		{"second two steps ahead", at(1), at(2), 0, false},
		{"swapped", at(0), at(-1), 0, false},
		{"not consecutive", at(-2), at(0), 0, false},
		{"same code twice", at(0), at(0), 0, false},
		{"first empty", "", at(0), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := verify.ValidateConsecutive(secret, tt.first, tt.second, now)
			if ok != tt.ok || got != tt.wantStep {
				t.Fatalf("ValidateConsecutive = %d, %v; want %d, %v", got, ok, tt.wantStep, tt.ok)
			}
		})
	}
}

func TestNewTOTPKey(t *testing.T) {
	secret, uri, err := verify.NewTOTPKey("Watchword", "acme/alice")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil || len(raw) != verify.TOTPSecretSize {
		t.Fatalf("secret %q: %d bytes, %v", secret, len(raw), err)
	}
	key, err := otp.NewKeyFromURL(uri)
	if err != nil {
		t.Fatal(err)
	}
	if key.Type() != "totp" || key.Issuer() != "Watchword" || key.AccountName() != "acme/alice" ||
		key.Secret() != secret || key.Period() != 30 || key.Digits() != otp.DigitsSix || key.Algorithm() != otp.AlgorithmSHA1 {
		t.Fatalf("URI %q does not describe the key", uri)
	}
	other, _, _ := verify.NewTOTPKey("Watchword", "acme/alice")
	if other == secret {
		t.Fatal("two keys share a secret")
	}
	for _, args := range [][2]string{{"", "alice"}, {"Watchword", ""}} {
		if _, _, err := verify.NewTOTPKey(args[0], args[1]); fault.CodeOf(err) != "verify.totp_key" {
			t.Errorf("NewTOTPKey(%q, %q): err = %v, want verify.totp_key", args[0], args[1], err)
		}
	}
}

func TestQRCodePNG(t *testing.T) {
	_, uri, _ := verify.NewTOTPKey("Watchword", "alice")
	tests := []struct {
		name     string
		size     int
		wantCode string
	}{
		{"256", 256, ""},
		{"smallest", 64, ""},
		{"too small", 63, "verify.qr_size"},
		{"too large", 1025, "verify.qr_size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := verify.QRCodePNG(uri, tt.size)
			if tt.wantCode != "" {
				if fault.CodeOf(err) != tt.wantCode {
					t.Fatalf("err = %v, want %s", err, tt.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			img, format, err := image.Decode(bytes.NewReader(b))
			if err != nil || format != "png" || img.Bounds().Dx() != tt.size {
				t.Fatalf("got %s %v, %v; want a %d-pixel PNG", format, img.Bounds(), err, tt.size)
			}
		})
	}
}

func BenchmarkValidateTOTP(b *testing.B) {
	secret, _, _ := verify.NewTOTPKey("Watchword", "alice")
	now := time.Date(2026, 11, 25, 10, 0, 10, 0, time.UTC)
	code := verify.TOTPCode(secret, now)
	for b.Loop() {
		if _, ok := verify.ValidateTOTP(secret, code, now, 0); !ok {
			b.Fatal("code refused")
		}
	}
}
