package auth_test

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"

	"maillage/app/auth"
	"maillage/app/errs"
)

func newKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

func TestKeyringSealOpen(t *testing.T) {
	t.Parallel()
	k1, k2 := newKey(t), newKey(t)
	old, err := auth.ParseKeyring("k1:" + k1)
	if err != nil {
		t.Fatal(err)
	}
	rotated, err := auth.ParseKeyring("k2:" + k2 + ",k1:" + k1)
	if err != nil {
		t.Fatal(err)
	}
	other, err := auth.ParseKeyring("k1:" + newKey(t))
	if err != nil {
		t.Fatal(err)
	}
	const aad = "tenant_idp:tenant-a"
	sealed := old.Seal("s3cr3t-client", aad)

	t.Run("sealed value hides the secret and names its key", func(t *testing.T) {
		if strings.Contains(sealed, "s3cr3t") || !strings.HasPrefix(sealed, "v1:k1:") {
			t.Fatalf("sealed = %q", sealed)
		}
		if old.Seal("s3cr3t-client", aad) == sealed {
			t.Fatal("two seals of the same secret are equal: nonce reused")
		}
	})
	opens := []struct {
		name   string
		ring   *auth.Keyring
		sealed string
		aad    string
		want   string
	}{
		{"same key", old, sealed, aad, "s3cr3t-client"},
		{"after rotation, old key still opens", rotated, sealed, aad, "s3cr3t-client"},
		{"another tenant's row (aad)", old, sealed, "tenant_idp:tenant-b", ""},
		{"another key with the same id", other, sealed, aad, ""},
		{"unknown key id", rotated, strings.Replace(sealed, "v1:k1:", "v1:k9:", 1), aad, ""},
		{"tampered ciphertext", old, flipChar(sealed, len(sealed)-10), aad, ""},
		{"not sealed at all", old, "plain-text", aad, ""},
		{"truncated", old, "v1:k1:AAAA", aad, ""},
	}
	for _, tc := range opens {
		t.Run("open: "+tc.name, func(t *testing.T) {
			got, err := tc.ring.Open(tc.sealed, tc.aad)
			if tc.want != "" {
				if err != nil || got != tc.want {
					t.Fatalf("Open = %q, %v", got, err)
				}
				return
			}
			if e := errs.As(err); e == nil || e.Key != auth.KeySecretUndecrypt || got != "" {
				t.Fatalf("Open = %q, %v; want refusal", got, err)
			}
		})
	}
	t.Run("reseal moves to the current key", func(t *testing.T) {
		if !rotated.NeedsReseal(sealed) {
			t.Fatal("old value should need resealing")
		}
		again, err := rotated.Reseal(sealed, aad)
		if err != nil || !strings.HasPrefix(again, "v1:k2:") || rotated.NeedsReseal(again) {
			t.Fatalf("Reseal = %q, %v", again, err)
		}
		if got, err := rotated.Open(again, aad); err != nil || got != "s3cr3t-client" {
			t.Fatalf("Open resealed = %q, %v", got, err)
		}
	})
}

func TestParseKeyringRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, spec string }{
		{"empty", ""},
		{"no id", ":" + newKey(t)},
		{"no colon", newKey(t)},
		{"short key", "k1:" + base64.StdEncoding.EncodeToString([]byte("short"))},
		{"not base64", "k1:!!!"},
		{"duplicate id", "k1:" + newKey(t) + ",k1:" + newKey(t)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := auth.ParseKeyring(tc.spec); err == nil {
				t.Fatalf("ParseKeyring(%q) accepted", tc.spec)
			}
		})
	}
	t.Run("from environment", func(t *testing.T) {
		k, err := auth.KeyringFromEnv(func(name string) string {
			if name == auth.SecretKeysEnv {
				return "prod-2026:" + newKey(t)
			}
			return ""
		})
		if err != nil || k.CurrentKeyID() != "prod-2026" {
			t.Fatalf("KeyringFromEnv = %v, %v", k, err)
		}
	})
}

// flipChar changes one base64 character of s, so one ciphertext byte changes.
func flipChar(s string, i int) string {
	c := byte('A')
	if s[i] == 'A' {
		c = 'B'
	}
	return s[:i] + string(c) + s[i+1:]
}
