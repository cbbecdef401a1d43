// Package policies holds the Casbin model and the role→permission policy (model.conf, roles.csv), embedded
// and reviewed like code, and the Authorizer that evaluates them.
package policies

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"
)

//go:embed model.conf
var modelText string

//go:embed roles.csv
var policyText string

// Authorizer answers "may any of these roles do act on obj".
type Authorizer struct {
	e *casbin.SyncedCachedEnforcer
}

// New loads the embedded model and policy.
func New() (*Authorizer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("casbin model: %w", err)
	}
	e, err := casbin.NewSyncedCachedEnforcer(m, stringadapter.NewAdapter(policyLines()))
	if err != nil {
		return nil, fmt.Errorf("casbin policy: %w", err)
	}
	return &Authorizer{e: e}, nil
}

// policyLines drops comments and blank lines (the string adapter does not know comments).
func policyLines() string {
	var b strings.Builder
	for _, l := range strings.Split(policyText, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// Allowed reports whether one of roles may do act on obj.
func (a *Authorizer) Allowed(roles []string, obj, act string) bool {
	for _, r := range roles {
		ok, err := a.e.Enforce(r, obj, act)
		if err == nil && ok {
			return true
		}
	}
	return false
}

// Known reports whether some role holds (obj, act): a route declaring an unknown pair is a typo.
func (a *Authorizer) Known(obj, act string) bool {
	pol, _ := a.e.GetPolicy()
	for _, p := range pol {
		if len(p) == 3 && p[1] == obj && p[2] == act {
			return true
		}
	}
	return false
}
