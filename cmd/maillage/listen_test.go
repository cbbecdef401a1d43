package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/app/testdb"
)

// freeAddr is a loopback address nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// TestTakenPortNamesItsVariable: when another program holds one of the three ports `make run` opens, serve
// stops with a message naming the variable that moves that port (and a free address to try), not Go's bare
// "address already in use".
func TestTakenPortNamesItsVariable(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	for _, variable := range []string{"MAILLAGE_ADDR", "MAILLAGE_METRICS_ADDR", "MAILLAGE_DEMO_IDP_ADDR"} {
		t.Run(variable, func(t *testing.T) {
			env := map[string]string{"DATABASE_URL": db.AppURL, "MAILLAGE_ENV": "test",
				"MAILLAGE_ADDR": freeAddr(t), "MAILLAGE_METRICS_ADDR": freeAddr(t), "MAILLAGE_DEMO_IDP_ADDR": freeAddr(t)}
			env[variable] = taken.Addr().String()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var out bytes.Buffer
			err := run(ctx, []string{"serve"}, envOf(env), &out, &bytes.Buffer{})
			if err == nil {
				t.Fatal("serve started although its port is taken")
			}
			msg := err.Error()
			for _, want := range []string{"port " + portOf(taken.Addr().String()) + " is already taken", variable + "=" + taken.Addr().String(), "set " + variable + " to a free address, e.g. " + variable + "=127.0.0.1:"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			if strings.Contains(out.String(), "running at") {
				t.Errorf("announced an address although the start failed: %q", out.String())
			}
		})
	}
}

// readinessProbe is the terminal: when serve prints the address, it fetches it at once, as a person
// clicking the link would, and records what the server answered at that moment.
type readinessProbe struct {
	mu      sync.Mutex
	printed strings.Builder
	status  int
	probed  bool
	url     string
}

func (p *readinessProbe) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.printed.Write(b)
	if !p.probed && strings.Contains(p.printed.String(), "running at") {
		p.probed = true
		// A short timeout: printed before the server serves, this request would wait on a listener nobody reads.
		resp, err := (&http.Client{Timeout: 3 * time.Second}).Get(p.url + "/readyz")
		if err == nil {
			p.status = resp.StatusCode
			_ = resp.Body.Close()
		}
	}
	return len(b), nil
}

// TestServeAnnouncesTheAddressOnlyWhenItAnswers: the line with the address comes once /readyz answers 200,
// and the address follows MAILLAGE_ADDR (MAILLAGE_BASE_URL unset).
func TestServeAnnouncesTheAddressOnlyWhenItAnswers(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	addr := freeAddr(t)
	env := map[string]string{"DATABASE_URL": db.AppURL, "MAILLAGE_ENV": "test", "MAILLAGE_ADDR": addr,
		"MAILLAGE_METRICS_ADDR": "", "MAILLAGE_DEMO_IDP_ADDR": "127.0.0.1:0"}
	probe := &readinessProbe{url: "http://" + addr}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, envOf(env), probe, &bytes.Buffer{})
	}()
	deadline := time.After(2 * time.Minute)
	for {
		probe.mu.Lock()
		probed, status, printed := probe.probed, probe.status, probe.printed.String()
		probe.mu.Unlock()
		if probed {
			if status != http.StatusOK {
				t.Fatalf("address announced while /readyz answered %d", status)
			}
			if want := "running at http://" + addr + "   (log in: http://" + addr + "/login)"; !strings.Contains(printed, want) {
				t.Fatalf("printed %q, want %q", printed, want)
			}
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped before announcing: %v (printed %q)", err, printed)
		case <-deadline:
			t.Fatal("serve never announced its address")
		case <-time.After(50 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve after shutdown: %v", err)
	}
}

func TestBaseURLFollowsTheListenAddress(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ addr, want string }{
		{":8080", "http://localhost:8080"},
		{":8081", "http://localhost:8081"},
		{"0.0.0.0:9000", "http://localhost:9000"},
		{"127.0.0.1:18130", "http://127.0.0.1:18130"},
		{"[::]:8082", "http://localhost:8082"},
		{"nonsense", "http://localhost:8080"},
	} {
		t.Run(c.addr, func(t *testing.T) {
			if got := baseURLFor(c.addr); got != c.want {
				t.Fatalf("baseURLFor(%q) = %q, want %q", c.addr, got, c.want)
			}
		})
	}
	t.Run("an explicit MAILLAGE_BASE_URL wins", func(t *testing.T) {
		env := map[string]string{"MAILLAGE_ADDR": ":8081", "MAILLAGE_BASE_URL": "https://maillage.example"}
		cfg, err := loadConfig(envOf(env))
		if err != nil || cfg.BaseURL != "https://maillage.example" {
			t.Fatalf("BaseURL %q, err %v", cfg.BaseURL, err)
		}
	})
}
