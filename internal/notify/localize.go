package notify

import (
	"maps"
	"strconv"
	"time"
)

// frenchMonths are the month names a French reader expects in a date.
var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre"}

// localizeData returns data with its "time" value (RFC 1123, as the core
// writes it) spelled for the template's locale; other values are untouched
// and data itself is never modified.
func localizeData(data map[string]string, locale string) map[string]string {
	v, ok := data["time"]
	if !ok || locale != "fr" {
		return data
	}
	t, err := time.Parse(time.RFC1123, v)
	if err != nil {
		return data
	}
	out := maps.Clone(data)
	t = t.UTC()
	out["time"] = strconv.Itoa(t.Day()) + " " + frenchMonths[t.Month()-1] + " " + strconv.Itoa(t.Year()) +
		" à " + t.Format("15:04") + " UTC"
	return out
}
