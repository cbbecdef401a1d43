package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
)

func newRequest(method, path, form string, cookies map[string]string, origin string) *http.Request {
	req := httptest.NewRequest(method, "http://example.test"+path, strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var parts []string
	for k, v := range cookies {
		parts = append(parts, k+"="+v)
	}
	req.Header.Set("Cookie", strings.Join(parts, "; "))
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	return req
}
