package clientcli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// profilesFile is the client's configuration: named profiles, like
// osc-cli's ~/.osc/config.json and the OpenStack client's clouds.yaml.
// It may hold tokens and secret keys, so it is written 0600 in a 0700
// directory.
type profilesFile struct {
	Current  string              `json:"current,omitempty"`
	Profiles map[string]*Profile `json:"profiles"`
}

// Profile is one named server and identity.
type Profile struct {
	Endpoint       string     `json:"endpoint,omitempty"`
	Account        string     `json:"account,omitempty"`
	User           string     `json:"user,omitempty"`
	Email          string     `json:"email,omitempty"`
	Token          string     `json:"token,omitempty"`
	TokenExpiresAt *time.Time `json:"token_expires_at,omitempty"`
	AccessKey      string     `json:"access_key,omitempty"`
	SecretKey      string     `json:"secret_key,omitempty"`
}

// defaultProfile is the profile used when nothing names one.
const defaultProfile = "default"

// configPath is WATCHWORD_CLIENT_CONFIG, else
// $XDG_CONFIG_HOME/watchword/config.json (os.UserConfigDir elsewhere).
func (a *app) configPath() (string, error) {
	if p := a.io.Getenv("WATCHWORD_CLIENT_CONFIG"); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no configuration directory for profiles (%v): set WATCHWORD_CLIENT_CONFIG", err)
	}
	return filepath.Join(dir, "watchword", "config.json"), nil
}

// loadProfiles reads the profiles file; a missing file is an empty one.
func (a *app) loadProfiles() (*profilesFile, error) {
	path, err := a.configPath()
	if err != nil {
		return nil, err
	}
	f := &profilesFile{Profiles: map[string]*Profile{}}
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, f); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if f.Profiles == nil {
		f.Profiles = map[string]*Profile{}
	}
	return f, nil
}

// save writes the file atomically with mode 0600, its directory 0700.
func (a *app) saveProfiles(f *profilesFile) error {
	path, err := a.configPath()
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".config-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file 0600 already; Chmod says so whatever the umask.
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(append(raw, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// profileName is --profile, else WATCHWORD_PROFILE, else the file's current
// profile, else "default".
func (a *app) profileName(f *profilesFile) string {
	switch {
	case a.profile != "":
		return a.profile
	case a.io.Getenv("WATCHWORD_PROFILE") != "":
		return a.io.Getenv("WATCHWORD_PROFILE")
	case f != nil && f.Current != "":
		return f.Current
	}
	return defaultProfile
}

// settings is the profile in effect, with flags and environment applied.
type settings struct {
	name string
	Profile
}

// resolve loads the profile in effect and lays the environment and
// --endpoint over it.
func (a *app) resolve() (*settings, *profilesFile, error) {
	f, err := a.loadProfiles()
	if err != nil {
		return nil, nil, err
	}
	s := &settings{name: a.profileName(f)}
	if p := f.Profiles[s.name]; p != nil {
		s.Profile = *p
	}
	for _, o := range []struct {
		env string
		dst *string
	}{
		{"WATCHWORD_ENDPOINT", &s.Endpoint}, {"WATCHWORD_ACCOUNT", &s.Account}, {"WATCHWORD_USER", &s.User},
		{"WATCHWORD_EMAIL", &s.Email}, {"WATCHWORD_TOKEN", &s.Token},
		{"WATCHWORD_ACCESS_KEY", &s.AccessKey}, {"WATCHWORD_SECRET_KEY", &s.SecretKey},
	} {
		if v := a.io.Getenv(o.env); v != "" {
			*o.dst = v
			if o.env == "WATCHWORD_TOKEN" {
				s.TokenExpiresAt = nil // the stored expiry is not this token's
			}
		}
	}
	if a.endpoint != "" {
		s.Endpoint = a.endpoint
	}
	return s, f, nil
}

// updateProfile loads the file, lets fn change the profile in effect
// (created if missing), and saves.
func (a *app) updateProfile(name string, fn func(p *Profile)) error {
	f, err := a.loadProfiles()
	if err != nil {
		return err
	}
	if name == "" {
		name = a.profileName(f)
	}
	p := f.Profiles[name]
	if p == nil {
		p = &Profile{}
		f.Profiles[name] = p
	}
	fn(p)
	if f.Current == "" {
		f.Current = name
	}
	return a.saveProfiles(f)
}
