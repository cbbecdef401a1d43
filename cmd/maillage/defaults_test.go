package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"maillage/app/testdb"
)

// TestUnsetEnvironmentMeansProduction: a server started without MAILLAGE_ENV is a production server. It
// refuses to run without a secret key, never starts the demo identity provider, and the demo-data commands
// refuse too; only an explicit development or test environment relaxes these.
func TestUnsetEnvironmentMeansProduction(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	base := map[string]string{"DATABASE_URL": db.AppURL, "MIGRATION_DATABASE_URL": db.OwnerURL,
		"MAILLAGE_ADDR": "127.0.0.1:0", "MAILLAGE_METRICS_ADDR": "", "MAILLAGE_DEMO_IDP_ADDR": "127.0.0.1:0"}
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
	}{
		{"serve without secret key", nil, []string{"serve"}, "MAILLAGE_SECRET_KEY is required in production"},
		{"serve with a key but no identity provider (no demo provider)", map[string]string{"MAILLAGE_SECRET_KEY": strings.Repeat("s", 40)},
			[]string{"serve"}, "MAILLAGE_OIDC_ISSUER is required in production"},
		{"seed demo", nil, []string{"seed", "demo"}, "refuses to run with MAILLAGE_ENV=production"},
		{"catalogue generate", nil, []string{"catalogue", "generate", "--size", "10"}, "refuses to run with MAILLAGE_ENV=production"},
		{"the old proxy switch that believed any header", map[string]string{"MAILLAGE_TRUST_PROXY": "true"}, []string{"serve"}, "MAILLAGE_TRUST_PROXY is gone"},
		{"a trusted proxy that is not a network", map[string]string{"MAILLAGE_TRUSTED_PROXIES": "10.0.0.0/8, ingress"}, []string{"serve"}, `"ingress" is not a network`},
		{"a misspelt environment", map[string]string{"MAILLAGE_ENV": "dev"}, []string{"serve"}, "MAILLAGE_ENV must be development, test or production"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range base {
				env[k] = v
			}
			for k, v := range tc.env {
				env[k] = v
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			err := run(ctx, tc.args, envOf(env), &bytes.Buffer{}, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("%v: error %v, want %q", tc.args, err, tc.wantErr)
			}
		})
	}
	t.Run("metrics: unset is the default address, set but empty is off", func(t *testing.T) {
		for _, c := range []struct {
			env  map[string]string
			want string
		}{
			{nil, "127.0.0.1:9091"},
			{map[string]string{"MAILLAGE_METRICS_ADDR": ""}, ""},
			{map[string]string{"MAILLAGE_METRICS_ADDR": " "}, ""},
			{map[string]string{"MAILLAGE_METRICS_ADDR": "127.0.0.1:9999"}, "127.0.0.1:9999"},
		} {
			cfg, err := loadConfig(envOf(c.env))
			if err != nil || cfg.MetricsAddr != c.want {
				t.Errorf("%v: metrics address %q (%v), want %q", c.env, cfg.MetricsAddr, err, c.want)
			}
		}
	})
	t.Run("the default is production", func(t *testing.T) {
		cfg, err := loadConfig(envOf(nil))
		if err != nil || cfg.Env != "production" {
			t.Fatalf("default environment %q, %v", cfg.Env, err)
		}
		if _, dev, err := cfg.secretKey(); err == nil || dev {
			t.Fatalf("default environment derived a key (dev=%v, err=%v)", dev, err)
		}
	})
}
