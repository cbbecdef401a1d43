package uploads

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"time"

	"maillage/app/errs"
)

// Key names a blob: "<space>/<owner uuid>/<object id>". Keys are only built by TenantKey
// and EnterpriseKey, which accept nothing but a UUID and a lowercase hex/UUID id, so a
// key cannot climb out of its owner's folder however it was obtained.
type Key struct{ s string }

// String returns the key as stored in the database.
func (k Key) String() string { return k.s }

var (
	uuidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	idRe   = regexp.MustCompile(`^[0-9a-f][0-9a-f-]{0,63}$`)
	keyRe  = regexp.MustCompile(`^([te])/([^/]+)/([^/]+)$`)
)

func newKey(space, owner, id string) (Key, error) {
	if !uuidRe.MatchString(owner) || !idRe.MatchString(id) {
		return Key{}, errs.E(errs.Invalid, "uploads.bad_key").With(map[string]any{"Owner": owner, "ID": id})
	}
	return Key{space + "/" + owner + "/" + id}, nil
}

// TenantKey is the key of a tenant's object (a buyer's upload to its register).
func TenantKey(tenantID, id string) (Key, error) { return newKey("t", tenantID, id) }

// EnterpriseKey is the key of an enterprise's object (a document of its profile, shared
// with the bodies it applies to).
func EnterpriseKey(enterpriseID, id string) (Key, error) { return newKey("e", enterpriseID, id) }

// ParseKey reads a key back from its String form, with the same checks.
func ParseKey(s string) (Key, error) {
	m := keyRe.FindStringSubmatch(s)
	if m == nil {
		return Key{}, errs.E(errs.Invalid, "uploads.bad_key").With(map[string]any{"Owner": "", "ID": s})
	}
	return newKey(m[1], m[2], m[3])
}

// Store keeps blobs. Put replaces nothing: putting an existing key is a Conflict. Open
// and Delete of a missing key return NotFound.
type Store interface {
	Put(ctx context.Context, k Key, r io.Reader) error
	Open(ctx context.Context, k Key) (io.ReadCloser, error)
	Delete(ctx context.Context, k Key) error
	// List calls fn for every blob (backups: `maillage backup` copies the store with the database).
	List(ctx context.Context, fn func(Key) error) error
}

// OpenStore opens the S3-compatible bucket when s3.Endpoint is set, else the local directory dir.
func OpenStore(dir string, s3 S3Config) (Store, error) {
	if s3.Endpoint != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		return OpenS3Store(ctx, s3)
	}
	return OpenLocalStore(dir)
}

// LocalStore keeps blobs as files under one directory (the default, and for tests).
type LocalStore struct{ root *os.Root }

// OpenLocalStore opens (creating it if needed) the directory dir as a store.
func OpenLocalStore(dir string) (*LocalStore, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("blob store %s: %w", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("blob store %s: %w", dir, err)
	}
	return &LocalStore{root: root}, nil
}

// Close releases the directory.
func (s *LocalStore) Close() error { return s.root.Close() }

// Put writes the blob to a temporary file, syncs it and renames it into place, so a
// reader never sees half a file.
func (s *LocalStore) Put(_ context.Context, k Key, r io.Reader) error {
	if k.s == "" {
		return errs.E(errs.Invalid, "uploads.bad_key")
	}
	if _, err := s.root.Stat(k.s); err == nil {
		return errs.E(errs.Conflict, "uploads.exists")
	}
	dir := k.s[:len(k.s)-len(lastElem(k.s))-1]
	if err := s.root.MkdirAll(dir, 0o750); err != nil {
		return unavailable("put", k, err)
	}
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	tmp := dir + "/.tmp-" + hex.EncodeToString(rnd[:])
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return unavailable("put", k, err)
	}
	_, err = io.Copy(f, r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = s.root.Rename(tmp, k.s)
	}
	if err != nil {
		_ = s.root.Remove(tmp)
		return unavailable("put", k, err)
	}
	return nil
}

// Open returns the blob's content; the caller closes it.
func (s *LocalStore) Open(_ context.Context, k Key) (io.ReadCloser, error) {
	f, err := s.root.Open(k.s)
	if errors.Is(err, fs.ErrNotExist) || k.s == "" {
		return nil, errs.E(errs.NotFound, "uploads.not_found")
	}
	if err != nil {
		return nil, unavailable("open", k, err)
	}
	return f, nil
}

// List calls fn for every blob, skipping files that are not blobs (a temporary file of a Put under way).
func (s *LocalStore) List(ctx context.Context, fn func(Key) error) error {
	return fs.WalkDir(s.root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return unavailable("list", Key{p}, err)
		}
		if d.IsDir() || ctx.Err() != nil {
			return ctx.Err()
		}
		k, kerr := ParseKey(p)
		if kerr != nil {
			return nil
		}
		return fn(k)
	})
}

// Delete removes the blob.
func (s *LocalStore) Delete(_ context.Context, k Key) error {
	err := s.root.Remove(k.s)
	if errors.Is(err, fs.ErrNotExist) || k.s == "" {
		return errs.E(errs.NotFound, "uploads.not_found")
	}
	if err != nil {
		return unavailable("delete", k, err)
	}
	return nil
}

func lastElem(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return s[i+1:]
		}
	}
	return s
}

// KeyUnavailable is the message of a blob store that cannot be reached or written (a full or read-only
// disk, an S3 endpoint down): a 503 of its own, distinct from a database outage.
const KeyUnavailable = "errors.blob_unavailable"

// unavailable reports a failure of the store itself (not of the caller's input).
func unavailable(op string, k Key, err error) error {
	return errs.E(errs.Unavailable, KeyUnavailable).Wrap(fmt.Errorf("%s %s: %w", op, k.s, err))
}
