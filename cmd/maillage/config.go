package main

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"

	"maillage/app/uploads"

	"maillage/app/billing"
)

// config is every setting, from the environment only (README "Configuration" lists them).
type config struct {
	Env             string        `env:"MAILLAGE_ENV" envDefault:"production"` // safe default: unset means production
	DatabaseURL     string        `env:"DATABASE_URL"`
	MigrationURL    string        `env:"MIGRATION_DATABASE_URL"`
	BackupURL       string        `env:"MAILLAGE_BACKUP_DATABASE_URL"`
	RestoreURL      string        `env:"MAILLAGE_RESTORE_DATABASE_URL"`
	Addr            string        `env:"MAILLAGE_ADDR" envDefault:":8080"`
	MetricsAddr     string        `env:"MAILLAGE_METRICS_ADDR" envDefault:"127.0.0.1:9091"`
	BaseURL         string        `env:"MAILLAGE_BASE_URL"` // default: http://localhost:<port of MAILLAGE_ADDR>
	SecretKey       string        `env:"MAILLAGE_SECRET_KEY"`
	CookieSecure    bool          `env:"MAILLAGE_COOKIE_SECURE" envDefault:"true"`
	TrustedProxies  string        `env:"MAILLAGE_TRUSTED_PROXIES"`
	LegacyTrust     string        `env:"MAILLAGE_TRUST_PROXY"` // replaced by MAILLAGE_TRUSTED_PROXIES: refused with a message
	SessionIdle     time.Duration `env:"MAILLAGE_SESSION_IDLE" envDefault:"2h"`
	SessionAbsolute time.Duration `env:"MAILLAGE_SESSION_ABSOLUTE" envDefault:"12h"`
	ShutdownGrace   time.Duration `env:"MAILLAGE_SHUTDOWN_GRACE" envDefault:"20s"`
	ShutdownDrain   time.Duration `env:"MAILLAGE_SHUTDOWN_DRAIN" envDefault:"5s"`
	DBMaxConns      int           `env:"MAILLAGE_DB_MAX_CONNS" envDefault:"20"`
	LogLevel        string        `env:"MAILLAGE_LOG_LEVEL" envDefault:"info"`
	OIDCIssuer      string        `env:"MAILLAGE_OIDC_ISSUER"`
	OIDCClientID    string        `env:"MAILLAGE_OIDC_CLIENT_ID"`
	OIDCSecret      string        `env:"MAILLAGE_OIDC_CLIENT_SECRET"`
	SecretKeys      string        `env:"MAILLAGE_SECRET_KEYS"`
	DemoIdPAddr     string        `env:"MAILLAGE_DEMO_IDP_ADDR" envDefault:"127.0.0.1:5556"`
	DemoIdPPublic   string        `env:"MAILLAGE_DEMO_IDP_PUBLIC"`
	BlobDir         string        `env:"MAILLAGE_BLOB_DIR" envDefault:".data/blobs"`
	S3Endpoint      string        `env:"MAILLAGE_S3_ENDPOINT"`
	S3Bucket        string        `env:"MAILLAGE_S3_BUCKET"`
	S3Region        string        `env:"MAILLAGE_S3_REGION" envDefault:"ca-central-1"`
	S3AccessKey     string        `env:"MAILLAGE_S3_ACCESS_KEY"`
	S3SecretKey     string        `env:"MAILLAGE_S3_SECRET_KEY"`
	S3Insecure      bool          `env:"MAILLAGE_S3_INSECURE" envDefault:"false"`
	SMTPHost        string        `env:"MAILLAGE_SMTP_HOST"`
	SMTPPort        int           `env:"MAILLAGE_SMTP_PORT" envDefault:"587"`
	SMTPUser        string        `env:"MAILLAGE_SMTP_USER"`
	SMTPPassword    string        `env:"MAILLAGE_SMTP_PASSWORD"`
	SMTPInsecure    bool          `env:"MAILLAGE_SMTP_INSECURE" envDefault:"false"`
	MailFrom        string        `env:"MAILLAGE_MAIL_FROM" envDefault:"no-reply@maillage.local"`
	OutboundAllow   string        `env:"MAILLAGE_OUTBOUND_ALLOW"`
	// SEAONoticesURL, when set, is fetched daily (through the guarded outbound client) and its calls for
	// tenders loaded; {from} and {to} become the last complete week's dates (YYYYMMDD).
	SEAONoticesURL string `env:"MAILLAGE_SEAO_NOTICES_URL"`
	// Billing (issue 11): off without the secret key; statuses follow Stripe with the webhook secret alone.
	StripeSecretKey     string `env:"MAILLAGE_STRIPE_SECRET_KEY"`
	StripeWebhookSecret string `env:"MAILLAGE_STRIPE_WEBHOOK_SECRET"`
	StripeAPIBase       string `env:"MAILLAGE_STRIPE_API_BASE"`
	BillingLegalName    string `env:"MAILLAGE_BILLING_LEGAL_NAME" envDefault:"Maillage"`
	BillingAddress      string `env:"MAILLAGE_BILLING_ADDRESS"`
	BillingGST          string `env:"MAILLAGE_BILLING_GST_NUMBER"`
	BillingQST          string `env:"MAILLAGE_BILLING_QST_NUMBER"`
	BillingRemittance   string `env:"MAILLAGE_BILLING_REMITTANCE"`
	BillingTrialDays    int    `env:"MAILLAGE_BILLING_TRIAL_DAYS" envDefault:"60"`
}

func loadConfig(lookupEnv func(string) (string, bool)) (config, error) {
	var c config
	if err := env.ParseWithOptions(&c, env.Options{FuncMap: nil, Environment: environ(lookupEnv)}); err != nil {
		return c, fmt.Errorf("configuration: %w", err)
	}
	// Set but empty turns the metrics listener off (README). caarlos0/env gives an empty value the default,
	// so that case is read here.
	if v, ok := lookupEnv("MAILLAGE_METRICS_ADDR"); ok && strings.TrimSpace(v) == "" {
		c.MetricsAddr = ""
	}
	switch c.Env {
	case "development", "test", "production":
	default:
		return c, fmt.Errorf("configuration: MAILLAGE_ENV must be development, test or production, not %q", c.Env)
	}
	if c.LegacyTrust != "" {
		return c, errors.New("configuration: MAILLAGE_TRUST_PROXY is gone (it believed any X-Forwarded-For): list the ingress's networks in MAILLAGE_TRUSTED_PROXIES (CIDRs, e.g. 10.0.0.0/8)")
	}
	if _, err := parseCIDRs("MAILLAGE_TRUSTED_PROXIES", c.TrustedProxies); err != nil {
		return c, err
	}
	if c.BaseURL == "" {
		c.BaseURL = baseURLFor(c.Addr) // moving the port (MAILLAGE_ADDR=:8081 make run) moves links and login with it
	}
	return c, nil
}

// parseCIDRs reads a comma-separated list of networks (a bare address is one host).
func parseCIDRs(name, s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if a, err := netip.ParseAddr(f); err == nil {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("configuration: %s: %q is not a network (CIDR such as 10.0.0.0/8, or an address)", name, f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// trustedProxies is MAILLAGE_TRUSTED_PROXIES, parsed (loadConfig checked it).
func (c config) trustedProxies() []netip.Prefix {
	p, _ := parseCIDRs("MAILLAGE_TRUSTED_PROXIES", c.TrustedProxies)
	return p
}

// secretKey returns the key for CSRF tokens and encryption at rest. Production (the default when
// MAILLAGE_ENV is unset) requires one; only an explicit development or test environment derives a fixed
// key so that `make run` needs no setup (and says so in the log).
func (c config) secretKey() ([]byte, bool, error) {
	if c.SecretKey != "" {
		if len(c.SecretKey) < 32 {
			return nil, false, errors.New("MAILLAGE_SECRET_KEY must be at least 32 characters")
		}
		k := sha256.Sum256([]byte(c.SecretKey))
		return k[:], false, nil
	}
	if c.Env == "production" {
		return nil, false, errors.New("MAILLAGE_SECRET_KEY is required in production")
	}
	k := sha256.Sum256([]byte("maillage-development-key-not-secret"))
	return k[:], true, nil
}

// environ turns the environment into the map caarlos0/env reads, for exactly the variables config declares
// (empty values left out: they take the default).
func environ(lookupEnv func(string) (string, bool)) map[string]string {
	m := map[string]string{}
	t := reflect.TypeOf(config{})
	for i := 0; i < t.NumField(); i++ {
		k := t.Field(i).Tag.Get("env")
		if v, _ := lookupEnv(k); k != "" && v != "" {
			m[k] = v
		}
	}
	return m
}

// billing is billing's part of the configuration.
func (c config) billing() billing.Config {
	return billing.Config{SecretKey: c.StripeSecretKey, WebhookSecret: c.StripeWebhookSecret, APIBase: c.StripeAPIBase,
		LegalName: c.BillingLegalName, Address: c.BillingAddress, GSTNumber: c.BillingGST, QSTNumber: c.BillingQST,
		Remittance: c.BillingRemittance, TrialDays: c.BillingTrialDays}
}

// s3 is the S3-compatible document store's settings (Endpoint empty: the local directory MAILLAGE_BLOB_DIR).
func (c config) s3() uploads.S3Config {
	return uploads.S3Config{Endpoint: c.S3Endpoint, Bucket: c.S3Bucket, Region: c.S3Region,
		AccessKey: c.S3AccessKey, SecretKey: c.S3SecretKey, Insecure: c.S3Insecure}
}
