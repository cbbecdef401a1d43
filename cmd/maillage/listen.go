package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"
)

// listenOn opens a listener for the address held by the environment variable name. A port another program
// already holds is the most common reason `make run` fails on a developer's machine, so that error names the
// variable to change and suggests a free port instead of Go's bare "address already in use".
func listenOn(variable, addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, portError(variable, addr, err)
	}
	return ln, nil
}

// portError explains a failed listen: for a taken port, which variable moves it and to where.
func portError(variable, addr string, err error) error {
	if !errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("cannot listen on %s (%s): %w", addr, variable, err)
	}
	return fmt.Errorf("port %s is already taken by another program (%s=%s): stop that program or set %s to a free address, e.g. %s=%s",
		portOf(addr), variable, addr, variable, variable, suggestAddr(addr))
}

// portOf is the port part of a listen address ("" when the address has none).
func portOf(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return port
}

// suggestAddr proposes the same host with a port the system has free right now (the next port up when none
// can be probed).
func suggestAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ln, err := net.Listen("tcp", net.JoinHostPort(host, "0")); err == nil {
		free := portOf(ln.Addr().String())
		_ = ln.Close()
		return net.JoinHostPort(host, free)
	}
	n, _ := strconv.Atoi(port)
	return net.JoinHostPort(host, strconv.Itoa(n+1))
}

// baseURLFor is the public URL a browser on this machine uses for a listen address: the default
// MAILLAGE_BASE_URL follows MAILLAGE_ADDR, so moving the port moves the links and the login redirect with it.
func baseURLFor(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return "http://localhost:8080"
	}
	switch host {
	case "", "0.0.0.0", "::", "[::]":
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// announceWhenReady waits for the server started on ln (served receives its result) and prints the address
// only once its /readyz answers 200 (database reachable, migrations applied): a browser pointed there gets a
// page, not "connection refused". It returns the server's own result once it stops.
func announceWhenReady(ctx context.Context, ln net.Listener, served <-chan error, out io.Writer, baseURL string, timeout time.Duration) error {
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	url := "http://" + net.JoinHostPort(host, port) + "/readyz"
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(timeout)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := client.Do(req); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				fmt.Fprintf(out, "\n  Maillage is running at %s   (log in: %s/login)\n\n", baseURL, baseURL)
				return <-served
			}
		}
		if time.Now().After(deadline) {
			fmt.Fprintf(out, "Maillage listens on %s but is not ready after %s: see %s (database down or migrations missing: maillage migrate up)\n", baseURL, timeout, url)
			return <-served
		}
		select {
		case err := <-served:
			if err == nil {
				err = errors.New("the server stopped before it was ready")
			}
			return err
		case <-ctx.Done():
			return <-served
		case <-time.After(100 * time.Millisecond):
		}
	}
}
