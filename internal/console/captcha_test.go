package console_test

import (
	"bytes"
	"image/png"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/verify"
)

// TestCaptchaAudioVisible: the Forgot Password CAPTCHA offers its audio as
// a visible link (beside the player), which serves the digits as WAV; the
// picture has the size the page reserves for it.
func TestCaptchaAudioVisible(t *testing.T) {
	s := mustConsole(t)
	for _, lang := range []string{"en", "fr"} {
		b := s.browser(t)
		b.Lang = lang
		p := b.get(console.Path + "/forgot")
		m := regexp.MustCompile(`<a href="(/console/captcha/[A-Za-z0-9]+/audio)" download="captcha.wav"`).FindStringSubmatch(p.Body)
		if p.Status != http.StatusOK || m == nil || !strings.Contains(text(p.Body), tr(t, lang, "form.captcha.audio_link")) {
			t.Fatalf("%s: no audio link: %d\n%s", lang, p.Status, p.Body)
		}
		wav := b.get(m[1])
		if wav.Status != http.StatusOK || wav.Header.Get("Content-Type") != "audio/wav" || !strings.HasPrefix(wav.Body, "RIFF") {
			t.Errorf("%s: audio: %d %q", lang, wav.Status, wav.Header.Get("Content-Type"))
		}
		img := b.get(strings.TrimSuffix(m[1], "/audio") + "/image")
		cfg, err := png.DecodeConfig(bytes.NewReader([]byte(img.Body)))
		if err != nil || cfg.Width != verify.ImageWidth || cfg.Height != verify.ImageHeight ||
			!strings.Contains(p.Body, `width="432" height="96"`) {
			t.Errorf("%s: image %+v %v", lang, cfg, err)
		}
	}
}
