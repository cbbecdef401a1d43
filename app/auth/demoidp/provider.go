package demoidp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"maillage/app/errs"
)

// Config configures the demo provider.
type Config struct {
	Listen       string    // address to listen on; default "127.0.0.1:0" (a free loopback port)
	Advertise    string    // host:port written in the issuer URL; default the listener's address
	ClientID     string    // the one client it knows; default "maillage-demo"
	ClientSecret string    // default "maillage-demo-secret" (demo only; production refuses to start)
	Accounts     []Account // default Accounts()
	// Translate renders the picker's texts (lang "fr" or "en", message ID); nil shows the IDs.
	Translate func(lang, id string) string
	// Middleware wraps every endpoint, outermost first (tests use it to tamper with responses).
	Middleware []func(http.Handler) http.Handler
}

// Provider is a running demo provider.
type Provider struct {
	m        *mockoidc.MockOIDC
	cfg      Config
	mu       sync.Mutex // mockoidc's session map and user queue are not safe for concurrent requests
	accounts map[string]Account

	tamperMu   sync.Mutex
	tamper     func(jwt.MapClaims)
	tamperSign func(jwt.MapClaims) (string, error)
}

// Start runs the provider until Shutdown. getenv is read for MAILLAGE_ENV: it starts only in an
// explicit development or test environment (unset means production), so a demo login can never exist there.
func Start(getenv func(string) string, cfg Config) (*Provider, error) {
	if e := getenv("MAILLAGE_ENV"); e != "development" && e != "test" {
		return nil, errs.E(errs.Forbidden, "auth.error.demo_in_production")
	}
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	if cfg.ClientID == "" {
		cfg.ClientID = "maillage-demo"
	}
	if cfg.ClientSecret == "" {
		cfg.ClientSecret = "maillage-demo-secret"
	}
	if cfg.Accounts == nil {
		cfg.Accounts = Accounts()
	}
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		return nil, fmt.Errorf("demo provider: %w", err)
	}
	m.ClientID, m.ClientSecret = cfg.ClientID, cfg.ClientSecret
	m.CodeChallengeMethodsSupported = []string{"S256"} // no "plain": PKCE must be S256
	p := &Provider{m: m, cfg: cfg, accounts: map[string]Account{}}
	for _, a := range cfg.Accounts {
		if a.Key == "" || a.Subject == "" {
			return nil, errors.New("demo provider: an account needs a key and a subject")
		}
		p.accounts[a.Key] = a
	}
	for _, mw := range append([]func(http.Handler) http.Handler{p.serialize, p.tamperTokens, p.picker}, cfg.Middleware...) {
		if err := m.AddMiddleware(mw); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("demo provider: listen %s: %w", cfg.Listen, err)
	}
	if cfg.Advertise != "" {
		ln = advertised{Listener: ln, addr: cfg.Advertise}
	}
	if err := m.Start(ln, nil); err != nil {
		ln.Close()
		return nil, fmt.Errorf("demo provider: %w", err)
	}
	return p, nil
}

// Issuer is the provider's issuer URL (http://HOST:PORT/oidc).
func (p *Provider) Issuer() string { return p.m.Issuer() }

// ClientID is the client the provider accepts.
func (p *Provider) ClientID() string { return p.cfg.ClientID }

// ClientSecret is that client's secret.
func (p *Provider) ClientSecret() string { return p.cfg.ClientSecret }

// Accounts lists the accounts it can log in.
func (p *Provider) Accounts() []Account { return append([]Account(nil), p.cfg.Accounts...) }

// Shutdown stops the provider.
func (p *Provider) Shutdown(ctx context.Context) error { return p.m.Server.Shutdown(ctx) }

// FastForward moves the provider's clock (negative: tokens come out already expired).
func (p *Provider) FastForward(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m.FastForward(d)
}

// Sign signs claims with the provider's own key: tests use it to forge tokens the provider
// "issued" to another client or with another issuer, to show they are refused.
func (p *Provider) Sign(claims jwt.MapClaims) (string, error) { return p.m.Keypair.SignJWT(claims) }

// serialize runs one request at a time through mockoidc (see Provider.mu).
func (p *Provider) serialize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// advertised reports another address than the one it listens on.
type advertised struct {
	net.Listener
	addr string
}

func (a advertised) Addr() net.Addr { return advertisedAddr(a.addr) }

type advertisedAddr string

func (a advertisedAddr) Network() string { return "tcp" }
func (a advertisedAddr) String() string  { return string(a) }
