package verify_test

import (
	"bytes"
	"image"
	"image/png"
	"regexp"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/verify"
)

func TestNewChallenge(t *testing.T) {
	a, b := verify.NewChallenge(), verify.NewChallenge()
	if !regexp.MustCompile(`^[0-9]{6}$`).MatchString(a.Answer) {
		t.Fatalf("answer %q is not 6 digits", a.Answer)
	}
	if !regexp.MustCompile(`^[0-9A-Za-z]{20}$`).MatchString(a.ID) || a.ID == b.ID {
		t.Fatalf("IDs %q, %q: want distinct 20-character alphanumerics", a.ID, b.ID)
	}
	if a.AnswerHash != verify.HashToken(a.Answer) {
		t.Fatal("AnswerHash is not HashToken(Answer)")
	}
}

func TestCheckAnswer(t *testing.T) {
	hash := verify.HashToken("042137")
	tests := []struct {
		given string
		want  bool
	}{
		{"042137", true},
		{" 042 137 ", true},
		{"0 4 2\t1 3 7\n", true},
		{"42137", false},
		{"042138", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := verify.CheckAnswer(hash, tt.given); got != tt.want {
			t.Errorf("CheckAnswer(%q) = %v, want %v", tt.given, got, tt.want)
		}
	}
}

func TestRenderImage(t *testing.T) {
	tests := []struct {
		name     string
		answer   string
		w, h     int
		wantCode string
	}{
		{"standard", "123456", verify.ImageWidth, verify.ImageHeight, ""},
		{"smallest", "000000", 100, 30, ""},
		{"square", "999999", 200, 200, ""},
		{"too narrow", "123456", 99, 30, "verify.captcha_size"},
		{"too short", "123456", 240, 29, "verify.captcha_size"},
		{"too large", "123456", 1001, 80, "verify.captcha_size"},
		{"taller than wide", "123456", 120, 200, "verify.captcha_size"},
		{"letters", "12345a", 240, 80, "verify.captcha_answer"},
		{"short answer", "12345", 240, 80, "verify.captcha_answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := verify.RenderImage(tt.answer, tt.w, tt.h)
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
			if err != nil || format != "png" {
				t.Fatalf("not a PNG: %s, %v", format, err)
			}
			if got := img.Bounds().Size(); got != image.Pt(tt.w, tt.h) {
				t.Fatalf("size = %v, want %dx%d", got, tt.w, tt.h)
			}
		})
	}

	// A reload must not give a fresh sample of the same answer.
	x, _ := verify.RenderImage("123456", 240, 80)
	y, _ := verify.RenderImage("123456", 240, 80)
	z, _ := verify.RenderImage("654321", 240, 80)
	if !bytes.Equal(x, y) || bytes.Equal(x, z) {
		t.Fatal("image must depend on the answer, and only on it")
	}
}

func TestRenderAudio(t *testing.T) {
	b, err := verify.RenderAudio("123456", "fr-FR")
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 44 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		t.Fatalf("not a WAV file: % x", b[:min(len(b), 12)])
	}
	if _, err := verify.RenderAudio("abc", "en"); fault.CodeOf(err) != "verify.captcha_answer" {
		t.Fatalf("bad answer: err = %v", err)
	}
}

func TestAudioLanguage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"en", "en"},
		{"en-GB", "en"},
		{"ru", "ru"},
		{"pt_BR", "pt"},
		{"ZH-Hans", "zh"},
		{"ja", "ja"},
		{"fr", "en"},
		{"fr-FR", "en"},
		{"", "en"},
	}
	for _, tt := range tests {
		if got := verify.AudioLanguage(tt.in); got != tt.want {
			t.Errorf("AudioLanguage(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRenderImageDigitsApart: each digit is drawn in a cell of its own, so
// no two digits can touch: every cell holds ink, and a change of one
// digit repaints the whole picture (every cell is seeded by the answer).
func TestRenderImageDigitsApart(t *testing.T) {
	b, err := verify.RenderImage("708914", verify.ImageWidth, verify.ImageHeight)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	cell := verify.ImageWidth / verify.ChallengeLength
	for i := range verify.ChallengeLength {
		ink := 0
		for x := i * cell; x < (i+1)*cell; x++ {
			for y := 0; y < verify.ImageHeight; y++ {
				if _, _, _, a := img.At(x, y).RGBA(); a > 0 {
					ink++
				}
			}
		}
		if ink < 300 {
			t.Errorf("cell %d holds %d inked pixels: its digit is missing or clipped", i, ink)
		}
	}
	other, _ := verify.RenderImage("708915", verify.ImageWidth, verify.ImageHeight)
	o, _ := png.Decode(bytes.NewReader(other))
	same := true
	for x := 0; x < cell && same; x++ {
		for y := 0; y < verify.ImageHeight; y++ {
			if img.At(x, y) != o.At(x, y) {
				same = false
				break
			}
		}
	}
	if same {
		t.Error("the first cell is the same for two answers: cells could be learnt one by one")
	}
}
