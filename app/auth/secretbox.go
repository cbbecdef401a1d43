package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"maillage/app/errs"
)

// SecretKeysEnv holds the keys that seal secrets at rest (tenant client secrets):
// "id1:base64key,id0:base64key", each key 32 bytes (AES-256). The first seals; all open, so a
// key is rotated by putting a new one first, re-sealing (Keyring.Reseal) and later dropping
// the old one.
const SecretKeysEnv = "MAILLAGE_SECRET_KEYS"

// sealedPrefix versions the sealed format: "v1:<key id>:<base64(nonce‖ciphertext‖tag)>".
const sealedPrefix = "v1"

// Keyring seals and opens secrets with AES-256-GCM.
type Keyring struct {
	current string
	aeads   map[string]cipher.AEAD
}

// KeyringFromEnv reads SecretKeysEnv through getenv.
func KeyringFromEnv(getenv func(string) string) (*Keyring, error) {
	return ParseKeyring(getenv(SecretKeysEnv))
}

// ParseKeyring parses "id:base64key,…"; the first key is the current one.
func ParseKeyring(spec string) (*Keyring, error) {
	k := &Keyring{aeads: map[string]cipher.AEAD{}}
	for i, item := range strings.Split(spec, ",") {
		id, b64, ok := strings.Cut(strings.TrimSpace(item), ":")
		if !ok || id == "" || strings.Contains(id, ":") {
			return nil, fmt.Errorf("%s: entry %d is not id:base64key", SecretKeysEnv, i+1)
		}
		key, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || len(key) != 32 {
			return nil, fmt.Errorf("%s: key %q must be 32 bytes in standard base64", SecretKeysEnv, id)
		}
		if _, dup := k.aeads[id]; dup {
			return nil, fmt.Errorf("%s: key id %q appears twice", SecretKeysEnv, id)
		}
		block, _ := aes.NewCipher(key) // 32 bytes: cannot fail
		aead, _ := cipher.NewGCM(block)
		k.aeads[id] = aead
		if i == 0 {
			k.current = id
		}
	}
	return k, nil
}

// CurrentKeyID is the id of the key that seals.
func (k *Keyring) CurrentKeyID() string { return k.current }

// Seal encrypts plaintext. aad binds the ciphertext to its place (e.g. "tenant_idp:<tenant
// id>"), so a sealed value copied to another tenant's row does not open there.
func (k *Keyring) Seal(plaintext, aad string) string {
	aead := k.aeads[k.current]
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	out := aead.Seal(nonce, nonce, []byte(plaintext), []byte(aad))
	return sealedPrefix + ":" + k.current + ":" + base64.RawStdEncoding.EncodeToString(out)
}

// Open decrypts a value made by Seal with the same aad.
func (k *Keyring) Open(sealed, aad string) (string, error) {
	id, data, err := k.parse(sealed)
	if err != nil {
		return "", errs.E(errs.Internal, KeySecretUndecrypt).Wrap(err)
	}
	aead := k.aeads[id]
	ns := aead.NonceSize()
	if len(data) < ns+aead.Overhead() {
		return "", errs.E(errs.Internal, KeySecretUndecrypt).Wrap(errors.New("sealed value too short"))
	}
	plain, err := aead.Open(nil, data[:ns], data[ns:], []byte(aad))
	if err != nil {
		return "", errs.E(errs.Internal, KeySecretUndecrypt).Wrap(errors.New("authentication failed (wrong key or aad)"))
	}
	return string(plain), nil
}

// NeedsReseal reports whether sealed was made with a key other than the current one.
func (k *Keyring) NeedsReseal(sealed string) bool {
	id, _, err := k.parse(sealed)
	return err != nil || id != k.current
}

// Reseal opens sealed and seals it again with the current key.
func (k *Keyring) Reseal(sealed, aad string) (string, error) {
	plain, err := k.Open(sealed, aad)
	if err != nil {
		return "", err
	}
	return k.Seal(plain, aad), nil
}

func (k *Keyring) parse(sealed string) (string, []byte, error) {
	parts := strings.SplitN(sealed, ":", 3)
	if len(parts) != 3 || parts[0] != sealedPrefix {
		return "", nil, errors.New("not a sealed value")
	}
	if _, ok := k.aeads[parts[1]]; !ok {
		return "", nil, fmt.Errorf("unknown key id %q", parts[1])
	}
	data, err := base64.RawStdEncoding.DecodeString(parts[2])
	if err != nil {
		return "", nil, fmt.Errorf("sealed value: %w", err)
	}
	return parts[1], data, nil
}

// DerivedKeyID names the key derived from the application secret (MAILLAGE_SECRET_KEY) when no
// SecretKeysEnv is given.
const DerivedKeyID = "k0"

// KeyringFor is the keyring the application runs with: the keys of spec (SecretKeysEnv) when
// given, else one key derived from appSecret. With spec, the derived key still opens (it is not
// used to seal) unless spec names a key "k0" itself, so moving from the derived key to explicit
// keys needs no re-entry of secrets: `maillage secrets reseal` moves them to the new key.
func KeyringFor(spec string, appSecret []byte) (*Keyring, error) {
	sum := sha256.Sum256(append([]byte("maillage-secrets-at-rest:"), appSecret...))
	derived := DerivedKeyID + ":" + base64.StdEncoding.EncodeToString(sum[:])
	if strings.TrimSpace(spec) == "" {
		return ParseKeyring(derived)
	}
	k, err := ParseKeyring(spec)
	if err != nil {
		return nil, err
	}
	if _, named := k.aeads[DerivedKeyID]; !named {
		fallback, _ := ParseKeyring(derived) // well-formed by construction
		k.aeads[DerivedKeyID] = fallback.aeads[DerivedKeyID]
	}
	return k, nil
}
