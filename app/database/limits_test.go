package database_test

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"maillage/app/input"
	"maillage/app/testdb"
)

// TestEveryTextColumnIsBounded walks the whole schema: every text column (text, varchar, citext, text[])
// of every table must carry a CHECK constraint named <column>_max_<N> that bounds its length, with N at
// most the longest value a request may carry unless the column is written only by the system, and every
// date column a <column>_plausible range. A new table without them fails here (add them in the table's
// migration, as migrations/0900_input_limits.sql does).
func TestEveryTextColumnIsBounded(t *testing.T) {
	db := testdb.New(t)
	var cols []struct {
		Tbl, Col, Typ string
		Checks        string
	}
	if err := db.Owner.Raw(`
		SELECT c.relname AS tbl, a.attname AS col, ty.typname AS typ,
		       coalesce((SELECT string_agg(k.conname || '=' || pg_get_constraintdef(k.oid), ';')
		                   FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'c' AND a.attnum = ANY (k.conkey)), '') AS checks
		  FROM pg_attribute a
		  JOIN pg_class c ON c.oid = a.attrelid
		  JOIN pg_namespace n ON n.oid = c.relnamespace
		  JOIN pg_type ty ON ty.oid = a.atttypid
		 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
		   AND a.attgenerated = '' AND c.relname <> 'goose_db_version'
		   AND ty.typname IN ('text', 'varchar', 'citext', '_text', 'date')
		 ORDER BY 1, 2`).Scan(&cols).Error; err != nil {
		t.Fatal(err)
	}
	if len(cols) < 200 {
		t.Fatalf("only %d text and date columns found: the walker is broken", len(cols))
	}
	// Columns the system alone writes (generated mail, search documents, error logs) may be longer than
	// any single request value.
	systemOnly := map[string]bool{"mail_outbox.html_body": true, "mail_outbox.text_body": true,
		"suppliers.search_text": true}
	for _, c := range cols {
		t.Run(c.Tbl+"."+c.Col, func(t *testing.T) {
			if c.Typ == "date" {
				if !regexp.MustCompile(`(^|;)` + c.Col + `_plausible=CHECK`).MatchString(c.Checks) {
					t.Fatalf("no %s_plausible CHECK (date between 1900-01-01 and 2199-12-31); constraints: %q", c.Col, c.Checks)
				}
				return
			}
			m := regexp.MustCompile(`(?:^|;)` + regexp.QuoteMeta(c.Col) + `_max_(\d+)=CHECK \(([^;]*)`).FindStringSubmatch(c.Checks)
			if m == nil {
				t.Fatalf("no %s_max_<N> length CHECK; constraints: %q", c.Col, c.Checks)
			}
			n, _ := strconv.Atoi(m[1])
			if !regexp.MustCompile(fmt.Sprintf(`char_length\(.*\) <= %d\b`, n)).MatchString(m[2]) {
				t.Errorf("constraint %s_max_%d does not bound the length to %d: %s", c.Col, n, n, m[2])
			}
			if n > input.MaxValue && !systemOnly[c.Tbl+"."+c.Col] {
				t.Errorf("limit %d is above input.MaxValue (%d): the application would let through what the database refuses", n, input.MaxValue)
			}
		})
	}
}
