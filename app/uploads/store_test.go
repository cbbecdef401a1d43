package uploads

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"maillage/app/errs"
)

const (
	tenantA = "0b7e1a52-2f6c-4d1e-9a57-8c2f3b1d4e5f"
	tenantB = "1c8f2b63-3a7d-4e2f-8b68-9d3a4c2e5f60"
	docID   = "5e0c9a8b-7d6f-4a3b-9c2d-1e0f8a7b6c5d"
)

// keyOf panics on a key the test itself got wrong.
func keyOf(k Key, err error) Key {
	if err != nil {
		panic(err)
	}
	return k
}

func read(t *testing.T, s Store, k Key) (string, error) {
	t.Helper()
	rc, err := s.Open(context.Background(), k)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return string(b), err
}

// storeContract checks what every Store must do (LocalStore and S3Store alike): blobs are per owner, Put
// never overwrites, Open and Delete of a missing key are NotFound, a zero key is refused.
func storeContract(t *testing.T, s Store) {
	ctx := context.Background()
	ka := keyOf(TenantKey(tenantA, docID))
	kb := keyOf(TenantKey(tenantB, docID))
	ke := keyOf(EnterpriseKey(tenantA, docID))

	t.Run("put and open", func(t *testing.T) {
		if err := s.Put(ctx, ka, strings.NewReader("document A")); err != nil {
			t.Fatal(err)
		}
		if got, err := read(t, s, ka); err != nil || got != "document A" {
			t.Fatalf("read = %q, %v", got, err)
		}
	})
	t.Run("same id in another tenant or an enterprise is another blob", func(t *testing.T) {
		for _, k := range []Key{kb, ke} {
			if _, err := read(t, s, k); !errs.Is(err, errs.NotFound) {
				t.Fatalf("%s: err = %v, want not found", k, err)
			}
		}
		if err := s.Put(ctx, kb, strings.NewReader("document B")); err != nil {
			t.Fatal(err)
		}
		if got, _ := read(t, s, ka); got != "document A" {
			t.Errorf("tenant A's blob now reads %q", got)
		}
	})
	t.Run("put never overwrites", func(t *testing.T) {
		if err := s.Put(ctx, ka, strings.NewReader("replaced")); !errs.Is(err, errs.Conflict) {
			t.Fatalf("err = %v, want conflict", err)
		}
		if got, _ := read(t, s, ka); got != "document A" {
			t.Errorf("blob now reads %q", got)
		}
	})
	t.Run("delete", func(t *testing.T) {
		if err := s.Delete(ctx, kb); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, kb); !errs.Is(err, errs.NotFound) {
			t.Fatalf("second delete err = %v, want not found", err)
		}
		if got, _ := read(t, s, ka); got != "document A" {
			t.Errorf("deleting B touched A: %q", got)
		}
	})
	t.Run("list", func(t *testing.T) {
		if err := s.Put(ctx, ke, strings.NewReader("enterprise doc")); err != nil {
			t.Fatal(err)
		}
		var got []string
		if err := s.List(ctx, func(k Key) error { got = append(got, k.String()); return nil }); err != nil {
			t.Fatal(err)
		}
		sort.Strings(got)
		if want := []string{ke.String(), ka.String()}; strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("list = %v, want %v", got, want)
		}
	})
	t.Run("zero key", func(t *testing.T) {
		if err := s.Put(ctx, Key{}, strings.NewReader("x")); !errs.Is(err, errs.Invalid) {
			t.Errorf("put err = %v", err)
		}
		if _, err := s.Open(ctx, Key{}); !errs.Is(err, errs.NotFound) {
			t.Errorf("open err = %v", err)
		}
	})
}

func TestLocalStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := OpenLocalStore(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storeContract(t, s)
	t.Run("no temporary file left behind", func(t *testing.T) {
		entries, err := os.ReadDir(filepath.Join(dir, "blobs", "t", tenantA))
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Name() != docID {
			t.Errorf("folder holds %v", entries)
		}
	})
	t.Run("a symlink planted in the store cannot lead outside it", func(t *testing.T) {
		outside := filepath.Join(dir, "outside")
		if err := os.MkdirAll(outside, 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(outside, docID), []byte("secret"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, "blobs", "e"), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, filepath.Join(dir, "blobs", "e", tenantB)); err != nil {
			t.Fatal(err)
		}
		k := keyOf(EnterpriseKey(tenantB, docID))
		if got, err := read(t, s, k); err == nil {
			t.Fatalf("read through the symlink: %q", got)
		}
		if err := s.Put(ctx, keyOf(EnterpriseKey(tenantB, "ab")), strings.NewReader("x")); err == nil {
			t.Fatal("wrote through the symlink")
		}
	})
}

func TestKeys(t *testing.T) {
	tests := []struct {
		name      string
		owner, id string
		ok        bool
	}{
		{"uuid and uuid", tenantA, docID, true},
		{"uuid and sha-256", tenantA, strings.Repeat("ab", 32), true},
		{"parent in id", tenantA, "../" + docID, false},
		{"slash in id", tenantA, "a/b", false},
		{"dot id", tenantA, ".", false},
		{"empty id", tenantA, "", false},
		{"upper case", strings.ToUpper(tenantA), docID, false},
		{"owner not a uuid", "../../etc", docID, false},
		{"owner with slash", tenantA + "/x", docID, false},
		{"id too long", tenantA, strings.Repeat("a", 65), false},
		{"NUL", tenantA, "ab\x00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := TenantKey(tt.owner, tt.id)
			if (err == nil) != tt.ok {
				t.Fatalf("TenantKey(%q, %q) = %v, %v", tt.owner, tt.id, k, err)
			}
			if !tt.ok {
				return
			}
			back, err := ParseKey(k.String())
			if err != nil || back != k {
				t.Errorf("ParseKey(%q) = %v, %v", k, back, err)
			}
		})
	}
	for _, s := range []string{"", "t/" + tenantA, "x/" + tenantA + "/" + docID, "t/" + tenantA + "/../" + docID, "/t/" + tenantA + "/" + docID} {
		if _, err := ParseKey(s); err == nil {
			t.Errorf("ParseKey(%q) accepted", s)
		}
	}
}
