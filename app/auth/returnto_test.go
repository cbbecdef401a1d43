package auth_test

import (
	"testing"

	"maillage/app/auth"
	"maillage/app/errs"
)

func TestSafeReturnTo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"", "/", true},
		{"/", "/", true},
		{"/t/ville-de-quebec/accueil", "/t/ville-de-quebec/accueil", true},
		{"/t/a/fournisseurs?page=2&q=caf%C3%A9#liste", "/t/a/fournisseurs?page=2&q=caf%C3%A9#liste", true},
		{"//evil.example", "", false},
		{"///evil.example", "", false},
		{"/\\evil.example", "", false},
		{"\\\\evil.example", "", false},
		{"/%2F/evil.example", "", false},
		{"/%5Cevil.example", "", false},
		{"https://evil.example/", "", false},
		{"http:evil.example", "", false},
		{"javascript:alert(1)", "", false},
		{"data:text/html,x", "", false},
		{"evil.example", "", false},
		{"t/relative", "", false},
		{"/\t/evil.example", "", false},
		{"/\n/evil.example", "", false},
		{"/ /evil.example", "", false},
		{"/a\x00b", "", false},
		{"/" + string(make([]byte, 2048)), "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := auth.SafeReturnTo(tc.in)
			if tc.ok {
				if err != nil || got != tc.want {
					t.Fatalf("SafeReturnTo(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
				}
				return
			}
			if e := errs.As(err); e == nil || e.Kind != errs.Invalid || e.Key != auth.KeyReturnToInvalid {
				t.Fatalf("SafeReturnTo(%q) = %q, %v; want refusal", tc.in, got, err)
			}
		})
	}
}
