package web_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"maillage/app/web"
)

// TestShutdownAnswersKeepAliveConnections: once shutdown begins, a request arriving on a keep-alive
// connection the client already had is still answered (with Connection: close, so the client does not reuse
// it), /readyz says the instance is going away, and Serve returns nil.
func TestShutdownAnswersKeepAliveConnections(t *testing.T) {
	e := newEnvWith(t, web.Config{ShutdownDrain: 1500 * time.Millisecond})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- e.Srv.Serve(ctx, ln, 10*time.Second) }()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rd := bufio.NewReader(conn)
	get := func(path string) *http.Response {
		t.Helper()
		if _, err := io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: example.test\r\n\r\n"); err != nil {
			t.Fatalf("write on the kept-alive connection: %v", err)
		}
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		res, err := http.ReadResponse(rd, nil)
		if err != nil {
			t.Fatalf("no answer on the kept-alive connection: %v", err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	if res := get("/healthz"); res.StatusCode != 200 || res.Close {
		t.Fatalf("before shutdown: %d close=%v", res.StatusCode, res.Close)
	}
	stop()
	time.Sleep(200 * time.Millisecond)
	res := get("/readyz")
	if res.StatusCode != http.StatusServiceUnavailable || !res.Close {
		t.Fatalf("during shutdown: %d close=%v, want 503 and Connection: close", res.StatusCode, res.Close)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not return")
	}
}

// TestShutdownGraceEndsWithExitZero: a request outliving the grace period is cut, and Serve still returns
// nil (the process exits 0: a planned stop, not a crash).
func TestShutdownGraceEndsWithExitZero(t *testing.T) {
	started := make(chan struct{})
	slow := web.Route{Method: "GET", Path: "/test/very-slow", Scope: web.Public, Handler: func(c *fiber.Ctx) error {
		close(started)
		time.Sleep(4 * time.Second)
		return c.SendString("late")
	}}
	e := newEnv(t, slow)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- e.Srv.Serve(ctx, ln, time.Second) }()
	go func() {
		if res, err := http.Get("http://" + ln.Addr().String() + "/test/very-slow"); err == nil {
			res.Body.Close()
		}
	}()
	<-started
	begun := time.Now()
	stop()
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve returned %v after the grace, want nil", err)
		}
		if d := time.Since(begun); d > 3*time.Second {
			t.Fatalf("Serve took %s with a 1 s grace", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
}
