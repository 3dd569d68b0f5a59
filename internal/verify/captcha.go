package verify

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"strconv"
	"strings"
	"unicode"

	"github.com/dchest/captcha"

	"github.com/watchword/watchword/internal/fault"
)

// CAPTCHA limits. Sizes outside these bounds make the renderer misplace or
// fail to fit the digits, and an unbounded size would let one request
// allocate an arbitrarily large image.
const (
	ChallengeLength = 6
	// ImageWidth × ImageHeight is the size pages show: six cells of 72 ×
	// 96 pixels, in which the renderer draws digits with 3-pixel dots.
	ImageWidth     = 432
	ImageHeight    = 96
	minImageWidth  = 100
	maxImageWidth  = 1000
	minImageHeight = 30
	maxImageHeight = 400
)

// challengeIDLength gives IDs of about 119 random bits, so one person's
// challenge cannot be guessed and fetched by another.
const challengeIDLength = 20

// Challenge is one CAPTCHA. The core stores ID, AnswerHash and (to render
// the image and audio on request) Answer, shows ID to the browser, and never
// sends Answer or AnswerHash to it: with 10^6 answers the hash is trivially
// reversed, so it only saves comparing plain text.
type Challenge struct {
	ID         string
	Answer     string // ChallengeLength decimal digits
	AnswerHash string
}

// NewChallenge returns a challenge with fresh random digits. It does not use
// the captcha package's process-wide store: the core keeps challenges in the
// database, so every replica can check any of them.
func NewChallenge() Challenge {
	d := randomDigits(ChallengeLength)
	for i := range d {
		d[i] += '0'
	}
	answer := string(d)
	return Challenge{ID: randomBase62(challengeIDLength), Answer: answer, AnswerHash: HashToken(answer)}
}

// CheckAnswer reports whether given, ignoring any whitespace in it, is the
// answer whose hash is hash. The core must delete the challenge whatever the
// outcome, so each one gets a single guess.
func CheckAnswer(hash, given string) bool {
	given = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, given)
	return Equal(HashToken(given), hash)
}

// RenderImage draws answer as a distorted PNG of width × height pixels
// (ImageWidth × ImageHeight suit most pages). The picture depends only on
// the answer and a key made at process start, so reloading a challenge
// shows the same picture and gives no extra samples to average out noise.
// Errors: Invalid (verify.captcha_size) for a size outside 100-1000 ×
// 30-400 or taller than wide; Internal for an answer that is not digits.
func RenderImage(answer string, width, height int) (img []byte, err error) {
	if width < minImageWidth || width > maxImageWidth || height < minImageHeight || height > maxImageHeight || height > width {
		return nil, fault.Newf(fault.Invalid, "verify.captcha_size",
			"CAPTCHA size must be %d-%d × %d-%d pixels and no taller than wide", minImageWidth, maxImageWidth, minImageHeight, maxImageHeight)
	}
	digits, err := answerDigits(answer)
	if err != nil {
		return nil, err
	}
	// The renderer panics on sizes it cannot lay out; the bounds above keep
	// clear of those, and this keeps a surprise from killing the server.
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, fault.Wrap(fmt.Errorf("captcha image %dx%d: %v", width, height, r), "verify.captcha_render")
		}
	}()
	// The renderer lays all digits out one dot apart and then slants each
	// by up to 0.7 pixel per row (12 pixels over a digit, whatever its
	// size), so two neighbours leaning towards each other overlap: about
	// one digit in four was misread. Each digit is therefore drawn in a
	// cell of its own, with its own slant, wave, strike-through, colour
	// and noise, and the cells are set side by side: digits never touch,
	// and nothing repeats from cell to cell. Every cell is seeded by the
	// whole answer and its place, so no cell can be learnt once and
	// recognised in another challenge.
	out := image.NewNRGBA(image.Rect(0, 0, width, height))
	cell := width / len(digits)
	for i, d := range digits {
		tile := captcha.NewImage(answer+":"+strconv.Itoa(i), []byte{d}, cell, height)
		draw.Draw(out, image.Rect(i*cell, 0, (i+1)*cell, height), tile, image.Point{}, draw.Src)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, out); err != nil {
		return nil, fault.Wrap(err, "verify.captcha_render")
	}
	return buf.Bytes(), nil
}

// RenderAudio speaks answer over noise as an 8 kHz 8-bit mono WAV (about
// 100 KB). lang is a language tag such as "fr-FR"; see AudioLanguage for the
// language actually used.
// Errors: Internal for an answer that is not digits.
func RenderAudio(answer, lang string) ([]byte, error) {
	digits, err := answerDigits(answer)
	if err != nil {
		return nil, err
	}
	a := captcha.NewAudio("", digits, AudioLanguage(lang))
	var buf bytes.Buffer
	buf.Grow(a.EncodedLen() + 1)
	if _, err := a.WriteTo(&buf); err != nil {
		return nil, fault.Wrap(err, "verify.captcha_render")
	}
	return buf.Bytes(), nil
}

// AudioLanguage returns the language RenderAudio speaks for the tag lang.
// The captcha package has voices for en, ja, pt, ru and zh only, so French
// and everything else fall back to English; a page can say so.
func AudioLanguage(lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	base, _, _ = strings.Cut(base, "_")
	switch base {
	case "en", "ja", "pt", "ru", "zh":
		return base
	}
	return "en"
}

// answerDigits turns "123456" into the digit values the renderer wants.
func answerDigits(answer string) ([]byte, error) {
	if len(answer) != ChallengeLength {
		return nil, fault.Wrap(fmt.Errorf("captcha answer has %d characters, want %d", len(answer), ChallengeLength), "verify.captcha_answer")
	}
	d := make([]byte, len(answer))
	for i := range len(answer) {
		c := answer[i]
		if c < '0' || c > '9' {
			return nil, fault.Wrap(errors.New("captcha answer is not all digits"), "verify.captcha_answer")
		}
		d[i] = c - '0'
	}
	return d, nil
}
