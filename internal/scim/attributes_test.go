package scim_test

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/scim"
)

// TestProjection: RFC 7644 §3.9 on RFC 7643 §8.2's user; want is the JSON
// of the members kept (id and schemas always are).
func TestProjection(t *testing.T) {
	tests := []struct{ query, want string }{
		{"attributes=userName",
			`{"id":"2819c223-7f76-453a-919d-413861904646","schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen@example.com"}`},
		{"attributes=USERNAME,name.givenName,emails.value",
			`{"emails":[{"value":"bjensen@example.com"},{"value":"babs@jensen.org"}],"id":"2819c223-7f76-453a-919d-413861904646","name":{"givenName":"Barbara"},"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen@example.com"}`},
		{"attributes=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
			`{"id":"2819c223-7f76-453a-919d-413861904646","schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984"}}`},
		{"attributes=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,meta.version",
			`{"id":"2819c223-7f76-453a-919d-413861904646","meta":{"version":"W/\"3694e05e9dff591\""},"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Tour Operations","employeeNumber":"701984","manager":{"value":"26118915-6090-4610-87e4-49d8ca9f808d"}}}`},
		{"attributes=urn:ietf:params:scim:schemas:core:2.0:User:userName,nickName,nosuch",
			`{"id":"2819c223-7f76-453a-919d-413861904646","nickName":"Babs","schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen@example.com"}`},
		{"excludedAttributes=emails,name,meta,externalId,loginCount,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,id",
			`{"active":true,"displayName":"Babs Jensen","id":"2819c223-7f76-453a-919d-413861904646","schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen@example.com"}`},
		{"excludedAttributes=emails.type,emails.primary,name,meta,externalId,loginCount,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
			`{"active":true,"displayName":"Babs Jensen","emails":[{"value":"bjensen@example.com"},{"value":"babs@jensen.org"}],"id":"2819c223-7f76-453a-919d-413861904646","schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984"},"userName":"bjensen@example.com"}`},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			if got := jsonOf(t, scim.ParseProjection(testType, q).Apply(testType, babs())); got != tt.want {
				t.Fatalf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	t.Run("default", func(t *testing.T) {
		res := babs()
		res["password"] = "never shown"
		got := scim.Projection{}.Apply(testType, res)
		if _, ok := got["password"]; ok {
			t.Fatal("returned:never attribute shown")
		}
		if _, ok := got["nickName"]; ok {
			t.Fatal("returned:request attribute shown unasked")
		}
		if got["userName"] != "bjensen@example.com" || got["meta"] == nil || got[enterprise] == nil {
			t.Fatalf("default set: %v", got)
		}
	})
}

func TestPaging(t *testing.T) {
	tests := []struct {
		query       string
		start, want int
		code        string
	}{
		{"", 1, scim.MaxResults, ""},
		{"startIndex=0&count=-3", 1, 0, ""},
		{"startIndex=5&count=10", 5, 10, ""},
		{"count=100000", 1, scim.MaxResults, ""},
		{"startIndex=x", 0, 0, "scim.paging"},
		{"count=1.5", 0, 0, "scim.paging"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			pg, err := scim.ParsePaging(q)
			if fault.CodeOf(err) != tt.code && !(tt.code == "" && err == nil) {
				t.Fatalf("err = %v, want %q", err, tt.code)
			}
			if err == nil && (pg.StartIndex != tt.start || pg.Count != tt.want) {
				t.Fatalf("paging = %+v", pg)
			}
		})
	}
	w := scim.Window{Paging: scim.Paging{StartIndex: 3, Count: 2}}
	for i := 1; i <= 6; i++ {
		w.Offer(i)
	}
	if got := jsonOf(t, w.Response()); got != `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":6,"startIndex":3,"itemsPerPage":2,"Resources":[3,4]}` {
		t.Fatalf("window: %s", got)
	}
	empty := scim.Window{Paging: scim.Paging{StartIndex: 1, Count: 0}}
	empty.Offer(1)
	if got := jsonOf(t, empty.Response()); got != `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"startIndex":1,"itemsPerPage":0,"Resources":[]}` {
		t.Fatalf("count=0: %s", got)
	}
}

func TestETag(t *testing.T) {
	if scim.ETag(7) != `W/"7"` {
		t.Fatal(scim.ETag(7))
	}
	for _, tt := range []struct {
		header string
		ok     bool
	}{{"", true}, {"*", true}, {`W/"7"`, true}, {`"7"`, true}, {`W/"6", W/"7"`, true}, {`W/"6"`, false}, {`7`, false}, {`W/"77"`, false}} {
		r := httptest.NewRequest("PUT", "/", nil)
		if tt.header != "" {
			r.Header.Set("If-Match", tt.header)
		}
		err := scim.CheckIfMatch(r, 7)
		if (err == nil) != tt.ok || (err != nil && fault.CodeOf(err) != "scim.precondition") {
			t.Errorf("If-Match %q: %v", tt.header, err)
		}
		r.Header.Del("If-Match")
		if tt.header != "" {
			r.Header.Set("If-None-Match", tt.header)
		}
		if got := scim.NotModified(r, 7); got != (tt.ok && tt.header != "") {
			t.Errorf("If-None-Match %q: %v", tt.header, got)
		}
	}
}
