package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// canaryText is what a keyring canary seals; only its opening matters.
const canaryText = "watchword keyring canary"

// canaryBinding is a canary's associated data: a canary copied to another
// key's row does not open.
func canaryBinding(keyID string) []byte { return []byte("keyring-canary/" + keyID) }

// canaryStore is where the canaries are recorded (sqldb.DB).
type canaryStore interface {
	KeyringCanaries(ctx context.Context) (map[string]string, error)
	AddKeyringCanary(ctx context.Context, keyID, sealed string) error
}

// checkKeyring refuses a keyring that cannot read what this database was
// sealed with: a replica started with a key of its own (another data
// directory's generated secret.key, a mistyped --keyring) would otherwise
// serve, then fail every request that opens a sealed secret. The database
// records, for each key that has been current, a value sealed with it; a key
// of the keyring with a recorded ID must open its canary, and one key at
// least must be a recorded one. The current key's canary is recorded at its
// first start.
func checkKeyring(ctx context.Context, db canaryStore, k *secret.Keyring, log *slog.Logger) error {
	canaries, err := db.KeyringCanaries(ctx)
	if err != nil {
		return fmt.Errorf("keyring check: %w", err)
	}
	unknown, err := openCanaries(k, canaries, keyringAdvice)
	if err != nil {
		return err
	}
	if _, ok := canaries[k.CurrentID()]; !ok {
		// A new current key is recorded only once the keyring has proved
		// it holds a key the database knows (or the database knows none).
		sealed, err := k.Seal([]byte(canaryText), canaryBinding(k.CurrentID()))
		if err != nil {
			return fmt.Errorf("keyring check: %w", err)
		}
		if err := db.AddKeyringCanary(ctx, k.CurrentID(), sealed); err != nil {
			return fmt.Errorf("keyring check: %w", err)
		}
		// Read back: a replica racing with another key may have won.
		if canaries, err = db.KeyringCanaries(ctx); err != nil {
			return fmt.Errorf("keyring check: %w", err)
		}
		if unknown, err = openCanaries(k, canaries, keyringAdvice); err != nil {
			return err
		}
	}
	for _, id := range unknown {
		log.Warn("keyring: this database knows a key that is not in the keyring: values still sealed with it cannot be read here "+
			"(watchword keyring rotate re-seals them under the current key)", "key_id", id)
	}
	return nil
}

// keyringAdvice ends every refusal of checkKeyring.
const keyringAdvice = "every server on one database must use the same keyring (--keyring, or a copy of the first server's DATA/secret.key); " +
	"refusing to start rather than fail on every sealed secret"

// openCanaries opens each canary whose key is in k and returns the IDs of
// the others. Errors, ending with advice: a canary its key does not open, or
// canaries none of which k can open.
func openCanaries(k *secret.Keyring, canaries map[string]string, advice string) (unknown []string, err error) {
	ids := make([]string, 0, len(canaries))
	for id := range canaries {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		pt, err := k.Open(canaries[id], canaryBinding(id))
		switch {
		case err == nil && string(pt) == canaryText:
		case fault.CodeOf(err) == "secret.unknown_key":
			unknown = append(unknown, id)
		default:
			return nil, fmt.Errorf("the keyring's key %q is not the key %q this database was set up with: %s", id, id, advice)
		}
	}
	if len(ids) > 0 && len(unknown) == len(ids) {
		return nil, fmt.Errorf("none of the keyring's keys (current %q) is one this database was set up with (it knows %q): %s",
			k.CurrentID(), ids, advice)
	}
	return unknown, nil
}

// runKeyringGenerate prints a new keyring entry, ID:BASE64KEY, for --keyring.
func runKeyringGenerate(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("keyring generate", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	id := fs.String("id", "", "key ID: letters, digits, '-' or '_', at most 32 (default: k and the time, e.g. k20260102-150405)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == "" {
		*id = "k" + time.Now().UTC().Format("20060102-150405")
	}
	entry := *id + ":" + secret.GenerateKey()
	if _, err := secret.ParseKeyring(entry); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, entry)
	return nil
}

// runKeyringRotate re-seals, under the keyring's current key, every value
// the store holds sealed with another key, so that the old keys can then be
// dropped from the keyring. It is safe while servers run: each value is
// replaced only if unchanged since it was read, and servers that already
// have the new key first seal new values with it.
func runKeyringRotate(ctx context.Context, args []string, env Env) error {
	var c Config
	fs := flag.NewFlagSet("keyring rotate", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	storeFlags(fs, &c)
	fs.StringVar(&c.Keyring, "keyring", "", "encryption keys id:base64,...: the new current key first, the old ones after it; default DATA/secret.key")
	bound := append(storeBound(), "keyring")
	bindEnv(fs, bound)
	if err := configureStore(fs, args, env, bound); err != nil {
		return err
	}
	keyring, err := loadKeyring(&c)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	log := newLogger(env.Stderr, "info")
	if err := checkKeyring(ctx, db, keyring, log); err != nil {
		return err
	}
	values, err := db.SealedValues(ctx, keyring.CurrentID())
	if err != nil {
		return err
	}
	resealed, gone := 0, 0
	for _, v := range values {
		out, err := reseal(keyring, v)
		if err != nil {
			return fmt.Errorf("%s %s: %w (%d re-sealed so far; run again once the keyring holds the key)", v.Kind, v.ID, err, resealed)
		}
		ok, err := db.ReplaceSealed(ctx, v, out)
		if err != nil {
			return err
		}
		if ok {
			resealed++
		} else {
			gone++ // changed meanwhile: sealed anew, or erased
		}
	}
	fmt.Fprintf(env.Stdout, "%d sealed values re-sealed with key %q (%d changed meanwhile and were left alone); "+
		"once every server runs with this keyring, the other keys can be removed from it\n", resealed, keyring.CurrentID(), gone)
	return nil
}

// reseal opens v with its binding and seals it again with the current key.
// The bindings are those of the code that sealed each kind: the access
// key's ID (identity.AccessKeys), the user's ID (identity MFA), the outbox
// row's (notify.SealSecrets).
func reseal(k *secret.Keyring, v sqldb.SealedValue) (string, error) {
	switch v.Kind {
	case "outbox":
		m, err := notify.OpenSecrets(k, notify.Message{ID: v.ID, Sealed: v.Sealed})
		if err != nil {
			return "", err
		}
		return notify.SealSecrets(k, v.ID, m.Secret)
	case "access_key", "mfa_secret", "mfa_uri":
		pt, err := k.Open(v.Sealed, []byte(v.ID))
		if err != nil {
			return "", err
		}
		return k.Seal(pt, []byte(v.ID))
	}
	return "", fmt.Errorf("unknown kind of sealed value %q", v.Kind)
}
