package identity_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// secretDataKeys are the data keys that carry a secret: a code, a token or
// a link holding a token. The core must put them in Notification.Secret,
// which the outbox seals, never in Data, which it stores in clear.
var secretDataKeys = map[string]bool{"code": true, "link": true, "token": true, "secret": true, "password": true}

// TestNotificationSecretsAreMarked reads the core's source: no notification
// is built with a secret key in its Data, either in a literal given as a
// Notification's Data or by assigning to data["code"] and the like. A new
// notification carrying a code must mark it (Secret), or this test fails.
func TestNotificationSecretsAreMarked(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		secretKey := func(e ast.Expr) (string, bool) {
			lit, ok := e.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return "", false
			}
			k, err := strconv.Unquote(lit.Value)
			return k, err == nil && secretDataKeys[k]
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				// Data: map[string]string{"code": …}
				if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Data" {
					checked++
					if m, ok := n.Value.(*ast.CompositeLit); ok {
						for _, el := range m.Elts {
							if kv, ok := el.(*ast.KeyValueExpr); ok {
								if k, bad := secretKey(kv.Key); bad {
									t.Errorf("%s: a notification's Data holds %q in clear; put it in Secret", fset.Position(kv.Pos()), k)
								}
							}
						}
					}
				}
			case *ast.AssignStmt:
				// data["code"] = …
				for _, lhs := range n.Lhs {
					if ix, ok := lhs.(*ast.IndexExpr); ok {
						if id, ok := ix.X.(*ast.Ident); ok && strings.EqualFold(id.Name, "data") {
							if k, bad := secretKey(ix.Index); bad {
								t.Errorf("%s: %s[%q] holds a secret in a notification's data; put it in Secret", fset.Position(ix.Pos()), id.Name, k)
							}
						}
					}
				}
			}
			return true
		})
	}
	if checked < 5 {
		t.Fatalf("found only %d notification Data fields: the test no longer sees how notifications are built", checked)
	}
}
