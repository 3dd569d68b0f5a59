package avatar_test

import (
	"bytes"
	"encoding/binary"
	"image/jpeg"
	"runtime"
	"testing"

	"github.com/watchword/watchword/internal/avatar"
	"github.com/watchword/watchword/internal/fault"
)

// pngBombOf is pngBomb with a chosen bit depth and colour type.
func pngBombOf(w, h uint32, depth, colorType byte) []byte {
	b := pngBomb(w, h)
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, depth, colorType, 0, 0, 0)
	out := append([]byte{}, b[:8]...)
	out = append(out, pngChunk("IHDR", ihdr)...)
	return append(out, b[8+len(pngChunk("IHDR", ihdr)):]...)
}

// TestNormalizeBoundsDecodeMemory sends tiny files whose headers claim
// images under the pixel limits but costly to hold: each is refused before
// the decoder allocates anything.
func TestNormalizeBoundsDecodeMemory(t *testing.T) {
	tests := []struct {
		name string
		data []byte
	}{
		{"RGBA16At36MP", pngBombOf(6000, 6000, 16, 6)},
		{"RGBA8At40MP", pngBombOf(6324, 6324, 8, 6)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := avatar.Normalize(tt.data, avatar.Limits{})
			runtime.ReadMemStats(&after)
			if fault.KindOf(err) != fault.Invalid || fault.CodeOf(err) != "avatar.dimensions" {
				t.Fatalf("got %v, want Invalid avatar.dimensions", err)
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
				t.Fatalf("a %d-byte file made the decoder allocate %d MB", len(tt.data), n>>20)
			}
		})
	}
	t.Run("GrayAt16MPStillRead", func(t *testing.T) {
		// 1 byte a pixel: within the budget, so it reaches the decoder
		// (and fails there, its data being a few bytes).
		_, err := avatar.Normalize(pngBombOf(4000, 4000, 8, 0), avatar.Limits{})
		if fault.CodeOf(err) != "avatar.corrupt" {
			t.Fatalf("got %v, want avatar.corrupt", err)
		}
	})
	t.Run("ProgressiveJPEG", func(t *testing.T) {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, picture(64, 64), nil); err != nil {
			t.Fatal(err)
		}
		base := buf.Bytes()
		if _, err := avatar.Normalize(base, avatar.Limits{MaxDecodeBytes: 64 * 64 * 3}); err != nil {
			t.Fatalf("a baseline JPEG within the budget: %v", err)
		}
		// The same header marked progressive (SOF0 → SOF2) costs its
		// coefficients too.
		prog := bytes.Replace(append([]byte{}, base...), []byte{0xFF, 0xC0}, []byte{0xFF, 0xC2}, 1)
		_, err := avatar.Normalize(prog, avatar.Limits{MaxDecodeBytes: 64 * 64 * 3})
		if fault.CodeOf(err) != "avatar.dimensions" {
			t.Fatalf("got %v, want avatar.dimensions", err)
		}
	})
}
