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
)

// safeBuffer is stdout shared between serve's goroutine and the test.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *safeBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// A taken port names the variable that moves it; the address is printed only once the server answers.
func TestServePortsAndReadiness(t *testing.T) {
	c := newCLI(t)
	if out, msg := c.run("migrate", "up"); msg != "" {
		t.Fatalf("migrate: %s %s", out, msg)
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	taken := busy.Addr().String()
	base := func() map[string]string {
		env := map[string]string{}
		for k, v := range c.env {
			env[k] = v
		}
		env["MAILLAGE_ADDR"], env["MAILLAGE_DEMO_IDP_ADDR"], env["MAILLAGE_METRICS_ADDR"] = freeAddr(t), freeAddr(t), ""
		env["MAILLAGE_BLOB_DIR"] = t.TempDir()
		return env
	}
	cases := []struct{ variable string }{{"MAILLAGE_ADDR"}, {"MAILLAGE_DEMO_IDP_ADDR"}, {"MAILLAGE_METRICS_ADDR"}}
	for _, tc := range cases {
		t.Run("taken "+tc.variable, func(t *testing.T) {
			env := base()
			env[tc.variable] = taken
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := run(ctx, []string{"serve"}, func(k string) string { return env[k] }, &bytes.Buffer{}, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tc.variable+"=") || !strings.Contains(err.Error(), taken) {
				t.Fatalf("serve on a taken port: %v", err)
			}
		})
	}
	t.Run("the address is printed once the server answers", func(t *testing.T) {
		env := base()
		delete(env, "MAILLAGE_BASE_URL")
		ctx, cancel := context.WithCancel(context.Background())
		out := &safeBuffer{}
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, out, &bytes.Buffer{})
		}()
		_, port, _ := net.SplitHostPort(env["MAILLAGE_ADDR"])
		want := "Maillage is running at http://localhost:" + port
		deadline := time.Now().Add(60 * time.Second)
		for !strings.Contains(out.String(), want) {
			select {
			case err := <-done:
				t.Fatalf("serve stopped: %v (output %q)", err, out.String())
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("no ready message; output %q", out.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		res, err := http.Get("http://" + env["MAILLAGE_ADDR"] + "/healthz")
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("announced but not answering: %v", err)
		}
		res.Body.Close()
		if !strings.Contains(out.String(), "/login") {
			t.Errorf("no login hint in development: %q", out.String())
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	})
}
