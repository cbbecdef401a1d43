package web_test

// Browser tests drive Debian's chromium (headless, never a downloaded browser) against the real server on
// a loopback port, and run axe-core (vendored in testdata/, MPL-2.0) on each page.

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	_ "embed"

	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe.min.js
var axeSource string

// liveServer serves e's server on a loopback port and returns its base URL (http://localhost:port).
func (e *env) liveServer() string {
	e.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = e.Srv.Serve(ctx, ln, 5*time.Second); close(done) }()
	e.t.Cleanup(func() { cancel(); <-done })
	return "http://localhost:" + strings.TrimPrefix(ln.Addr().String(), "127.0.0.1:")
}

func chromiumPath(t *testing.T) string {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Fatal("chromium not found: `make test` installs Debian's chromium package")
	return ""
}

// newBrowser starts headless chromium with a fresh profile and returns a tab context.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "fr-CA"),
		chromedp.Flag("accept-lang", "fr-CA,fr"),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	// The first run starts the browser; it must not carry a timeout (chromedp would stop the browser with it).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// browse runs steps in the tab with a time limit, failing the test on error.
func browse(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// clickToNextPage clicks a button or link that loads another page and waits until that page has
// replaced the current one and shows ready. For a moment after the click the page being left is still
// there: a selector alone could match it, and axe run then fails with "target navigated or closed".
func clickToNextPage(t *testing.T, ctx context.Context, click, ready string) {
	t.Helper()
	evalString(t, ctx, `document.documentElement.dataset.leaving = "left"`)
	browse(t, ctx, chromedp.Click(chromedp.CSS(click)))
	sel, err := json.Marshal(ready)
	if err != nil {
		t.Fatal(err)
	}
	loaded := `document.readyState === "complete" && !document.documentElement.dataset.leaving && document.querySelector(` + string(sel) + `) !== null ? "loaded" : ""`
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		s, err := chromedp.Run(c, chromedp.Evaluate[string](loaded))
		cancel()
		if err == nil && s == "loaded" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after clicking %s, no page with %s (last error: %v)", click, ready, err)
		}
	}
}

// text returns the text of the first element matching a CSS selector.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(c, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// axeViolations runs axe-core (WCAG 2.0/2.1 A and AA rules) on the current page.
func axeViolations(t *testing.T, ctx context.Context, page string) []axeViolation {
	t.Helper()
	script := axeSource + `;
	(async () => {
		const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
		return JSON.stringify(r.violations);
	})()`
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	raw, err := chromedp.Run(c, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("axe result: %v", err)
	}
	return vs
}

// checkAxe fails the test on any serious or critical axe-core violation of the current page.
func checkAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	for _, v := range axeViolations(t, ctx, page) {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("axe on %s: %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
		}
	}
}
