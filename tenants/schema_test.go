package tenants_test

import (
	"strings"
	"testing"

	"maillage/app/testdb"
)

// TestEveryTenantTableIsIsolated walks the whole schema: every table with a tenant_id column must have RLS
// enabled and forced, a policy with both USING and WITH CHECK on app.tenant_id, tenant_id first in its
// primary key and in every unique index, and tenant_id in every foreign key to another tenant table.
func TestEveryTenantTableIsIsolated(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	var tables []struct {
		Name   string
		RLS    bool
		Forced bool
	}
	if err := db.Owner.Raw(`
		SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
		  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
		   AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
		 ORDER BY 1`).Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	if len(tables) == 0 {
		t.Fatal("no tenant tables found: the walker is broken")
	}
	tenantTables := map[string]bool{}
	for _, tb := range tables {
		tenantTables[tb.Name] = true
	}
	for _, tb := range tables {
		t.Run(tb.Name, func(t *testing.T) {
			if !tb.RLS || !tb.Forced {
				t.Errorf("RLS enabled=%v forced=%v, want both", tb.RLS, tb.Forced)
			}
			var policies []struct {
				Cmd       string
				Qual      string
				WithCheck string
			}
			if err := db.Owner.Raw(`SELECT cmd, coalesce(qual, '') AS qual, coalesce(with_check, '') AS with_check
				FROM pg_policies WHERE schemaname = 'public' AND tablename = ?`, tb.Name).Scan(&policies).Error; err != nil {
				t.Fatal(err)
			}
			ok := false
			for _, p := range policies {
				if p.Cmd == "ALL" && strings.Contains(p.Qual, "app.tenant_id") && strings.Contains(p.WithCheck, "app.tenant_id") {
					ok = true
				}
			}
			if !ok {
				t.Errorf("no FOR ALL policy with USING and WITH CHECK on app.tenant_id: %+v", policies)
			}
			var keys []struct {
				Name  string
				First string
			}
			if err := db.Owner.Raw(`
				SELECT i.relname AS name, a.attname AS first
				  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
				  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = x.indkey[0]
				 WHERE c.relname = ? AND (x.indisunique OR x.indisprimary)`, tb.Name).Scan(&keys).Error; err != nil {
				t.Fatal(err)
			}
			hasPK := false
			for _, k := range keys {
				hasPK = true
				if k.First != "tenant_id" {
					t.Errorf("unique key %s does not lead with tenant_id (leads with %q)", k.Name, k.First)
				}
			}
			if !hasPK {
				t.Errorf("no primary key")
			}
			var fks []struct {
				Name   string
				Target string
				Cols   string
			}
			if err := db.Owner.Raw(`
				SELECT con.conname AS name, tc.relname AS target,
				       (SELECT string_agg(a.attname, ',') FROM unnest(con.conkey) k JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k) AS cols
				  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class tc ON tc.oid = con.confrelid
				 WHERE con.contype = 'f' AND c.relname = ?`, tb.Name).Scan(&fks).Error; err != nil {
				t.Fatal(err)
			}
			for _, fk := range fks {
				if tenantTables[fk.Target] && !strings.Contains(","+fk.Cols+",", ",tenant_id,") {
					t.Errorf("foreign key %s to tenant table %s lacks tenant_id (columns %s)", fk.Name, fk.Target, fk.Cols)
				}
			}
		})
	}
}
