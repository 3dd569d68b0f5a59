package identity_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(0, 0, color.White)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestAvatars(t *testing.T) {
	c := mustSecureCore(t, identity.Config{AvatarMaxBytes: 200 << 10})
	alice, actx := c.mustAlice(t)
	def, err := c.svc.Avatars.Mine(actx)
	if err != nil || !def.Default || !bytes.HasPrefix(def.PNG, []byte("\x89PNG")) || def.ETag == "" {
		t.Fatalf("default avatar: %+v %v", def.ETag, err)
	}
	up, err := c.svc.Avatars.Upload(actx, pngOf(t, 400, 300))
	if err != nil || up.Default {
		t.Fatal(err)
	}
	got, err := c.svc.Avatars.Mine(actx)
	if err != nil || got.Default || got.ETag != up.ETag || got.ETag == def.ETag {
		t.Fatalf("after upload: %+v %v", got.ETag, err)
	}
	img, err := png.Decode(bytes.NewReader(got.PNG))
	if err != nil || img.Bounds().Dx() != 256 || img.Bounds().Dy() != 256 {
		t.Fatalf("stored picture: %v %v", img.Bounds(), err)
	}
	if seen, err := c.svc.Avatars.Of(c.admin, alice.ID); err != nil || seen.ETag != up.ETag {
		t.Fatalf("administrator's view: %v", err)
	}
	_, err = c.svc.Avatars.Of(actx, c.root.ID)
	wantFault(t, err, fault.Forbidden, "auth.admin_required")
	_, err = c.svc.Avatars.Upload(actx, []byte("not a picture"))
	wantFault(t, err, fault.Invalid, "avatar.format")
	_, err = c.svc.Avatars.Upload(actx, make([]byte, 200<<10+1))
	wantFault(t, err, fault.TooLarge, "avatar.too_large")
	if c.svc.Avatars.MaxBytes() != 200<<10 {
		t.Fatalf("configured limit: %d", c.svc.Avatars.MaxBytes())
	}
	if err := c.svc.Avatars.Delete(actx); err != nil {
		t.Fatal(err)
	}
	if back, _ := c.svc.Avatars.Mine(actx); !back.Default || back.ETag != def.ETag {
		t.Fatalf("after delete: default %v", back.Default)
	}
}
