package console

import (
	"net/http"
)

// showCaptchaImage serves a CAPTCHA's picture.
func (h *handler) showCaptchaImage(w http.ResponseWriter, r *http.Request) {
	png, err := h.svc.Recovery.CaptchaImage(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(png)
}

// showCaptchaAudio serves a CAPTCHA as spoken digits, for people who cannot
// read the picture, in the page's language where a voice exists.
func (h *handler) showCaptchaAudio(w http.ResponseWriter, r *http.Request) {
	wav, err := h.svc.Recovery.CaptchaAudio(r.Context(), r.PathValue("id"), h.lang(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "audio/wav")
	_, _ = w.Write(wav)
}
