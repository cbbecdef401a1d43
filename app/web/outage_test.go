package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/app/accounts"
	"maillage/app/database"
	"maillage/app/services"
	"maillage/app/web"
)

// pgSwitch is a TCP relay in front of PostgreSQL that the test can turn off and on: off, it cuts every
// open connection and refuses new ones, which is what the server sees when PostgreSQL stops or restarts.
type pgSwitch struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	off    bool
	open   map[net.Conn]bool
}

func newPGSwitch(t *testing.T, target string) *pgSwitch {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &pgSwitch{ln: ln, target: target, open: map[net.Conn]bool{}}
	t.Cleanup(func() { _ = ln.Close(); p.set(true) })
	go p.accept()
	return p
}

func (p *pgSwitch) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.off {
			p.mu.Unlock()
			_ = c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			_ = c.Close()
			continue
		}
		p.open[c], p.open[up] = true, true
		p.mu.Unlock()
		go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
		go func() { _, _ = io.Copy(c, up); _ = c.Close() }()
	}
}

// set turns the database off (cutting every connection) or on.
func (p *pgSwitch) set(off bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.off = off
	if off {
		for c := range p.open {
			_ = c.Close()
		}
		p.open = map[net.Conn]bool{}
	}
}

// TestDatabaseOutage: with PostgreSQL unreachable, pages and API answer 503 with Retry-After and a clear
// message (never a 500), and once it is back the same server serves again, without a restart.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tn := e.tenant("ville-panne")
	buyer := e.member("acheteur@ville-panne.example", &tn, accounts.RoleBuyer)
	api := e.tokenClient(userID(t, e, "acheteur@ville-panne.example"))

	u, err := url.Parse(e.DB.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	sw := newPGSwitch(t, u.Host)
	u.Host = sw.ln.Addr().String()
	q := u.Query()
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()
	pool, err := database.Open(context.Background(), u.String(), database.Options{MaxOpenConns: 5})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = database.Close(pool) })
	e.Srv = newServer(t, pool, web.Config{Env: "test", BaseURL: "http://example.test", SecretKey: []byte(strings.Repeat("k", 32)), CookieSecure: true},
		services.Options{}, "", web.Deps{})

	page, apiPath := "/t/ville-panne/fournisseurs", "/api/v1/t/ville-panne/suppliers"
	for _, c := range []struct {
		name string
		cl   *client
		path string
	}{{"page", buyer, page}, {"API", api, apiPath}} {
		if r := c.cl.get(c.path); r.Status != http.StatusOK {
			t.Fatalf("%s before the outage: %d", c.name, r.Status)
		}
	}

	sw.set(true)
	cases := []struct {
		name string
		cl   *client
		path string
		want []string
	}{
		{"API as a token client", api, apiPath, []string{`"status":503`, `"code":"errors.database_unavailable"`}},
		{"page as a signed-in buyer", buyer, page, []string{"base de données injoignable"}},
		{"readiness", e.anon(), "/readyz", []string{"database unreachable"}},
	}
	for _, c := range cases {
		t.Run("down: "+c.name, func(t *testing.T) {
			for i := 0; i < 3; i++ { // the pool's connections were cut: every attempt is a clean 503
				r := c.cl.get(c.path)
				if r.Status != http.StatusServiceUnavailable {
					t.Fatalf("attempt %d: %d, want 503: %.300s", i, r.Status, r.Body)
				}
				if c.path != "/readyz" && r.Header.Get("Retry-After") == "" {
					t.Fatal("503 without Retry-After")
				}
				for _, w := range c.want {
					if !strings.Contains(r.Body, w) {
						t.Fatalf("body lacks %q: %.500s", w, r.Body)
					}
				}
			}
		})
	}
	t.Run("a liveness probe does not restart the pod for it", func(t *testing.T) {
		if r := e.anon().get("/healthz"); r.Status != http.StatusOK {
			t.Fatalf("healthz: %d", r.Status)
		}
	})

	sw.set(false)
	t.Run("back: served again by the same server", func(t *testing.T) {
		deadline := time.Now().Add(10 * time.Second)
		for _, c := range []struct {
			cl   *client
			path string
		}{{api, apiPath}, {buyer, page}} {
			for {
				r := c.cl.get(c.path)
				if r.Status == http.StatusOK {
					break
				}
				if r.Status != http.StatusServiceUnavailable || time.Now().After(deadline) {
					t.Fatalf("%s after the outage: %d %.300s", c.path, r.Status, r.Body)
				}
				time.Sleep(200 * time.Millisecond)
			}
		}
	})
}

// TestBlobStoreOutage: when the document store cannot be written, an upload is a 503 with its own message
// (not the database's, not a 500), and nothing is recorded.
func TestBlobStoreOutage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir() + "/blobs"
	e := newEnvServices(t, web.Config{}, services.Options{}, dir)
	a := e.tenant("ville-blob")
	buyer := e.member("acheteuse@ville-blob.example", &a, "buyer")
	r := buyer.sendJSON("POST", "/api/v1/t/ville-blob/suppliers", map[string]any{"neq": "1143456789", "legal_name": "Coop A", "legal_form": "other"})
	var sup struct{ ID string }
	r.json(t, &sup)
	// The store's directory disappears under the running server (a volume unmounted, a disk gone): even
	// root cannot create files in a deleted directory.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	body, ct := multipartBody(t, "attestation.pdf", []byte(minimalPDF), map[string]string{"type": "rq_attestation", "expires_on": "2099-12-31"})
	res := buyer.do("POST", "/api/v1/t/ville-blob/suppliers/"+sup.ID+"/documents", body, ct)
	if res.Status != http.StatusServiceUnavailable || !strings.Contains(res.Body, "errors.blob_unavailable") || res.Header.Get("Retry-After") == "" {
		t.Fatalf("upload with the store gone: %d %.400s", res.Status, res.Body)
	}
	var n int64
	if err := e.DB.Owner.Raw(`SELECT count(*) FROM supplier_documents`).Scan(&n).Error; err != nil || n != 0 {
		t.Fatalf("%d documents recorded (%v)", n, err)
	}
}
