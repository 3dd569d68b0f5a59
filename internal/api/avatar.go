package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// Avatars: PUT takes the picture as the raw body or as a multipart file
// (field "avatar" or "file"), with the core's larger size limit instead of
// the JSON one; GET serves the server-made PNG, never the upload.

// multipartSlack is what multipart framing may add to the picture itself.
const multipartSlack = 64 << 10

type avatarJSON struct {
	ETag      string    `json:"etag"`
	Default   bool      `json:"default"`
	Size      int       `json:"size"`
	UpdatedAt time.Time `json:"updated_at"`
}

func (h *handler) updateAvatar(w http.ResponseWriter, r *http.Request) {
	limit := h.svc.Avatars.MaxBytes()
	data, err := readUpload(w, r, limit)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	a, err := h.svc.Avatars.Upload(r.Context(), data)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.Header().Set("ETag", a.ETag)
	httpx.WriteJSON(w, http.StatusOK, "", avatarJSON{ETag: a.ETag, Size: 256, UpdatedAt: a.UpdatedAt})
}

// readUpload reads the picture of an upload, at most limit bytes of it.
func readUpload(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	tooLarge := fault.Newf(fault.TooLarge, "avatar.too_large", "the picture is larger than %d bytes", limit)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge
		}
		if err != nil {
			return nil, fault.New(fault.Invalid, "request.malformed", "the body could not be read")
		}
		return data, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit+multipartSlack)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, fault.New(fault.Invalid, "request.malformed", "the multipart body could not be read")
	}
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return nil, tooLarge
		case err == io.EOF:
			return nil, fault.New(fault.Invalid, "avatar.missing", `the multipart body has no "avatar" file`).WithField("avatar")
		case err != nil:
			return nil, fault.New(fault.Invalid, "request.malformed", "the multipart body could not be read")
		}
		if part.FormName() != "avatar" && part.FormName() != "file" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		if errors.As(err, &mbe) || int64(len(data)) > limit {
			return nil, tooLarge
		}
		if err != nil {
			return nil, fault.New(fault.Invalid, "request.malformed", "the multipart body could not be read")
		}
		return data, nil
	}
}

func (h *handler) showMyAvatar(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.Avatars.Mine(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	serveAvatar(w, r, a)
}

func (h *handler) showUserAvatar(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.Avatars.Of(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	serveAvatar(w, r, a)
}

// serveAvatar answers the PNG with headers the server fixes whatever was
// uploaded: its type, no sniffing, no active content, and revalidation by
// ETag (private: only its owner and administrators may fetch it).
func serveAvatar(w http.ResponseWriter, r *http.Request, a *identity.Avatar) {
	hd := w.Header()
	hd.Set("ETag", a.ETag)
	hd.Set("Cache-Control", "private, no-cache")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if match := r.Header.Get("If-None-Match"); match != "" && (match == a.ETag || match == "*") {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", "image/png")
	hd.Set("Content-Disposition", `inline; filename="avatar.png"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(a.PNG)
}

func (h *handler) deleteAvatar(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Avatars.Delete(r.Context()); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
