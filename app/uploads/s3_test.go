package uploads

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"maillage/app/errs"
)

// S3 is the outside world: the store runs against gofakes3, an S3 API implementation served in-process,
// through the real minio-go client and HTTP signing.
func newFakeS3(t *testing.T, bucket string) S3Config {
	t.Helper()
	backend := s3mem.New()
	if bucket != "" {
		if err := backend.CreateBucket(bucket); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	return S3Config{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: "maillage-docs", Region: "ca-central-1",
		AccessKey: "test", SecretKey: "test-secret", Insecure: true}
}

func TestS3Store(t *testing.T) {
	ctx := context.Background()
	s, err := OpenS3Store(ctx, newFakeS3(t, "maillage-docs"))
	if err != nil {
		t.Fatal(err)
	}
	storeContract(t, s)
	t.Run("an upload over the limit is refused and nothing is stored", func(t *testing.T) {
		k := keyOf(TenantKey(tenantA, "ff"))
		err := s.Put(ctx, k, bytes.NewReader(make([]byte, DefaultMaxBytes+1)))
		if !errs.Is(err, errs.TooLarge) {
			t.Fatalf("err = %v, want too large", err)
		}
		if _, err := read(t, s, k); !errs.Is(err, errs.NotFound) {
			t.Fatalf("a refused upload was stored: %v", err)
		}
	})
}

func TestS3StoreMissingBucket(t *testing.T) {
	if _, err := OpenS3Store(context.Background(), newFakeS3(t, "")); err == nil || !strings.Contains(err.Error(), "no such bucket") {
		t.Fatalf("err = %v, want no such bucket", err)
	}
}
