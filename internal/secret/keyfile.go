package secret

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// devKeyID names the key LoadOrCreateKeyFile generates.
const devKeyID = "k1"

const maxKeyFileSize = 64 << 10

// LoadOrCreateKeyFile reads a keyring spec from path, or, when the file does
// not exist, generates one key, writes it there with mode 0600 and returns
// it. It is the development default for a server started without a key; the
// file must then be backed up with the data, since losing it loses every
// sealed secret.
//
// Several processes may race to create the file: exactly one wins and the
// others read its key. An existing file that group or others can read is
// refused, as ssh refuses such private keys.
// Errors: Invalid (secret.keyring_invalid, secret.keyfile_mode), Internal.
func LoadOrCreateKeyFile(path string) (*Keyring, error) {
	k, err := loadKeyFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	if err := createKeyFile(path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fault.Wrap(err, "secret.keyfile_create")
	}
	return loadKeyFile(path)
}

// LoadKeyFile reads a keyring spec from path as LoadOrCreateKeyFile does,
// but never creates the file: for the commands that must use the keyring
// that is there (backup, restore), for which a new key would be wrong.
// Errors: as LoadOrCreateKeyFile's; a missing file answers
// errors.Is(err, fs.ErrNotExist).
func LoadKeyFile(path string) (*Keyring, error) { return loadKeyFile(path) }

func loadKeyFile(path string) (*Keyring, error) {
	f, err := os.Open(path)
	if err != nil {
		// Wrapped, the cause still answers errors.Is(err, fs.ErrNotExist).
		return nil, fault.Wrap(err, "secret.keyfile_read")
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fault.Wrap(err, "secret.keyfile_read")
	}
	// Windows reports made-up permission bits, so the check means nothing there.
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fault.Newf(fault.Invalid, "secret.keyfile_mode",
			"key file %s is readable by other users (mode %v); run chmod 600 on it", path, info.Mode().Perm())
	}
	// A keyring spec is a few hundred bytes; the limit only guards against
	// pointing the server at the wrong file.
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return nil, fault.Wrap(err, "secret.keyfile_read")
	}
	if len(b) > maxKeyFileSize {
		return nil, keyringInvalid("key file is too large")
	}
	return ParseKeyring(strings.TrimSpace(string(b)))
}

// createKeyFile writes the key to a temporary file and hard-links it into
// place, so no reader ever sees a half-written file and a racing creator's
// link fails with ErrExist instead of overwriting a key already in use.
func createKeyFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".watchword-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// CreateTemp already uses 0600; Chmod makes that explicit and umask-proof.
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := fmt.Fprintf(tmp, "%s:%s\n", devKeyID, GenerateKey()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Link(tmp.Name(), path)
}
