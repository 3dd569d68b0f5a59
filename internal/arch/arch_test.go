// Package arch_test checks the dependency rules between Watchword's
// packages (DESIGN.md: faces depend on the core, the core on nothing but the
// interfaces it declares), so that a shortcut across them fails the build's
// tests rather than a review.
package arch_test

import (
	"go/build"
	"path"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/watchword/watchword/internal/"

// faces translate one protocol each to the core; none may lean on another
// face or reach past the core to the store.
var faces = []string{"api", "outscale", "keystone", "scim", "console"}

// core packages hold the domain; they never import a face, the store, or a
// database driver.
var core = []string{"identity", "password", "breach", "verify", "secret", "fault", "avatar"}

// imports returns the non-test imports of the package in dir.
func imports(t *testing.T, dir string) map[string]bool {
	t.Helper()
	pkg, err := build.ImportDir("../"+dir, 0)
	if err != nil {
		t.Fatalf("read %s: %v", dir, err)
	}
	out := map[string]bool{}
	for _, imp := range pkg.Imports {
		out[imp] = true
	}
	return out
}

func TestFacesStandAlone(t *testing.T) {
	for _, face := range faces {
		t.Run(face, func(t *testing.T) {
			for imp := range imports(t, face) {
				rel, ok := strings.CutPrefix(imp, module)
				if !ok {
					continue
				}
				top := strings.Split(rel, "/")[0]
				if top != face && slices.Contains(faces, top) {
					t.Errorf("%s imports the %s face: move what both need into the core or httpx", face, top)
				}
				if top == "store" {
					t.Errorf("%s imports %s: a face talks to the core, never to the store", face, imp)
				}
			}
		})
	}
}

// TestCoreNeedsNoTransport: the core says what to notify and which rows to
// write; sending mail, calling webhooks and serving HTTP are adapters'
// business, so none of the core's own packages, followed through the
// module, imports a transport.
func TestCoreNeedsNoTransport(t *testing.T) {
	transports := []string{"net/http", "net/smtp"}
	for _, pkg := range core {
		t.Run(pkg, func(t *testing.T) {
			seen := map[string]bool{}
			var walk func(dir, via string)
			walk = func(dir, via string) {
				if seen[dir] {
					return
				}
				seen[dir] = true
				for imp := range imports(t, dir) {
					if slices.Contains(transports, imp) {
						t.Errorf("%s imports %s (via %s)", dir, imp, via)
					}
					if rel, ok := strings.CutPrefix(imp, module); ok {
						walk(rel, via+" → "+rel)
					}
				}
			}
			walk(pkg, pkg)
		})
	}
}

func TestCoreImportsNoAdapter(t *testing.T) {
	drivers := []string{"database/sql", "github.com/jackc/pgx", "modernc.org/sqlite"}
	for _, pkg := range core {
		t.Run(pkg, func(t *testing.T) {
			for imp := range imports(t, pkg) {
				rel, ok := strings.CutPrefix(imp, module)
				if ok {
					top := strings.Split(rel, "/")[0]
					if slices.Contains(faces, top) || top == "store" || top == "server" || top == "cli" {
						t.Errorf("%s imports %s: the core depends on no adapter", pkg, imp)
					}
				}
				for _, d := range drivers {
					if imp == d || strings.HasPrefix(imp, d+"/") {
						t.Errorf("%s imports %s: the core declares the store it needs and imports no driver", pkg, path.Base(imp))
					}
				}
			}
		})
	}
}
