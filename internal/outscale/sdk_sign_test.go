package outscale

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// (Exported from a test file so that the external tests share it.)
// SignLikeSDK signs req (whose payload is body) with the AWS SDK's v4 signer in
// region eu-west-2, the signature osc-sdk-go and curl --aws-sigv4 send: the
// server's parser is tested against a signer it did not write.
func SignLikeSDK(t testing.TB, req *http.Request, body, ak, sk, service string, at time.Time) {
	t.Helper()
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: ak, SecretAccessKey: sk}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), service, "eu-west-2", at); err != nil {
		t.Fatal(err)
	}
}
