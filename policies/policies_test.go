package policies_test

import (
	"testing"

	"maillage/policies"
)

func TestRolePermissions(t *testing.T) {
	a, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		role, obj, act string
		want           bool
	}{
		{"official", "progress", "read", true},
		{"official", "suppliers", "read", false},
		{"official", "declarations", "write", false},
		{"buyer", "suppliers", "write", true},
		{"buyer", "progress", "read", true}, // inherits official
		{"buyer", "members", "write", false},
		{"tenant_admin", "members", "write", true},
		{"tenant_admin", "suppliers", "write", true}, // inherits buyer
		{"tenant_admin", "tenants", "admin", false},
		{"enterprise", "suppliers", "read", false},
		{"provincial_analyst", "suppliers", "read", false},
		{"provincial_analyst", "provincial", "read", true},
		{"platform_admin", "suppliers", "read", false}, // platform admins see no tenant's private data
		{"nobody", "tenant", "read", false},
	}
	for _, c := range cases {
		t.Run(c.role+" "+c.obj+" "+c.act, func(t *testing.T) {
			if got := a.Allowed([]string{c.role}, c.obj, c.act); got != c.want {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
	if !a.Known("suppliers", "read") || a.Known("suppliers", "fly") {
		t.Fatal("Known does not reflect the policy")
	}
}
