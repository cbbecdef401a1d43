package opportunities

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"maillage/app/errs"
	"maillage/app/outbound"
)

func TestNoticesURL(t *testing.T) {
	t.Parallel()
	cases := []struct{ now, want string }{
		{"2026-08-03", "https://x.example/hebdo_20260727_20260802.json"}, // a Monday: the week before
		{"2026-08-09", "https://x.example/hebdo_20260727_20260802.json"}, // the Sunday after
		{"2026-08-10", "https://x.example/hebdo_20260803_20260809.json"},
	}
	for _, tc := range cases {
		t.Run(tc.now, func(t *testing.T) {
			now, _ := time.Parse("2006-01-02", tc.now)
			if got := NoticesURL("https://x.example/hebdo_{from}_{to}.json", now.Add(15*time.Hour)); got != tc.want {
				t.Fatalf("got %s", got)
			}
		})
	}
}

// TestFetchNotices: the configured address is fetched through the guarded client and loaded like an
// upload; a failing or refused address changes nothing.
func TestFetchNotices(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sample, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/hebdo_20260727_20260802.json":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(sample)
		case "/garbage.json":
			_, _ = w.Write([]byte("<html>maintenance</html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	local := outbound.New(outbound.Options{AllowInsecure: true, MaxBytes: 50 << 20})
	url := NoticesURL(srv.URL+"/hebdo_{from}_{to}.json", time.Date(2026, 8, 3, 12, 0, 0, 0, time.UTC))
	rep, err := f.svc.FetchNotices(f.ctx, local, url)
	if err != nil || rep.New != 1 {
		t.Fatalf("fetch = %+v, %v", rep, err)
	}
	cases := []struct {
		name   string
		client *http.Client
		url    string
		kind   errs.Kind
	}{
		{"missing file", local, srv.URL + "/hebdo_x.json", errs.Unavailable},
		{"not OCDS", local, srv.URL + "/garbage.json", errs.Invalid},
		{"loopback refused in production", outbound.New(outbound.Options{}), srv.URL + "/hebdo_20260727_20260802.json", errs.Unavailable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := f.svc.FetchNotices(f.ctx, tc.client, tc.url); errs.KindOf(err) != tc.kind {
				t.Fatalf("err = %v, want %s", err, tc.kind)
			}
		})
	}
	var n int64
	if err := f.db.App.Raw(`SELECT count(*) FROM seao_notices`).Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("notices = %d, %v", n, err)
	}
}
