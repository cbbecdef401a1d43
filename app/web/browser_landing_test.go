package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"maillage/app/accounts"
)

// waitLeft waits until the tab has left path (a click's navigation is done).
func waitLeft(base, path string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for {
			loc, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				return err
			}
			if loc != base+path && !strings.HasPrefix(loc, base+path+"?") && strings.HasPrefix(loc, base) {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

func clearCookies() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.ClearBrowserCookies, cdp.Empty{})
		return err
	})
}

// Each demo person logs in through the real flow in Chromium and lands where their work starts, on a desk and
// on a phone; on a phone the page starts on the first screen and the menu unfolds without a script.
func TestBrowserLandingPerRoleAndPhoneMenu(t *testing.T) {
	t.Parallel()
	e, base := liveAuthServer(t)
	tn := e.tenant("ville")
	acc := accounts.NewStore(e.DB.App)
	people := []struct {
		hint, land string
		tenant     bool
	}{
		{"official", "/t/ville/progress", true},
		{"buyer", "/t/ville", true},
		{"tenant_admin", "/t/ville", true},
		{"enterprise", "/entreprise/candidatures", false},
		{"catalogue_steward", "/catalogue/requests", false},
		{"provincial_analyst", "/province", false},
	}
	for _, p := range people {
		var err error
		if p.tenant {
			_, err = acc.GrantTenantRole(context.Background(), tn.ID, p.hint+"@demo.maillage.test", p.hint)
		} else {
			_, err = acc.GrantPlatformRole(context.Background(), p.hint+"@demo.maillage.test", p.hint, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx := newBrowser(t)
	for _, v := range sizes {
		for _, p := range people {
			t.Run(v.name+" "+p.hint, func(t *testing.T) {
				browse(t, ctx, clearCookies(), resize(v), chromedp.Navigate(base+"/login"),
					chromedp.WaitVisible(chromedp.CSS(`button[data-demo="`+p.hint+`"]`)),
					chromedp.Click(chromedp.CSS(`button[data-demo="`+p.hint+`"]`)), waitLeft(base, "/login"), chromedp.WaitReady(chromedp.CSS("body")),
					chromedp.WaitVisible(chromedp.CSS("main h1")))
				if loc := location(t, ctx); loc != base+p.land {
					t.Fatalf("landed on %s, want %s", loc, base+p.land)
				}
				checkAxe(t, ctx, p.land+" ("+v.name+")")
				shoot(t, ctx, "landing-"+p.hint+"-"+v.name)
				if v.mobile {
					top, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("main h1").getBoundingClientRect().top`))
					if err != nil || top > float64(v.height)/2 {
						t.Errorf("the page's title starts at %.0fpx (%v): the menu should not push the content off the first screen", top, err)
					}
				}
			})
		}
	}
	t.Run("phone menu unfolds without a script and leads to the pages", func(t *testing.T) {
		browse(t, ctx, clearCookies(), resize(phone), chromedp.Navigate(base+"/login"),
			chromedp.Click(chromedp.CSS(`button[data-demo="buyer"]`)), waitLeft(base, "/login"), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if hidden := evalString(t, ctx, `String(!document.querySelector(".phone-menu").open && !document.querySelector(".phone-menu nav a").checkVisibility())`); hidden != "true" {
			t.Fatal("the menu's links show before the menu is opened")
		}
		if d := evalString(t, ctx, `getComputedStyle(document.querySelector("nav.main-nav")).display`); d != "none" {
			t.Fatalf("the desk navigation shows on a phone (%s)", d)
		}
		browse(t, ctx, chromedp.Click(chromedp.CSS(".phone-menu summary")), chromedp.WaitVisible(chromedp.CSS(".phone-menu nav a")))
		if shown := evalString(t, ctx, `String(document.querySelector(".phone-menu nav a").checkVisibility())`); shown != "true" {
			t.Fatal("the menu's links do not show once it is opened")
		}
		checkAxe(t, ctx, "phone menu open")
		shoot(t, ctx, "phone-menu-open")
		links := evalString(t, ctx, `Array.from(document.querySelectorAll(".phone-menu nav a")).map(a => a.textContent).join("|")`)
		if !strings.Contains(links, "Fournisseurs") || !strings.Contains(links, "English") {
			t.Fatalf("menu links: %s", links)
		}
		browse(t, ctx, chromedp.Click(chromedp.CSS(`.phone-menu a[href="/t/ville/fournisseurs"]`)), waitLeft(base, "/t/ville"), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if loc := location(t, ctx); loc != base+"/t/ville/fournisseurs" {
			t.Fatalf("menu led to %s", loc)
		}
		// The phone's register: tables become cards, nothing wider than the screen.
		if w := evalString(t, ctx, `String(document.documentElement.scrollWidth <= window.innerWidth)`); w != "true" {
			t.Errorf("the register page is wider than the phone")
		}
	})
	// The main pages of a body's day, for CI's screenshots (and axe) on a desk and on a phone: the tenant admin
	// sees them all.
	mainPages := []string{"/t/ville/fournisseurs", "/t/ville/candidatures", "/t/ville/catalogue?near=region", "/t/ville/contracts",
		"/t/ville/advisor", "/t/ville/declarations", "/t/ville/opportunites", "/t/ville/admin/audit", "/t/ville/admin/members"}
	for _, v := range sizes {
		t.Run("main pages "+v.name, func(t *testing.T) {
			browse(t, ctx, clearCookies(), resize(v), chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS(`button[data-demo="tenant_admin"]`)),
				chromedp.Click(chromedp.CSS(`button[data-demo="tenant_admin"]`)), waitLeft(base, "/login"), chromedp.WaitVisible(chromedp.CSS("main h1")))
			for _, pg := range mainPages {
				browse(t, ctx, chromedp.Navigate(base+pg), chromedp.WaitVisible(chromedp.CSS("main h1")))
				checkAxe(t, ctx, pg+" ("+v.name+")")
				shoot(t, ctx, "page"+pg+"-"+v.name)
				if w := evalString(t, ctx, `String(document.documentElement.scrollWidth <= window.innerWidth)`); w != "true" {
					t.Errorf("%s is wider than the screen (%s)", pg, v.name)
				}
			}
		})
	}
}
