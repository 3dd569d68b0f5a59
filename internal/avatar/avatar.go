// Package avatar turns an uploaded picture into Watchword's one avatar
// format, a 256×256 PNG, and draws the default avatar (initials on a
// coloured square). It holds no state and does no I/O.
//
// An upload is trusted for nothing: its format is recognised by its magic
// bytes (never by its name or declared type), its dimensions are read from
// the header and checked before any pixel is decoded, so a small file that
// claims a huge image (a decompression bomb) costs nothing, and the output
// is re-encoded from pixels, which drops every metadata chunk (EXIF, GPS,
// comments, colour profiles) and anything hidden after the image data.
package avatar

import (
	"bytes"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/watchword/watchword/internal/fault"
)

// Size is the side, in pixels, of every stored avatar.
const Size = 256

// Limits bound what an upload may be.
type Limits struct {
	MaxBytes  int64 // the upload's size; default 2 MiB
	MaxPixels int   // width × height; default 40 megapixels
	MaxSide   int   // width and height each; default 8000
	// MaxDecodeBytes bounds the memory decoding may take, estimated from
	// the header's size and colour model; default DefaultMaxDecodeBytes.
	MaxDecodeBytes int64
}

// DefaultMaxBytes is the upload size limit when none is configured.
const DefaultMaxBytes = 2 << 20

// WithDefaults fills in the zero limits.
func (l Limits) WithDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = 40_000_000
	}
	if l.MaxSide <= 0 {
		l.MaxSide = 8000
	}
	if l.MaxDecodeBytes <= 0 {
		l.MaxDecodeBytes = DefaultMaxDecodeBytes
	}
	return l
}

// format is a picture format an avatar may be uploaded in.
type format struct {
	name   string
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

// sniff recognises the format by its magic bytes.
func sniff(b []byte) (format, bool) {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return format{"png", png.DecodeConfig, png.Decode}, true
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return format{"jpeg", jpeg.DecodeConfig, jpeg.Decode}, true
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return format{"gif", gif.DecodeConfig, gif.Decode}, true
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return format{"webp", webp.DecodeConfig, webp.Decode}, true
	}
	return format{}, false
}

// Normalize checks an uploaded picture and returns it as a Size × Size PNG:
// centre-cropped to a square, resampled (Catmull-Rom), stripped of metadata.
// An animated GIF keeps its first frame.
// Errors: TooLarge (avatar.too_large), Invalid (avatar.format: not PNG,
// JPEG, GIF or WebP; avatar.dimensions: too many pixels, a side too
// long or empty, or more decoding memory than MaxDecodeBytes;
// avatar.corrupt: the image data cannot be decoded).
func Normalize(data []byte, lim Limits) ([]byte, error) {
	lim = lim.WithDefaults()
	if int64(len(data)) > lim.MaxBytes {
		return nil, fault.Newf(fault.TooLarge, "avatar.too_large", "the picture is larger than %d bytes", lim.MaxBytes)
	}
	f, ok := sniff(data)
	if !ok {
		return nil, fault.New(fault.Invalid, "avatar.format", "the picture must be a PNG, JPEG, GIF or WebP image")
	}
	cfg, err := f.config(bytes.NewReader(data))
	if err != nil {
		return nil, corrupt(f, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > lim.MaxSide || cfg.Height > lim.MaxSide ||
		int64(cfg.Width)*int64(cfg.Height) > int64(lim.MaxPixels) {
		return nil, fault.Newf(fault.Invalid, "avatar.dimensions",
			"the picture is %d×%d pixels; at most %d pixels a side and %d megapixels are accepted",
			cfg.Width, cfg.Height, lim.MaxSide, lim.MaxPixels/1_000_000)
	}
	if cost := decodeCost(f, cfg, f.name == "jpeg" && progressiveJPEG(data)); cost > lim.MaxDecodeBytes {
		return nil, fault.Newf(fault.Invalid, "avatar.dimensions",
			"the picture is %d×%d pixels of a kind that would take %d MB to read; at most %d MB are accepted",
			cfg.Width, cfg.Height, cost>>20, lim.MaxDecodeBytes>>20)
	}
	img, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return nil, corrupt(f, err)
	}
	return encode(square(img))
}

func corrupt(f format, err error) error {
	return &fault.Error{Kind: fault.Invalid, Code: "avatar.corrupt",
		Message: "the " + f.name + " picture is damaged or truncated and cannot be read", Err: err}
}

// square scales the centred square of img to Size × Size.
func square(img image.Image) *image.NRGBA {
	b := img.Bounds()
	side := min(b.Dx(), b.Dy())
	x0, y0 := b.Min.X+(b.Dx()-side)/2, b.Min.Y+(b.Dy()-side)/2
	out := image.NewNRGBA(image.Rect(0, 0, Size, Size))
	draw.CatmullRom.Scale(out, out.Bounds(), img, image.Rect(x0, y0, x0+side, y0+side), draw.Src, nil)
	return out
}

func encode(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fault.Wrap(err, "avatar.encode")
	}
	return buf.Bytes(), nil
}
