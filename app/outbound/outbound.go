// Package outbound is the one HTTP client for requests Maillage makes to an address someone configured
// (a tenant's identity provider and its discovery document, a scheduled SEAO download): a tenant admin must
// not be able to make the server reach its own loopback, the cloud's metadata service or the private
// network behind it. The address is checked when the connection is dialled, after name resolution, on the
// exact IP connected to, so DNS tricks (a name resolving to 127.0.0.1, rebinding between check and use) and
// redirects are covered too. Every request is also bounded: https only in production, timeouts, a maximum
// response size and a few redirects.
package outbound

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// Errors a request can fail with (wrapped in *url.Error by http.Client; use errors.Is).
var (
	ErrAddress = errors.New("outbound: address not allowed (loopback, private, link-local or reserved)")
	ErrScheme  = errors.New("outbound: only https is allowed")
	ErrTooBig  = errors.New("outbound: response larger than allowed")
)

// Options bound a client. The zero value is the production policy with the defaults.
type Options struct {
	// AllowInsecure allows http:// and loopback and private addresses: development and test only (the
	// demo identity provider listens on 127.0.0.1). Link-local and reserved addresses stay refused.
	AllowInsecure bool
	// Allow lists networks reachable even though private (an operator's internal identity provider),
	// from MAILLAGE_OUTBOUND_ALLOW.
	Allow []netip.Prefix
	// Timeout bounds a whole request, body included (default 10 s).
	Timeout time.Duration
	// MaxBytes bounds a response body (default 1 MiB).
	MaxBytes int64
	// MaxRedirects bounds redirects followed (default 3).
	MaxRedirects int
}

// New returns a client applying o. It ignores the HTTP_PROXY environment: a proxy would make the dial-time
// check see the proxy's address instead of the target's.
func New(o Options) *http.Client {
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = 1 << 20
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = 3
	}
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", ErrAddress, address)
			}
			return o.Check(ap.Addr())
		}}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: o.Timeout,
		MaxIdleConns:          20,
		IdleConnTimeout:       60 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Timeout:   o.Timeout,
		Transport: guard{next: tr, o: o},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > o.MaxRedirects {
				return fmt.Errorf("outbound: more than %d redirects", o.MaxRedirects)
			}
			return nil
		},
	}
}

// Check returns nil when a connection to ip is allowed by o, else an error wrapping ErrAddress.
func (o Options) Check(ip netip.Addr) error {
	ip = ip.Unmap()
	for _, p := range o.Allow {
		if p.Contains(ip) {
			return nil
		}
	}
	switch {
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(), ip.IsUnspecified(), ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
	case ip.IsLoopback(), ip.IsPrivate(), reserved(ip):
		if o.AllowInsecure {
			return nil
		}
	default:
		return nil
	}
	return fmt.Errorf("%w: %s", ErrAddress, ip)
}

// reservedNets are special-purpose ranges netip does not classify (RFC 6890 and successors).
var reservedNets = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"), netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.18.0.0/15"), netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"), netip.MustParsePrefix("240.0.0.0/4"), netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"), netip.MustParsePrefix("100::/64"), netip.MustParsePrefix("2001:db8::/32"),
	netip.MustParsePrefix("2002::/16"),
}

func reserved(ip netip.Addr) bool {
	for _, p := range reservedNets {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// ParseAllow reads MAILLAGE_OUTBOUND_ALLOW: comma-separated CIDRs.
func ParseAllow(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("MAILLAGE_OUTBOUND_ALLOW: %q is not a CIDR (e.g. 10.20.0.0/16)", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// guard refuses plain http in production and caps the response body.
type guard struct {
	next http.RoundTripper
	o    Options
}

func (g guard) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Scheme != "https" && !(g.o.AllowInsecure && r.URL.Scheme == "http") {
		return nil, fmt.Errorf("%w: %s", ErrScheme, r.URL.Scheme)
	}
	resp, err := g.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	if resp.ContentLength > g.o.MaxBytes {
		resp.Body.Close()
		return nil, fmt.Errorf("%w: %d bytes announced, at most %d", ErrTooBig, resp.ContentLength, g.o.MaxBytes)
	}
	resp.Body = &capped{rc: resp.Body, left: g.o.MaxBytes}
	return resp, nil
}

// capped fails a read that goes past the limit (rather than truncating silently: half a document must
// never be taken for a whole one).
type capped struct {
	rc   io.ReadCloser
	left int64
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, ErrTooBig
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return 0, ErrTooBig
	}
	return n, err
}

func (c *capped) Close() error { return c.rc.Close() }

// Refused reports whether err is one of this package's refusals (as opposed to the remote end failing).
func Refused(err error) bool {
	return errors.Is(err, ErrAddress) || errors.Is(err, ErrScheme) || errors.Is(err, ErrTooBig)
}
