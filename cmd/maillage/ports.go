package main

// `make run` says where Maillage is only once it answers, and when a port is taken it names the variable
// that moves it (MAILLAGE_ADDR, MAILLAGE_DEMO_IDP_ADDR, MAILLAGE_METRICS_ADDR).

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// portTaken reports whether a listen failed because the address is in use.
func portTaken(err error) bool { return errors.Is(err, syscall.EADDRINUSE) }

// takenError explains a taken port: which address, which variable changes it, and an example.
func takenError(what, variable, addr string, err error) error {
	if !portTaken(err) {
		return fmt.Errorf("%s: listen on %s: %w", what, addr, err)
	}
	return fmt.Errorf("%s: the address %s is already in use (another program, or Maillage already running). "+
		"Set %s to a free address, for example %s=%s", what, addr, variable, variable, suggest(addr))
}

// suggest proposes the next port on the same host.
func suggest(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "127.0.0.1:0"
	}
	var p int
	if _, err := fmt.Sscanf(port, "%d", &p); err != nil || p == 0 {
		return net.JoinHostPort(host, "0")
	}
	return net.JoinHostPort(host, fmt.Sprint(p+1))
}

// listen opens addr for the named service, naming the variable when the port is taken.
func listen(what, variable, addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, takenError(what, variable, addr, err)
	}
	return ln, nil
}

// waitReady polls /healthz on the listener's address until the server answers (or ctx ends).
func waitReady(ctx context.Context, ln net.Listener, timeout time.Duration) error {
	addr := ln.Addr().String()
	if host, port, err := net.SplitHostPort(addr); err == nil && (host == "::" || host == "0.0.0.0" || host == "") {
		addr = net.JoinHostPort("127.0.0.1", port)
	}
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(timeout)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/healthz", nil)
		if err != nil {
			return err
		}
		if res, err := client.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the server did not answer on %s within %s", addr, timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// baseURLFor is the public address when MAILLAGE_BASE_URL is not set: this machine, on the listen port.
func baseURLFor(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" || port == "0" {
		return "http://localhost:8080"
	}
	return "http://localhost:" + strings.TrimPrefix(port, ":")
}
