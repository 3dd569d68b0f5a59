package console

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
)

//go:embed static
var staticFiles embed.FS

// assets are the console's static files, each with a content hash that
// versions its URL, so browsers may cache them for a year.
type assets struct {
	files map[string][]byte
	hash  map[string]string
}

func loadAssets() (*assets, error) {
	a := &assets{files: map[string][]byte{}, hash: map[string]string{}}
	entries, err := fs.ReadDir(staticFiles, "static")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := staticFiles.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		a.files[e.Name()] = b
		a.hash[e.Name()] = hex.EncodeToString(sum[:6])
	}
	return a, nil
}

// url is the versioned address of a static file.
func (a *assets) url(name string) string {
	return Path + "/static/" + name + "?v=" + a.hash[name]
}

// showAsset serves a static file: cached for a year when asked for by its
// current version, briefly otherwise.
func (h *handler) showAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	b, ok := h.assets.files[name]
	if !ok {
		h.notFound(w, r)
		return
	}
	etag := `"` + h.assets.hash[name] + `"`
	hd := w.Header()
	hd.Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	hd.Set("ETag", etag)
	if r.URL.Query().Get("v") == h.assets.hash[name] {
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hd.Set("Cache-Control", "public, max-age=300")
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(b)
}
