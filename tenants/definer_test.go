package tenants_test

import (
	"os"
	"strings"
	"testing"

	"maillage/app/testdb"
)

// TestSecurityDefinerInventory: every SECURITY DEFINER function of the schema (the only code that reads
// across tenants) is listed in the README's inventory and is safe: owned by maillage_aggregates, search_path
// pinned, not executable by PUBLIC. A function added without its README line, or a line whose function no
// longer exists, fails here.
func TestSecurityDefinerInventory(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(readme), "- **SECURITY DEFINER functions**")
	if start < 0 {
		t.Fatal("README has no SECURITY DEFINER inventory")
	}
	inventory := string(readme)[start:]
	inventory = inventory[:strings.Index(inventory, "\n- **Authorization**")]
	var fns []struct {
		Name, Owner   string
		Pinned        bool
		PublicExecute bool
	}
	if err := db.Owner.Raw(`
		SELECT p.proname AS name, pg_get_userbyid(p.proowner) AS owner,
		       coalesce(array_to_string(p.proconfig, ',') LIKE '%search_path=%', false) AS pinned,
		       has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute
		  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		 WHERE p.prosecdef AND n.nspname = 'public' ORDER BY 1`).Scan(&fns).Error; err != nil {
		t.Fatal(err)
	}
	if len(fns) == 0 {
		t.Fatal("no SECURITY DEFINER function found: the query is broken")
	}
	listed := 0
	for _, line := range strings.Split(inventory, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "- `") {
			listed++
		}
	}
	if listed != len(fns) {
		t.Errorf("README lists %d SECURITY DEFINER functions, the database has %d", listed, len(fns))
	}
	for _, f := range fns {
		t.Run(f.Name, func(t *testing.T) {
			if !strings.Contains(inventory, "- `"+f.Name+"(") {
				t.Errorf("not in the README's inventory")
			}
			if f.Owner != "maillage_aggregates" || !f.Pinned || f.PublicExecute {
				t.Errorf("owner %s, search_path pinned %v, PUBLIC may execute %v", f.Owner, f.Pinned, f.PublicExecute)
			}
		})
	}
}
