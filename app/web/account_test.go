package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"maillage/app/accounts"
)

var tokenSecret = regexp.MustCompile(`value="(mlg_[A-Za-z0-9_-]+)"`)

func TestProfileTokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("ville-a")
	cl := e.member("buyer@ville-a.test", &a, "buyer")
	other := e.member("other@ville-a.test", &a, "buyer")

	created := cl.postForm("/me/tokens", url.Values{"name": {"tableur"}, "ttl_days": {"30"}})
	m := tokenSecret.FindStringSubmatch(created.Body)
	if created.Status != http.StatusOK || m == nil {
		t.Fatalf("create: %d\n%.500s", created.Status, created.Body)
	}
	secret := m[1]
	api := &client{e: e, cookies: map[string]string{}, bearer: secret}

	steps := []struct {
		name   string
		do     func() resp
		status int
		check  func(t *testing.T, r resp)
	}{
		{"the secret is shown once only", func() resp { return cl.get("/me") }, http.StatusOK, func(t *testing.T, r resp) {
			if strings.Contains(r.Body, secret) || !contains(r.Body, "tableur") {
				t.Fatal("profile shows the secret again, or not the token")
			}
		}},
		{"the secret is stored hashed", func() resp { return resp{Status: http.StatusOK} }, http.StatusOK, func(t *testing.T, r resp) {
			var n int64
			var tokens int64
			if err := e.DB.Owner.Raw(`SELECT count(*) FROM api_tokens`).Scan(&tokens).Error; err != nil || tokens == 0 {
				t.Fatalf("no token stored to check (%d, %v)", tokens, err)
			}
			if err := e.DB.Owner.Raw(`SELECT count(*) FROM api_tokens WHERE token_hash LIKE ? OR token_hash = ?`, "%"+secret+"%", secret).Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatal("secret stored in clear")
			}
			if err := e.DB.Owner.Raw(`SELECT count(*) FROM api_tokens WHERE token_hash = ?`, accounts.HashSecret(secret)).Scan(&n).Error; err != nil || n != 1 {
				t.Fatalf("%d tokens stored under the secret's hash (%v), want 1", n, err)
			}
		}},
		{"the token acts as its owner with the owner's roles", func() resp { return api.get("/api/v1/t/ville-a") }, http.StatusOK, nil},
		{"and not beyond them", func() resp { return api.get("/api/v1/t/ville-b") }, http.StatusNotFound, nil},
		{"its use is recorded", func() resp { return cl.get("/me") }, http.StatusOK, func(t *testing.T, r resp) {
			var n int64
			if err := e.DB.Owner.Raw(`SELECT count(*) FROM api_tokens WHERE last_used_at IS NOT NULL`).Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Fatal("last use not recorded")
			}
		}},
		{"bad validity is refused", func() resp { return cl.postForm("/me/tokens", url.Values{"ttl_days": {"9999"}}) }, http.StatusUnprocessableEntity, nil},
		{"API: list", func() resp { return api.get("/api/v1/me/tokens") }, http.StatusOK, func(t *testing.T, r resp) {
			var out struct{ Items []struct{ ID, Name string } }
			r.json(t, &out)
			if len(out.Items) != 1 || out.Items[0].Name != "tableur" || strings.Contains(r.Body, secret) {
				t.Fatalf("list = %s", r.Body)
			}
		}},
		{"API: create shows the secret once", func() resp {
			return api.sendJSON("POST", "/api/v1/me/tokens", map[string]any{"name": "robot", "ttl_days": 7})
		}, http.StatusCreated, func(t *testing.T, r resp) {
			if !strings.Contains(r.Body, `"secret":"mlg_`) {
				t.Fatalf("created = %s", r.Body)
			}
		}},
		{"API: bad input is a problem document", func() resp {
			return api.sendJSON("POST", "/api/v1/me/tokens", map[string]any{"ttl_days": 0})
		}, http.StatusUnprocessableEntity, func(t *testing.T, r resp) {
			if !strings.Contains(r.Header.Get("Content-Type"), "problem+json") {
				t.Fatal("not a problem document")
			}
		}},
		{"someone else cannot revoke it", func() resp {
			var id string
			if err := e.DB.Owner.Raw(`SELECT id::text FROM api_tokens WHERE name = 'tableur'`).Scan(&id).Error; err != nil {
				t.Fatal(err)
			}
			return other.postForm("/me/tokens/"+id+"/revoke", nil)
		}, http.StatusNotFound, nil},
		{"revoke", func() resp {
			var id string
			if err := e.DB.Owner.Raw(`SELECT id::text FROM api_tokens WHERE name = 'tableur'`).Scan(&id).Error; err != nil {
				t.Fatal(err)
			}
			return cl.postForm("/me/tokens/"+id+"/revoke", nil)
		}, http.StatusSeeOther, nil},
		{"a revoked token stops working", func() resp { return api.get("/api/v1/me") }, http.StatusUnauthorized, nil},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			r := st.do()
			if r.Status != st.status {
				t.Fatalf("status %d, want %d: %.300s", r.Status, st.status, r.Body)
			}
			if st.check != nil {
				st.check(t, r)
			}
		})
	}
}

func TestMySessions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("ville-a")
	laptop := e.member("buyer@ville-a.test", &a, "buyer")
	var id string
	if err := e.DB.App.Raw(`SELECT id::text FROM users WHERE email = 'buyer@ville-a.test'`).Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	userID := uuid.MustParse(id)
	phone := e.as(userID)
	stranger := e.member("other@ville-a.test", &a, "buyer")

	page := laptop.get("/me/sessions")
	if page.Status != http.StatusOK || strings.Count(page.Body, `name="session"`) != 2 || !strings.Contains(page.Body, "cette session") {
		t.Fatalf("sessions page: %d\n%.800s", page.Status, page.Body)
	}
	phoneHash := otherHash(page.Body)
	tests := []struct {
		name   string
		do     func() resp
		status int
	}{
		{"someone else cannot end my session", func() resp {
			return stranger.postForm("/me/sessions/end", url.Values{"session": {phoneHash}})
		}, http.StatusNotFound},
		{"end the other device's session", func() resp {
			return laptop.postForm("/me/sessions/end", url.Values{"session": {phoneHash}})
		}, http.StatusSeeOther},
		{"the phone is logged out", func() resp { return phone.get("/api/v1/me") }, http.StatusUnauthorized},
		{"the laptop is not", func() resp { return laptop.get("/api/v1/me") }, http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if r := tc.do(); r.Status != tc.status {
				t.Fatalf("status %d, want %d", r.Status, tc.status)
			}
		})
	}
}

// otherHash returns the hash of the session row not marked as the current one.
func otherHash(body string) string {
	for _, row := range strings.Split(body, "<tr>") {
		if strings.Contains(row, `name="session"`) && !strings.Contains(row, "cette session") {
			return regexp.MustCompile(`name="session" value="([0-9a-f]+)"`).FindStringSubmatch(row)[1]
		}
	}
	return ""
}
