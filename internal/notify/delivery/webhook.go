package delivery

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// The webhook's headers.
const (
	SignatureHeader = "X-Watchword-Signature"
	TimestampHeader = "X-Watchword-Timestamp"
)

// WebhookConfig configures the SMS webhook sender.
type WebhookConfig struct {
	// URL receives one POST per SMS. Required; http or https.
	URL string
	// Secret keys the HMAC-SHA256 signature of each body. Required.
	Secret string
	// Timeout bounds one POST. Default 10s.
	Timeout time.Duration
	// Client sends the requests; nil means a client that follows no
	// redirects, so the body and signature never go to another host.
	Client *http.Client
	// Clock stamps X-Watchword-Timestamp; nil means time.Now.
	Clock func() time.Time
}

// webhookBody is the JSON the webhook receives.
type webhookBody struct {
	To   string `json:"to"`
	Text string `json:"text"`
	ID   string `json:"id"`
}

// WebhookSender delivers SMS by POSTing JSON to an operator's gateway.
type WebhookSender struct {
	cfg WebhookConfig
}

// NewWebhookSender checks cfg and returns a sender.
func NewWebhookSender(cfg WebhookConfig) (*WebhookSender, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("notify: SMS webhook URL must be an absolute http or https URL")
	}
	if cfg.Secret == "" {
		return nil, errors.New("notify: SMS webhook secret is required")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	cfg.Clock = clockOrNow(cfg.Clock)
	return &WebhookSender{cfg: cfg}, nil
}

// Channel reports SMS.
func (s *WebhookSender) Channel() notify.Channel { return notify.SMS }

// Send POSTs {"to","text","id"} signed with the secret. Any status but 2xx
// fails; 400 and 422 (the gateway rejects this message) fail Permanently,
// the rest are retried. Receivers should drop a repeated id: a retry after a
// lost response sends the same id again.
func (s *WebhookSender) Send(ctx context.Context, m notify.Message, r notify.Rendered) error {
	if m.To == "" || hasControl(m.To) {
		return notify.Permanent(errors.New("notify: SMS recipient is empty or has control characters"))
	}
	if r.SMS == "" {
		return notify.Permanent(errors.New("notify: template has no SMS text"))
	}
	body, err := json.Marshal(webhookBody{To: m.To, Text: r.SMS, ID: m.ID})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Watchword")
	ts := strconv.FormatInt(s.cfg.Clock().Unix(), 10)
	req.Header.Set(TimestampHeader, ts)
	req.Header.Set(SignatureHeader, SignWebhook(s.cfg.Secret, ts, body))
	resp, err := s.cfg.Client.Do(req)
	if err != nil {
		return fmt.Errorf("sms webhook: %w", err)
	}
	defer resp.Body.Close()
	// Drain a little so the connection can be reused, never a whole page.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	err = fmt.Errorf("sms webhook: status %d", resp.StatusCode)
	if resp.StatusCode == http.StatusBadRequest || resp.StatusCode == http.StatusUnprocessableEntity {
		return notify.Permanent(err)
	}
	return err
}

// SignWebhook returns the X-Watchword-Signature value for a call sent at
// timestamp (the X-Watchword-Timestamp value) with body: "sha256=" and the
// hex HMAC-SHA256, keyed with secret, of timestamp + "." + body. Signing the
// timestamp lets a receiver refuse old calls replayed by someone who
// captured one.
func SignWebhook(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// VerifyWebhook reports whether signature signs timestamp and body under
// secret, comparing in constant time, and whether timestamp is within
// maxAge of now (maxAge 0 skips that check). Go receivers can use it as is.
func VerifyWebhook(secret, timestamp string, body []byte, signature string, now time.Time, maxAge time.Duration) bool {
	if !hmac.Equal([]byte(SignWebhook(secret, timestamp, body)), []byte(signature)) {
		return false
	}
	if maxAge == 0 {
		return true
	}
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	age := now.Sub(time.Unix(sec, 0))
	return age <= maxAge && age >= -maxAge
}
