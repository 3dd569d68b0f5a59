package password_test

import (
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/password"
)

var benchSubject = password.Subject{Username: "alice", AccountName: "acme", Email: "alice@example.com", Mobile: "+33612345678"}

// BenchmarkEvaluate is every rule but zxcvbn and the dictionaries; the target
// is under 20 µs.
func BenchmarkEvaluate(b *testing.B) {
	p := password.DefaultPolicy()
	p.MaxConsecutive = 3
	p.AllowedChars = password.CharsetOutscale
	for _, bc := range []struct{ name, pw string }{
		{"typical", "Tr0ub4dor&3xyz"},
		{"4096", strings.Repeat("aB3$", 1024)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				p.Evaluate(bc.pw, benchSubject)
			}
		})
	}
}

func BenchmarkEvaluateWithLocalDictionary(b *testing.B) {
	words := make([]string, 10000)
	for i := range words {
		words[i] = strings.Repeat(string(rune('a'+i%26)), 1+i%13) + string(rune('a'+i/26%26))
	}
	d := password.Dictionaries{Local: password.NewLocalDictionary(words)}
	p := password.DefaultPolicy()
	for b.Loop() {
		p.EvaluateWith("P@ssw0rd1!", benchSubject, d)
	}
}

func BenchmarkStrength(b *testing.B) {
	pw := strings.Repeat("Tr0ub4dor&3xyzq", 10)
	for b.Loop() {
		password.Strength(pw, benchSubject)
	}
}
