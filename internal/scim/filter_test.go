package scim_test

import (
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/scim"
)

// TestFilterMatch: RFC 7644 §3.4.2.2's example filters (those testType's
// attributes allow) against RFC 7643 §8.2's user.
func TestFilterMatch(t *testing.T) {
	tests := []struct {
		filter string
		want   bool
	}{
		{`userName eq "bjensen@example.com"`, true},
		{`userName Eq "BJENSEN@example.com"`, true}, // userName caseExact false here; operators any case
		{`name.familyName co "O'Malley"`, false},
		{`name.familyName co "ens"`, true},
		{`userName sw "J"`, false},
		{`userName sw "B"`, true},
		{`urn:ietf:params:scim:schemas:core:2.0:User:userName sw "bj"`, true},
		{`displayName pr`, true},
		{`nickName pr`, true},
		{`meta.lastModified gt "2011-05-13T04:42:34Z"`, false},
		{`meta.lastModified ge "2011-05-13T04:42:34Z"`, true},
		{`meta.lastModified lt "2011-05-13T04:42:34Z"`, false},
		{`meta.lastModified le "2011-05-13T04:42:34+00:00"`, true},
		{`meta.lastModified gt "2011-05-13T05:42:34+02:00"`, true}, // instants, not strings
		{`name.familyName ew "SEN"`, true},
		{`active eq true and emails[type eq "work" and value co "@example.com"]`, true},
		{`emails[type eq "work" and value co "@example.com"] or emails[type eq "xmpp" and value co "@foo.com"]`, true},
		{`emails[type eq "home" and value co "@example.com"]`, false},
		{`emails co "jensen.org"`, true}, // a multi-valued complex attribute compares its value
		{`emails.type eq "home"`, true},
		{`emails.value ew ".net"`, false},
		{`not (emails.value ew ".org")`, false},
		{`userName eq "x" or (active eq true and loginCount gt 10)`, true},
		{`loginCount ge 12 and loginCount le 12.0`, true},
		{`loginCount lt 12`, false},
		{`active eq "True"`, true},  // Entra ID quotes booleans
		{`active ne "false"`, true}, // ... in any case
		{`externalId eq "701984"`, true},
		{`id eq "2819c223-7f76-453a-919d-413861904646"`, true},
		{`id eq "2819C223-7F76-453A-919D-413861904646"`, false}, // id is caseExact
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984"`, true},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "tour operations"`, true},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`, true},
		{`displayName ne "Babs Jensen"`, false},
		{`nickName ne "x"`, true},
		{`photo pr`, false},
		{`photo ne "x"`, true}, // absent: not equal
		{`displayName eq null`, false},
		{`photo eq null`, true},
		{`displayName eq "Babs \"B\" Jensen"`, false},
		// Entra ID's search by work email, outside RFC 7644's grammar.
		{`emails[type eq "work"].value eq "bjensen@example.com"`, true},
		{`emails[type eq "home"].value eq "bjensen@example.com"`, false},
		{`emails[type eq "work"].value ew "example.com" and userName sw "b"`, true},
		{`emails[value eq "x]"].type eq "work"`, false}, // a "]" in a string stays in it
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			f, err := scim.ParseFilter(testType, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Match(babs()); got != tt.want {
				t.Fatalf("Match = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFilterEscapes(t *testing.T) {
	res := babs()
	res["displayName"] = `Babs "B" Jensen`
	f, err := scim.ParseFilter(testType, `displayName eq "Babs \"B\" Jensen"`)
	if err != nil || !f.Match(res) {
		t.Fatalf("escaped quote: %v", err)
	}
}

func TestFilterErrors(t *testing.T) {
	for _, raw := range []string{
		`userName eq`,                           // no value
		`userName xx "a"`,                       // no such operator
		`(userName eq "a"`,                      // unbalanced
		`nosuch eq "a"`,                         // unknown attribute
		`title eq "a"`,                          // accepted on writes, never kept: nothing to filter
		`name.nosuch eq "a"`,                    // unknown sub-attribute
		`urn:x:y:z eq "a"`,                      // unknown extension
		`active gt true`,                        // booleans have no order
		`active eq "maybe"`,                     // not a boolean
		`photo gt "a"`,                          // binary has no order
		`loginCount eq "12"`,                    // a number compares with a number
		`userName eq 12`,                        // a string with a string
		`meta.created gt "yesterday"`,           // not a dateTime
		`meta.created co "2010"`,                // dateTimes have no substrings
		`name eq "x"`,                           // single-valued complex
		`emails[value eq "a"].nosuch eq "work"`, // Entra's form, on a sub-attribute that is not there
		`emails[value eq "a"].type`,             // a value path and a sub-attribute, no comparison
		`emails[type eq "work" or type eq "home"].value eq "a"`, // three comparisons in brackets: beyond the parser
		`emails[emails[value eq "a"]]`,                          // nested
		`userName[value eq "a"]`,                                // not complex
		`userName gt null`,                                      // null with eq or ne only
		string(make([]byte, scim.MaxFilterLength+1)),
	} {
		t.Run(raw, func(t *testing.T) {
			_, err := scim.ParseFilter(testType, raw)
			if fault.CodeOf(err) != "scim.filter" {
				t.Fatalf("err = %v, want scim.filter", err)
			}
		})
	}
}

func TestFilterEquality(t *testing.T) {
	f, _ := scim.ParseFilter(testType, `USERNAME eq "a\"b"`)
	if v, ok := f.Equality("userName"); !ok || v != `a"b` {
		t.Fatalf("Equality = %q %v", v, ok)
	}
	for _, raw := range []string{`userName ne "a"`, `userName eq "a" and active eq true`, `displayName eq "a"`} {
		f, _ := scim.ParseFilter(testType, raw)
		if _, ok := f.Equality("userName"); ok {
			t.Fatalf("%s: Equality on userName", raw)
		}
	}
	f, _ = scim.ParseFilter(testType, `externalId eq "e1"`)
	if v, ok := f.Equality("externalId"); !ok || v != "e1" {
		t.Fatalf("externalId Equality = %q %v", v, ok)
	}
}
