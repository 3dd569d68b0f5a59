// Package identity is Watchword's core: accounts, users, credentials,
// sessions and the services every face calls. It declares the Store it needs
// and depends on no SQL driver, no HTTP and no face.
package identity

import (
	"crypto/rand"
	"encoding/hex"
	"math/big"
	"time"
)

// Clock returns the current time; tests inject a fixed one.
type Clock func() time.Time

// newID returns a 32-hex-character random ID, the shape Keystone uses for users.
func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// newAccountID returns a 12-digit account ID, the shape Outscale uses.
func newAccountID() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(900_000_000_000))
	return n.Add(n, big.NewInt(100_000_000_000)).String()
}
