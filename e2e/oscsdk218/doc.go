// Package oscsdk218 holds end-to-end tests that drive Watchword with
// osc-sdk-go v2.18.1, the last release of Outscale's Go SDK with
// SendResetPasswordEmail and ResetAccountPassword (both left the SDK in
// v2.19.0). It is a module of its own so that the main module stays on
// osc-sdk-go v2.35.0; scripts/test runs it.
package oscsdk218
