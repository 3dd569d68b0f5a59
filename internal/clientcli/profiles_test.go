package clientcli

import (
	"os"
	"path/filepath"
	"testing"
)

// TestProfilesFile: the file is written 0600 in a 0700 directory, even over
// a looser file, and the environment overrides the profile.
func TestProfilesFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "conf")
	path := filepath.Join(dir, "config.json")
	env := map[string]string{"WATCHWORD_CLIENT_CONFIG": path}
	a := &app{io: IO{Getenv: func(k string) string { return env[k] }}}
	if err := a.updateProfile("", func(p *Profile) { p.Endpoint, p.Account, p.Token = "http://a", "acme", "tok" }); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := a.updateProfile("work", func(p *Profile) { p.Endpoint = "http://w" }); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	di, _ := os.Stat(dir)
	if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
		t.Fatalf("modes: file %v dir %v", fi.Mode(), di.Mode())
	}
	s, f, err := a.resolve()
	if err != nil || s.name != "default" || f.Current != "default" || s.Endpoint != "http://a" || s.Token != "tok" {
		t.Fatalf("resolve: %+v %+v %v", s, f, err)
	}
	env["WATCHWORD_PROFILE"], env["WATCHWORD_ENDPOINT"], env["WATCHWORD_TOKEN"] = "work", "http://env", "envtok"
	if s, _, _ = a.resolve(); s.name != "work" || s.Endpoint != "http://env" || s.Token != "envtok" {
		t.Fatalf("environment: %+v", s)
	}
	a.profile, a.endpoint = "default", "http://flag"
	if s, _, _ = a.resolve(); s.name != "default" || s.Endpoint != "http://flag" || s.Account != "acme" {
		t.Fatalf("flags: %+v", s)
	}
}
