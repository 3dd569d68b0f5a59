package console

import "strings"

// agent is what the sessions page shows of a User-Agent header: the
// browser (or client) and the operating system, as a person names them
// ("Chrome", "Linux"). Either may be empty when the header does not say.
type agent struct {
	Browser, OS string
}

// browsers is checked in order: most browsers also claim the names of
// those they derive from ("Chrome/… Safari/…", "Edg/… Chrome/…"), so the
// most specific token comes first.
var browsers = []struct{ token, name string }{
	{"Edg/", "Edge"}, {"EdgA/", "Edge"}, {"EdgiOS/", "Edge"},
	{"OPR/", "Opera"}, {"Opera/", "Opera"},
	{"SamsungBrowser/", "Samsung Internet"},
	{"Vivaldi/", "Vivaldi"},
	{"YaBrowser/", "Yandex Browser"},
	{"Firefox/", "Firefox"}, {"FxiOS/", "Firefox"},
	{"HeadlessChrome/", "Headless Chrome"},
	{"Chromium/", "Chromium"},
	{"CriOS/", "Chrome"}, {"Chrome/", "Chrome"},
	{"Version/", "Safari"}, // Safari says "Version/17.1 … Safari/605"
	{"curl/", "curl"}, {"Wget/", "Wget"},
	{"python-requests/", "Python requests"}, {"Go-http-client/", "Go HTTP client"},
	{"watchword/", "Watchword CLI"},
}

// systems is checked in order, for the same reason: Android says "Linux",
// iOS says "like Mac OS X".
var systems = []struct{ token, name string }{
	{"Windows", "Windows"}, {"Android", "Android"},
	{"iPhone", "iOS"}, {"iPad", "iPadOS"}, {"CrOS", "ChromeOS"},
	{"Macintosh", "macOS"}, {"Mac OS X", "macOS"},
	{"Ubuntu", "Ubuntu"}, {"Fedora", "Fedora"}, {"Linux", "Linux"},
	{"FreeBSD", "FreeBSD"}, {"OpenBSD", "OpenBSD"},
}

// parseAgent names the browser and system of a User-Agent header.
func parseAgent(ua string) agent {
	var a agent
	for _, b := range browsers {
		if strings.Contains(ua, b.token) {
			a.Browser = b.name
			break
		}
	}
	for _, s := range systems {
		if strings.Contains(ua, s.token) {
			a.OS = s.name
			break
		}
	}
	return a
}

// agentLabel is a session's User-Agent for people, in lang: "Chrome on
// Linux", or the header itself when it names neither.
func (h *handler) agentLabel(lang, ua string) string {
	a := parseAgent(ua)
	switch {
	case a.Browser != "" && a.OS != "":
		return h.cat.T(lang, "page.sessions.agent_on", map[string]any{"browser": a.Browser, "os": a.OS})
	case a.Browser != "":
		return a.Browser
	case a.OS != "":
		return h.cat.T(lang, "page.sessions.agent_unknown_on", map[string]any{"os": a.OS})
	case ua == "":
		return h.cat.T(lang, "page.sessions.agent_unknown", nil)
	}
	return ua
}

// methodLabel is a session's sign-in method in words ("password+totp" is
// "Password and authenticator app"); an unknown one shows as it is stored.
func (h *handler) methodLabel(lang, method string) string {
	if key := "page.sessions.method." + method; h.cat.Has(lang, key) {
		return h.cat.T(lang, key, nil)
	}
	return method
}
