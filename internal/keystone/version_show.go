package keystone

import "net/http"

type versionBody struct {
	Version versionJSON `json:"version"`
}

type versionJSON struct {
	ID         string      `json:"id"`
	Status     string      `json:"status"`
	Updated    string      `json:"updated"`
	Links      []linkJSON  `json:"links"`
	MediaTypes []mediaJSON `json:"media-types"`
}

type linkJSON struct {
	Rel  string `json:"rel"`
	Href string `json:"href"`
}

type mediaJSON struct {
	Base string `json:"base"`
	Type string `json:"type"`
}

// showVersion is GET /v3: the version document clients read to check the
// endpoint (Keystone's api-ref "Show API version").
func (h *handler) showVersion(w http.ResponseWriter, r *http.Request) {
	reply(w, http.StatusOK, versionBody{Version: versionJSON{ID: "v3.14", Status: "stable", Updated: "2020-04-07T00:00:00Z",
		Links:      []linkJSON{{Rel: "self", Href: h.baseURL(r) + "/v3/"}},
		MediaTypes: []mediaJSON{{Base: "application/json", Type: "application/vnd.openstack.identity-v3+json"}}}})
}
