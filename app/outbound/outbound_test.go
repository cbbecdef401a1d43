package outbound_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"maillage/app/outbound"
)

func TestCheck(t *testing.T) {
	prod := outbound.Options{}
	dev := outbound.Options{AllowInsecure: true}
	allow := outbound.Options{Allow: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}}
	cases := []struct {
		ip                string
		prod, dev, listed bool
	}{
		{"8.8.8.8", true, true, true},
		{"2001:4860:4860::8888", true, true, true},
		{"127.0.0.1", false, true, false},
		{"::1", false, true, false},
		{"::ffff:127.0.0.1", false, true, false},
		{"10.0.0.5", false, true, false},
		{"10.20.3.4", false, true, true},
		{"172.16.0.1", false, true, false},
		{"192.168.1.1", false, true, false},
		{"fd00::1", false, true, false},
		{"100.64.0.1", false, true, false},
		{"169.254.169.254", false, false, false}, // cloud metadata: never
		{"fe80::1", false, false, false},
		{"0.0.0.0", false, false, false},
		{"::", false, false, false},
		{"224.0.0.1", false, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.ip, func(t *testing.T) {
			ip := netip.MustParseAddr(tc.ip)
			for _, p := range []struct {
				name string
				o    outbound.Options
				want bool
			}{{"production", prod, tc.prod}, {"development", dev, tc.dev}, {"allow-listed", allow, tc.listed}} {
				err := p.o.Check(ip)
				if (err == nil) != p.want {
					t.Errorf("%s: Check = %v, want allowed=%v", p.name, err, p.want)
				}
				if err != nil && !errors.Is(err, outbound.ErrAddress) {
					t.Errorf("%s: %v does not wrap ErrAddress", p.name, err)
				}
			}
		})
	}
}

// TestClient goes through real connections: the refusal happens when dialling, after resolution, so a
// name that resolves to loopback and a redirect to loopback are refused like a literal address.
func TestClient(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			fmt.Fprint(w, strings.Repeat("x", 4096))
		case "/redirect":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/chunked-big":
			w.(http.Flusher).Flush()
			fmt.Fprint(w, strings.Repeat("x", 4096))
		default:
			fmt.Fprint(w, "ok")
		}
	}))
	defer srv.Close()
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	cases := []struct {
		name string
		o    outbound.Options
		url  string
		want error
	}{
		{"production refuses http", outbound.Options{}, srv.URL, outbound.ErrScheme},
		{"production refuses loopback over https", outbound.Options{}, fmt.Sprintf("https://127.0.0.1:%d/", port), outbound.ErrAddress},
		{"production refuses a name resolving to loopback", outbound.Options{}, fmt.Sprintf("https://localhost:%d/", port), outbound.ErrAddress},
		{"production refuses file URLs", outbound.Options{}, "file:///etc/passwd", outbound.ErrScheme},
		{"development reaches loopback", outbound.Options{AllowInsecure: true}, srv.URL, nil},
		{"development refuses link-local", outbound.Options{AllowInsecure: true}, "http://169.254.169.254/latest/meta-data/", outbound.ErrAddress},
		{"size limit announced", outbound.Options{AllowInsecure: true, MaxBytes: 1000}, srv.URL + "/big", outbound.ErrTooBig},
		{"size limit streamed", outbound.Options{AllowInsecure: true, MaxBytes: 1000}, srv.URL + "/chunked-big", outbound.ErrTooBig},
		{"redirect to the metadata service refused", outbound.Options{AllowInsecure: true}, srv.URL + "/redirect", outbound.ErrAddress},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := outbound.New(tc.o)
			resp, err := c.Get(tc.url)
			if err == nil {
				_, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			if tc.want == nil && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if tc.want != nil && !outbound.Refused(err) {
				t.Fatalf("Refused(%v) = false", err)
			}
		})
	}
}
