// Package secret encrypts, at rest, the few secrets Watchword must be able to
// read back: access-key secret keys (request signatures need them), TOTP
// secrets, and the codes and links of queued notifications until delivery. Everything that only needs checking is hashed elsewhere instead.
//
// A Keyring holds one current key, used for every new seal, and any number of
// older keys that still open what they sealed, so keys can be rotated without
// a flag day: add a new key in front, re-seal values for which NeedsRotation
// reports true, then drop the old key.
package secret
