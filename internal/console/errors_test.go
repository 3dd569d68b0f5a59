package console_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/i18n"
)

// faultCodes reads the packages the console shows errors from and returns
// every code they give a fault of a kind people see (not Internal).
func faultCodes(t *testing.T, dirs ...string) map[string]string {
	t.Helper()
	codes := map[string]string{}
	add := func(kind ast.Expr, code ast.Expr, pos token.Position) {
		sel, ok := kind.(*ast.SelectorExpr)
		lit, ok2 := code.(*ast.BasicLit)
		if !ok || !ok2 || lit.Kind != token.STRING || sel.Sel.Name == "Internal" {
			return
		}
		if c, err := strconv.Unquote(lit.Value); err == nil {
			codes[c] = pos.String()
		}
	}
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(fset, name, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					if sel, ok := n.Fun.(*ast.SelectorExpr); ok && len(n.Args) >= 2 {
						if x, ok := sel.X.(*ast.Ident); ok && x.Name == "fault" && (sel.Sel.Name == "New" || sel.Sel.Name == "Newf") {
							add(n.Args[0], n.Args[1], fset.Position(n.Pos()))
						}
					}
				case *ast.CompositeLit:
					if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" {
						var kind, code ast.Expr
						for _, e := range n.Elts {
							if kv, ok := e.(*ast.KeyValueExpr); ok {
								switch kv.Key.(*ast.Ident).Name {
								case "Kind":
									kind = kv.Value
								case "Code":
									code = kv.Value
								}
							}
						}
						if kind != nil && code != nil {
							add(kind, code, fset.Position(n.Pos()))
						}
					}
				}
				return true
			})
		}
	}
	return codes
}

// TestEveryFaultCodeIsTranslated: every code the core and the console can
// show a person has an error.<code> message in every locale.
func TestEveryFaultCodeIsTranslated(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	codes := faultCodes(t, ".", "../identity", "../verify", "../password", "../secret")
	if len(codes) < 40 {
		t.Fatalf("found only %d codes: is the source scan broken?", len(codes))
	}
	for code, where := range codes {
		for _, lang := range cat.Locales() {
			if key := "error." + code; cat.T(lang, key, nil) == key || !has(cat.Keys(lang), key) {
				t.Errorf("%s: no %s message for %s (%s)", lang, key, code, where)
			}
		}
	}
	for _, kind := range []string{"invalid", "unauthenticated", "forbidden", "not_found", "conflict", "policy",
		"rate_limited", "unavailable", "too_large", "internal"} {
		for _, lang := range cat.Locales() {
			if !has(cat.Keys(lang), "error.kind."+kind) {
				t.Errorf("%s: no error.kind.%s", lang, kind)
			}
		}
	}
}

func has(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
