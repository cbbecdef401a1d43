package main

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"
)

// `maillage secrets reseal`: bad usage and keys are refused with a message; with nothing sealed it
// reports zero; it names the current key.
func TestSecretsReseal(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	if out, msg := c.run("migrate", "up"); msg != "" {
		t.Fatalf("migrate up: %s %s", out, msg)
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	steps := []struct {
		name    string
		keys    string
		args    []string
		wantOut string
		wantErr string
	}{
		{"usage", "", []string{"secrets"}, "", "usage: maillage secrets reseal"},
		{"unknown verb", "", []string{"secrets", "rotate"}, "", "usage: maillage secrets reseal"},
		{"malformed keys", "k1:not-base64!", []string{"secrets", "reseal"}, "", "MAILLAGE_SECRET_KEYS"},
		{"derived key", "", []string{"secrets", "reseal"}, "0 client secret(s) resealed with key k0", ""},
		{"new key first", "k1:" + base64.StdEncoding.EncodeToString(b), []string{"secrets", "reseal"}, "resealed with key k1", ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			c.env["MAILLAGE_SECRET_KEYS"] = s.keys
			out, msg := c.run(s.args...)
			if s.wantErr == "" && msg != "" {
				t.Fatalf("unexpected error: %s", msg)
			}
			if s.wantErr != "" && !strings.Contains(msg, s.wantErr) {
				t.Fatalf("error %q, want %q", msg, s.wantErr)
			}
			if !strings.Contains(out, s.wantOut) {
				t.Fatalf("output %q lacks %q", out, s.wantOut)
			}
		})
	}
}
