package web_test

// Desk and phone: the two window sizes every page is tried at, and the screenshots CI keeps.

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var (
	desk  = viewport{"desk", 1366, 900, false}
	phone = viewport{"phone", 390, 844, true}
	sizes = []viewport{desk, phone}
)

// resize makes the tab a desk screen or a phone.
func resize(v viewport) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		scale := 1.0
		if v.mobile {
			scale = 3
		}
		_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: v.width, Height: v.height, DeviceScaleFactor: scale, Mobile: v.mobile})
		return err
	})
}

// artifactsDir is where CI keeps what the tests produce: $MAILLAGE_ARTIFACTS, else .ci/artifacts at the
// repository's root (git-ignored). It is created on first use.
func artifactsDir(t testing.TB, sub string) string {
	dir := os.Getenv("MAILLAGE_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", ".ci", "artifacts")
	}
	dir = filepath.Join(dir, sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifacts folder: %v", err)
	}
	return dir
}

var unsafeName = regexp.MustCompile(`[^a-z0-9._-]+`)

// shoot saves a screenshot of the whole page (beyond the viewport) as <name>.png in the artifacts folder.
func shoot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{CaptureBeyondViewport: ptr(true)})
		if err != nil {
			return nil, err
		}
		return res.Data, nil
	})
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	file := filepath.Join(artifactsDir(t, "screenshots"), unsafeName.ReplaceAllString(name, "-")+".png")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}
