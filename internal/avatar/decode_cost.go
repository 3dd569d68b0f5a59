package avatar

import (
	"image"
	"image/color"
)

// DefaultMaxDecodeBytes is the memory a decode may take when none is
// configured: a 40-megapixel JPEG (3 bytes a pixel at worst) fits, a
// 40-megapixel 8-bit RGBA PNG (160 MB) does not.
const DefaultMaxDecodeBytes = 128 << 20

// decodeCost estimates the bytes decoding a picture of cfg allocates. The
// decoders allocate the whole image before reading any pixel data, so a
// header claiming a 16-bit RGBA image costs 8 bytes a pixel even when the
// data that follows is a hundred bytes long; the pixel count alone would
// let a tiny file claim 320 MB. A progressive JPEG also keeps a 4-byte
// coefficient per component for every pixel until the last scan.
func decodeCost(f format, cfg image.Config, progressive bool) int64 {
	perPixel := int64(8)
	switch m := cfg.ColorModel; {
	case m == color.GrayModel || m == color.AlphaModel:
		perPixel = 1
	case m == color.Gray16Model || m == color.Alpha16Model:
		perPixel = 2
	case m == color.YCbCrModel:
		perPixel = 3 // 4:4:4; the header does not say the subsampling
	case m == color.RGBAModel || m == color.NRGBAModel || m == color.CMYKModel || m == color.NYCbCrAModel:
		perPixel = 4
	default:
		if _, ok := m.(color.Palette); ok {
			perPixel = 1
		}
	}
	if f.name == "jpeg" && progressive {
		perPixel += 4 * 4 // up to 4 components (CMYK) of 4-byte coefficients
	}
	return int64(cfg.Width) * int64(cfg.Height) * perPixel
}

// progressiveJPEG reports whether a JPEG's frame header is a progressive
// one (SOF2, SOF6, SOF10, SOF14), reading the marker segments before the
// first scan.
func progressiveJPEG(data []byte) bool {
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return false
		}
		m := data[i+1]
		if m == 0xFF { // fill byte
			i++
			continue
		}
		switch m {
		case 0xC2, 0xC6, 0xCA, 0xCE:
			return true
		case 0xC0, 0xC1, 0xC3, 0xC5, 0xC7, 0xC9, 0xCB, 0xCD, 0xCF, 0xDA:
			return false
		}
		i += 2 + (int(data[i+2])<<8 | int(data[i+3]))
	}
	return false
}
