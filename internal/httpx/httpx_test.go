package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		kind fault.Kind
		want int
	}{
		{fault.Invalid, 400}, {fault.Unauthenticated, 401}, {fault.Forbidden, 403}, {fault.NotFound, 404},
		{fault.Conflict, 409}, {fault.Policy, 400}, {fault.RateLimited, 429}, {fault.Unavailable, 503},
		{fault.TooLarge, 413}, {fault.Internal, 500}, {fault.Kind("other"), 500},
	}
	for _, tt := range tests {
		if got := httpx.Status(tt.kind); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.kind, got, tt.want)
		}
	}
}

func TestBearer(t *testing.T) {
	tests := []struct {
		header, want string
		ok           bool
	}{
		{"Bearer abc", "abc", true},
		{"bearer  abc ", "abc", true},
		{"Basic abc", "", false},
		{"Bearer ", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Authorization", tt.header)
		if got, ok := httpx.Bearer(r); got != tt.want || ok != tt.ok {
			t.Errorf("%q: %q %v", tt.header, got, ok)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	h := http.Header{}
	httpx.SetRetryAfter(h, 200*time.Millisecond)
	if h.Get("Retry-After") != "1" {
		t.Fatalf("got %q", h.Get("Retry-After"))
	}
	h = http.Header{}
	httpx.SetRetryAfter(h, 0)
	if h.Get("Retry-After") != "" {
		t.Fatal("set for zero")
	}
}

func TestWriteJSON(t *testing.T) {
	w := httptest.NewRecorder()
	httpx.WriteJSON(w, http.StatusCreated, "", map[string]int{"a": 1})
	if w.Code != http.StatusCreated || w.Header().Get("Content-Type") != "application/json" || w.Body.String() != "{\"a\":1}\n" {
		t.Fatalf("got %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	w = httptest.NewRecorder()
	httpx.WriteJSONBare(w, http.StatusBadRequest, "application/x-amz-json-1.1", map[string]int{"a": 1})
	if w.Code != http.StatusBadRequest || w.Header().Get("Content-Type") != "application/x-amz-json-1.1" || w.Body.String() != `{"a":1}` {
		t.Fatalf("bare: got %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	w = httptest.NewRecorder()
	httpx.WriteJSON(w, http.StatusOK, "application/scim+json", func() {})
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("an unencodable value answered %d", w.Code)
	}
}
