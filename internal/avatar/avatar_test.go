package avatar_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"testing"

	"github.com/watchword/watchword/internal/avatar"
	"github.com/watchword/watchword/internal/fault"
)

// picture is a w×h gradient, so that cropping and scaling have something
// to work on.
func picture(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	return img
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	// An APP1 (EXIF) segment right after SOI: it must not survive.
	exif := append([]byte("\xff\xe1\x00\x16Exif\x00\x00"), []byte("GPS 48.85N 2.35E")...)
	return append(append([]byte{0xff, 0xd8}, exif...), b.Bytes()[2:]...)
}

func encodeGIF(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gif.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngChunk builds one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// pngBomb is a valid-looking PNG header claiming w×h pixels, followed by a
// tiny IDAT: a few hundred bytes that would inflate to gigabytes.
func pngBomb(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA
	idat := []byte{0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01}
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, pngChunk("IHDR", ihdr)...)
	b = append(b, pngChunk("IDAT", idat)...)
	return append(b, pngChunk("IEND", nil)...)
}

func TestNormalizeAccepts(t *testing.T) {
	webp, err := os.ReadFile("testdata/gopher.webp")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"PNGLandscape", encodePNG(t, picture(640, 360))},
		{"PNGTiny", encodePNG(t, picture(3, 5))},
		{"JPEGWithEXIF", encodeJPEG(t, picture(300, 500))},
		{"GIF", encodeGIF(t, picture(120, 80))},
		{"WebP", webp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := avatar.Normalize(tt.data, avatar.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("the output is not a PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != avatar.Size || b.Dy() != avatar.Size {
				t.Fatalf("output %v, want %d×%d", b, avatar.Size, avatar.Size)
			}
			if bytes.Contains(out, []byte("Exif")) || bytes.Contains(out, []byte("GPS")) {
				t.Fatal("metadata survived")
			}
		})
	}
}

func TestNormalizeRefuses(t *testing.T) {
	valid := encodePNG(t, picture(200, 200))
	tests := []struct {
		name string
		data []byte
		kind fault.Kind
		code string
	}{
		{"TextNamedPNG", []byte("just some text, saved as avatar.png\n"), fault.Invalid, "avatar.format"},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), fault.Invalid, "avatar.format"},
		{"Empty", nil, fault.Invalid, "avatar.format"},
		{"TruncatedPNG", valid[:len(valid)/2], fault.Invalid, "avatar.corrupt"},
		{"TruncatedHeader", valid[:20], fault.Invalid, "avatar.corrupt"},
		{"Bomb20000x20000", pngBomb(20000, 20000), fault.Invalid, "avatar.dimensions"},
		{"BombOneLongSide", pngBomb(9000, 10), fault.Invalid, "avatar.dimensions"},
		{"Oversized", append(append([]byte{}, valid...), make([]byte, avatar.DefaultMaxBytes)...), fault.TooLarge, "avatar.too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := avatar.Normalize(tt.data, avatar.Limits{})
			if fault.KindOf(err) != tt.kind || fault.CodeOf(err) != tt.code {
				t.Fatalf("got %v, want %s %s", err, tt.kind, tt.code)
			}
		})
	}
	if len(pngBomb(20000, 20000)) > 100 {
		t.Fatalf("the bomb should be tiny, is %d bytes", len(pngBomb(20000, 20000)))
	}
	t.Run("ConfiguredLimit", func(t *testing.T) {
		_, err := avatar.Normalize(valid, avatar.Limits{MaxBytes: 100})
		if fault.CodeOf(err) != "avatar.too_large" {
			t.Fatalf("got %v", err)
		}
	})
}

func TestDefault(t *testing.T) {
	a, err := avatar.Default("Ada Lovelace", "user-1")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(a))
	if err != nil || img.Bounds().Dx() != avatar.Size || img.Bounds().Dy() != avatar.Size {
		t.Fatalf("default avatar: %v %v", img.Bounds(), err)
	}
	// Initials are drawn in white on the coloured square.
	white := 0
	for y := range avatar.Size {
		for x := range avatar.Size {
			if r, g, b, _ := img.At(x, y).RGBA(); r == 0xffff && g == 0xffff && b == 0xffff {
				white++
			}
		}
	}
	if white == 0 {
		t.Fatal("no initials drawn")
	}
	b, _ := avatar.Default("Ada Lovelace", "user-1")
	other, _ := avatar.Default("Bob", "user-1")
	if !bytes.Equal(a, b) || bytes.Equal(a, other) {
		t.Fatal("the default avatar must depend on the name and nothing random")
	}
	if _, err := avatar.Default("", "user-2"); err != nil {
		t.Fatal(err)
	}
}
