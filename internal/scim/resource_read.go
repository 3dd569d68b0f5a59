package scim

import (
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/password"
)

// readResource reads a resource body of rt: one JSON object, normalized
// (Normalize), whose schemas must name rt's core schema.
// Errors: those of decode and Normalize; Invalid (scim.schemas) for
// schemas missing or naming another resource type.
func (h *handler) readResource(r *http.Request, rt *ResourceType) (Resource, error) {
	res, _, err := h.readResourceRaw(r, rt)
	return res, err
}

// readResourceRaw is readResource, also returning the body as sent, for
// the members Normalize drops (IBM's Notification extension).
func (h *handler) readResourceRaw(r *http.Request, rt *ResourceType) (Resource, map[string]any, error) {
	var body map[string]any
	if err := h.decode(r, &body); err != nil {
		return nil, nil, err
	}
	res, err := Normalize(rt, body)
	if err != nil {
		return nil, nil, err
	}
	if err := checkSchemas(rt, res["schemas"]); err != nil {
		return nil, nil, err
	}
	return res, body, nil
}

// notifyNone reports whether a body's IBM Notification extension says
// notifyType NONE: no mail about this change.
func notifyNone(body map[string]any) bool {
	for k, v := range body {
		if !strings.EqualFold(k, notificationSchema) {
			continue
		}
		ext, _ := v.(map[string]any)
		for ek, ev := range ext {
			if s, ok := ev.(string); ok && strings.EqualFold(ek, "notifyType") && strings.EqualFold(s, "NONE") {
				return true
			}
		}
	}
	return false
}

// keepPassword reads IBM's usershouldnotneedtoresetpassword header: true
// means a password an administrator sets need not be changed at the next
// sign-in.
func keepPassword(r *http.Request) bool {
	return strings.EqualFold(strings.TrimSpace(r.Header.Get("usershouldnotneedtoresetpassword")), "true")
}

// checkSchemas requires a body's schemas to list rt's core schema, and
// nothing but it, its extensions and the IBM Notification extension.
func checkSchemas(rt *ResourceType, v any) error {
	list, _ := v.([]any)
	core := false
	for _, x := range list {
		s, _ := x.(string)
		switch {
		case strings.EqualFold(s, rt.Schema.ID):
			core = true
		case rt.extension(s) != nil, rt.ignored(s, ""), strings.EqualFold(s, notificationSchema):
		default:
			return errSchemas(rt)
		}
	}
	if !core {
		return errSchemas(rt)
	}
	return nil
}

func errSchemas(rt *ResourceType) error {
	return errValue("schemas", "a list naming "+rt.Schema.ID+" (and its extensions)")
}

func equalFoldTrim(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// setDictionaryWarning sets IBM's isv-dictionary-policy header when the
// password a request set matched a warn-mode dictionary.
func setDictionaryWarning(w http.ResponseWriter, eval password.Evaluation) {
	if hdr := eval.Header(); hdr != "" {
		w.Header().Set("isv-dictionary-policy", hdr)
	}
}
