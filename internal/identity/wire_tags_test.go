package identity_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestCoreTypesCarryNoWireNames reads the source of the core and of the
// packages whose types it hands the faces (password, fault): no struct
// field carries a json (or other encoding) tag. Each face encodes through
// its own wire structs and the store through its own records, so renaming
// a core field changes no protocol and no stored row.
func TestCoreTypesCarryNoWireNames(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	for _, dir := range []string{".", "../password", "../fault"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			checked++
			ast.Inspect(f, func(n ast.Node) bool {
				field, ok := n.(*ast.Field)
				if !ok || field.Tag == nil {
					return true
				}
				tag, _ := strconv.Unquote(field.Tag.Value)
				for _, key := range []string{"json", "xml", "yaml", "form", "schema"} {
					if _, ok := reflect.StructTag(tag).Lookup(key); ok {
						t.Errorf("%s: a core field carries a %s tag %s: give the face or the store its own struct",
							fset.Position(field.Pos()), key, field.Tag.Value)
					}
				}
				return true
			})
		}
	}
	if checked < 10 {
		t.Fatalf("read only %d files", checked)
	}
}
