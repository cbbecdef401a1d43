package uploads

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"maillage/app/errs"
)

// S3Config locates an S3-compatible bucket (AWS S3, MinIO, Ceph, a Canadian provider's object storage).
type S3Config struct {
	Endpoint  string // host[:port], no scheme
	Bucket    string
	Region    string
	AccessKey string
	SecretKey string
	Insecure  bool // plain HTTP (a local MinIO); never in production
}

// S3Store keeps blobs in an S3-compatible bucket under the same keys as LocalStore
// ("t/<tenant>/<id>", "e/<enterprise>/<id>"), with the same semantics: Put never replaces, Open and
// Delete of a missing key are NotFound.
type S3Store struct {
	c      *minio.Client
	bucket string
	limit  int64
}

// OpenS3Store connects to the bucket and checks that it exists.
func OpenS3Store(ctx context.Context, cfg S3Config) (*S3Store, error) {
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: !cfg.Insecure,
		Region: cfg.Region,
	})
	if err != nil {
		return nil, fmt.Errorf("blob store s3://%s: %w", cfg.Bucket, err)
	}
	ok, err := c.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("blob store s3://%s: %w", cfg.Bucket, err)
	}
	if !ok {
		return nil, fmt.Errorf("blob store s3://%s: no such bucket", cfg.Bucket)
	}
	return &S3Store{c: c, bucket: cfg.Bucket, limit: DefaultMaxBytes}, nil
}

func notFound(err error) bool {
	code := minio.ToErrorResponse(err).Code
	return code == "NoSuchKey" || code == "NotFound" || minio.ToErrorResponse(err).StatusCode == http.StatusNotFound
}

func (s *S3Store) exists(ctx context.Context, k Key) (bool, error) {
	_, err := s.c.StatObject(ctx, s.bucket, k.s, minio.StatObjectOptions{})
	if err == nil {
		return true, nil
	}
	if notFound(err) {
		return false, nil
	}
	return false, unavailable("stat", k, err)
}

// Put stores the blob. Uploads are small (checked before they get here), so the body is read into memory
// and sent with its length and checksum in one request: no partial object is ever visible.
func (s *S3Store) Put(ctx context.Context, k Key, r io.Reader) error {
	if k.s == "" {
		return errs.E(errs.Invalid, "uploads.bad_key")
	}
	if ok, err := s.exists(ctx, k); err != nil {
		return err
	} else if ok {
		return errs.E(errs.Conflict, "uploads.exists")
	}
	body, err := io.ReadAll(io.LimitReader(r, s.limit+1))
	if err != nil {
		return unavailable("put", k, err)
	}
	if int64(len(body)) > s.limit {
		return errs.E(errs.TooLarge, "uploads.too_large").With(map[string]any{"MaxMB": s.limit >> 20})
	}
	_, err = s.c.PutObject(ctx, s.bucket, k.s, bytes.NewReader(body), int64(len(body)),
		minio.PutObjectOptions{ContentType: "application/octet-stream", SendContentMd5: true})
	if err != nil {
		return unavailable("put", k, err)
	}
	return nil
}

// Open returns the blob's content; the caller closes it.
func (s *S3Store) Open(ctx context.Context, k Key) (io.ReadCloser, error) {
	if k.s == "" {
		return nil, errs.E(errs.NotFound, "uploads.not_found")
	}
	obj, err := s.c.GetObject(ctx, s.bucket, k.s, minio.GetObjectOptions{})
	if err != nil {
		return nil, unavailable("open", k, err)
	}
	if _, err := obj.Stat(); err != nil { // GetObject is lazy: Stat makes the request and reports a missing key
		_ = obj.Close()
		if notFound(err) {
			return nil, errs.E(errs.NotFound, "uploads.not_found")
		}
		return nil, unavailable("open", k, err)
	}
	return obj, nil
}

// List calls fn for every blob of the bucket.
func (s *S3Store) List(ctx context.Context, fn func(Key) error) error {
	for obj := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			return unavailable("list", Key{}, obj.Err)
		}
		k, err := ParseKey(obj.Key)
		if err != nil {
			continue // not ours
		}
		if err := fn(k); err != nil {
			return err
		}
	}
	return nil
}

// Delete removes the blob (S3 deletes of missing keys succeed silently, so existence is checked first to
// keep the Store contract).
func (s *S3Store) Delete(ctx context.Context, k Key) error {
	if k.s == "" {
		return errs.E(errs.NotFound, "uploads.not_found")
	}
	if ok, err := s.exists(ctx, k); err != nil {
		return err
	} else if !ok {
		return errs.E(errs.NotFound, "uploads.not_found")
	}
	if err := s.c.RemoveObject(ctx, s.bucket, k.s, minio.RemoveObjectOptions{}); err != nil {
		return unavailable("delete", k, err)
	}
	return nil
}
