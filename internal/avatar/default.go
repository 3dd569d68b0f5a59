package avatar

import (
	"hash/fnv"
	"image"
	"image/color"
	"strings"
	"unicode"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// background picks the colour of a default avatar: dark enough for white
// initials to stay readable.
func background(n uint32) color.NRGBA {
	colors := [...]color.NRGBA{
		{0x1f, 0x6f, 0xeb, 0xff}, {0x8b, 0x3d, 0xd1, 0xff}, {0xc2, 0x18, 0x5b, 0xff}, {0xd1, 0x4d, 0x00, 0xff},
		{0x0b, 0x7a, 0x4b, 0xff}, {0x00, 0x6d, 0x77, 0xff}, {0x5d, 0x4a, 0x8c, 0xff}, {0x6b, 0x5b, 0x2e, 0xff},
	}
	return colors[n%uint32(len(colors))]
}

// canvas is the side of the small image the initials are drawn on, before
// it is scaled up to Size: basicfont's glyphs are 7×13 pixels.
const canvas = 32

// Default draws the default avatar of name: up to two initials, white on a
// colour chosen from seed (a user ID), so a user keeps the same colour.
// Errors: Internal (avatar.encode) only if PNG encoding fails.
func Default(name, seed string) ([]byte, error) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(seed))
	bg := background(h.Sum32())
	small := image.NewNRGBA(image.Rect(0, 0, canvas, canvas))
	draw.Draw(small, small.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	text := initials(name)
	face := basicfont.Face7x13
	width := font.MeasureString(face, text)
	d := font.Drawer{Dst: small, Src: image.White, Face: face,
		Dot: fixed.Point26_6{X: (fixed.I(canvas) - width) / 2, Y: fixed.I((canvas+13)/2 - 2)}}
	d.DrawString(text)
	out := image.NewNRGBA(image.Rect(0, 0, Size, Size))
	// Nearest-neighbour keeps the bitmap glyphs crisp at 8×.
	draw.NearestNeighbor.Scale(out, out.Bounds(), small, small.Bounds(), draw.Src, nil)
	return encode(out)
}

// initials returns the upper-cased first letters of the first two words of
// name, in the ASCII basicfont can draw; "?" when there is none.
func initials(name string) string {
	var out []rune
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		r := unicode.ToUpper([]rune(w)[0])
		if r < 0x80 {
			out = append(out, r)
		}
		if len(out) == 2 {
			break
		}
	}
	if len(out) == 0 {
		return "?"
	}
	return string(out)
}
