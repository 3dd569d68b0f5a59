package api_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
)

// avatarCall sends one avatar request with the caller's token.
func (s *secServer) avatarCall(t *testing.T, c *client.Client, method, path, contentType string, body []byte, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+c.Token())
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res, raw
}

func testPicture(t *testing.T, jpg bool) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 500, 300))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var b bytes.Buffer
	var err error
	if jpg {
		err = jpeg.Encode(&b, img, nil)
	} else {
		err = png.Encode(&b, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bombPNG claims 20000×20000 pixels in its header, with a tiny IDAT.
func bombPNG() []byte {
	chunk := func(typ string, data []byte) []byte {
		out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		out = append(append(out, typ...), data...)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := append(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 20000), 20000), 8, 6, 0, 0, 0)
	b := append([]byte("\x89PNG\r\n\x1a\n"), chunk("IHDR", ihdr)...)
	b = append(b, chunk("IDAT", []byte{0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01})...)
	return append(b, chunk("IEND", nil)...)
}

func TestAPIAvatar(t *testing.T) {
	s := mustSecServer(t)
	ctx := context.Background()

	res, def := s.avatarCall(t, s.root, "GET", "/v1/me/avatar", "", nil, nil)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || res.Header.Get("ETag") == "" ||
		res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Cache-Control") != "private, no-cache" {
		t.Fatalf("default avatar: %d %v", res.StatusCode, res.Header)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(def)); err != nil || cfg.Width != 256 || cfg.Height != 256 {
		t.Fatalf("default avatar is not a 256×256 PNG: %+v %v", cfg, err)
	}

	t.Run("RawPNG", func(t *testing.T) {
		res, raw := s.avatarCall(t, s.root, "PUT", "/v1/me/avatar", "image/png", testPicture(t, false), nil)
		if res.StatusCode != http.StatusOK || !bytes.Contains(raw, []byte(`"etag"`)) {
			t.Fatalf("upload: %d %s", res.StatusCode, raw)
		}
		res, got := s.avatarCall(t, s.root, "GET", "/v1/me/avatar", "", nil, nil)
		if cfg, err := png.DecodeConfig(bytes.NewReader(got)); err != nil || cfg.Width != 256 || bytes.Equal(got, def) {
			t.Fatalf("stored avatar: %+v %v", cfg, err)
		}
		res2, body := s.avatarCall(t, s.root, "GET", "/v1/me/avatar", "", nil, map[string]string{"If-None-Match": res.Header.Get("ETag")})
		if res2.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Fatalf("revalidation: %d", res2.StatusCode)
		}
	})
	t.Run("MultipartJPEG", func(t *testing.T) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("note", "ignored")
		fw, _ := mw.CreateFormFile("avatar", "me.jpg")
		_, _ = fw.Write(testPicture(t, true))
		_ = mw.Close()
		res, raw := s.avatarCall(t, s.root, "PUT", "/v1/me/avatar", mw.FormDataContentType(), body.Bytes(), nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("multipart upload: %d %s", res.StatusCode, raw)
		}
	})
	refusals := []struct {
		name, contentType string
		body              []byte
		status            int
		code              string
	}{
		{"TextNamedPNG", "image/png", []byte("hello, I am a text file called avatar.png"), http.StatusBadRequest, "avatar.format"},
		{"Truncated", "image/png", testPicture(t, false)[:300], http.StatusBadRequest, "avatar.corrupt"},
		{"Bomb", "image/png", bombPNG(), http.StatusBadRequest, "avatar.dimensions"},
		{"Oversized", "image/png", make([]byte, 2<<20+1), http.StatusRequestEntityTooLarge, "avatar.too_large"},
	}
	for _, tt := range refusals {
		t.Run("Err"+tt.name, func(t *testing.T) {
			res, raw := s.avatarCall(t, s.root, "PUT", "/v1/me/avatar", tt.contentType, tt.body, nil)
			if res.StatusCode != tt.status || !bytes.Contains(raw, []byte(`"code":"`+tt.code+`"`)) {
				t.Fatalf("got %d %s, want %d %s", res.StatusCode, raw, tt.status, tt.code)
			}
		})
	}
	t.Run("AdministratorView", func(t *testing.T) {
		alice, err := s.root.CreateUser(ctx, client.NewUser{Name: "alice", Password: "Correct-Battery-42"})
		if err != nil {
			t.Fatal(err)
		}
		res, _ := s.avatarCall(t, s.root, "GET", "/v1/users/"+alice.ID+"/avatar", "", nil, nil)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("administrator's view: %d", res.StatusCode)
		}
		ac := s.mustLogin(t, client.Credentials{Account: "acme", Username: "alice", Password: "Correct-Battery-42"})
		me, err := s.root.Me(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, raw := s.avatarCall(t, ac, "GET", "/v1/users/"+me.ID+"/avatar", "", nil, nil)
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("a user viewing another's avatar: %d %s", res.StatusCode, raw)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		res, _ := s.avatarCall(t, s.root, "DELETE", "/v1/me/avatar", "", nil, nil)
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("delete: %d", res.StatusCode)
		}
		_, got := s.avatarCall(t, s.root, "GET", "/v1/me/avatar", "", nil, nil)
		if !bytes.Equal(got, def) {
			t.Fatal("after delete the generated default is served")
		}
	})
}
