package database_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"maillage/app/quebec"
	"maillage/app/testdb"
)

// namesNotSorted are name-like columns no list is ever sorted on (one value per row read alone, or lists in
// date order): they keep the cluster's collation. Any other column named *name, *title or *label must sort
// in French (migration 0290's maillage_fr), or a list of them puts "Échevin" after "Zoo".
var namesNotSorted = map[string]string{
	"api_tokens.name":                       "a person's tokens, listed by creation date",
	"billing_subscriptions.billing_name":    "one per body, on its invoices",
	"catalogue_entries.source_name":         "the directory an entry came from, shown on the entry",
	"catalogue_entries.search_name":         "search key, never shown",
	"catalogue_import_mappings.source_name": "directory of a saved mapping, picked by source",
	"catalogue_imports.file_name":           "imports are listed by date",
	"catalogue_imports.source_name":         "imports are listed by date",
	"catalogue_listings.file_name":          "listings are listed by date",
	"catalogue_listings.source_name":        "listings are listed by date",
	"declaration_files.name":                "uploaded files, listed by date",
	"enterprise_documents.file_name":        "documents are listed by type and expiry",
	"mail_outbox.to_name":                   "an e-mail's recipient",
	"match_watermarks.name":                 "a job's key, never shown",
	"notice_interests.name":                 "interests are listed by decision and date",
	"opportunities.contact_name":            "one contact per opportunity",
	"saved_searches.name":                   "a person's few saved searches, sorted in Go (quebec.SortNames)",
	"signups.person_name":                   "sign-ups are listed by date",
	"signups.person_title":                  "sign-ups are listed by date",
	"supplier_documents.file_name":          "documents are listed by type and expiry",
	"suppliers.search_name":                 "search key, never shown",
}

// TestNamesSortInFrench: every name, title and label column people see in sorted lists carries the French
// collation, and the database sorts exactly as quebec.SortNames does in Go.
func TestNamesSortInFrench(t *testing.T) {
	db := testdb.New(t)
	var cols []struct{ Tbl, Col, Coll string }
	if err := db.Owner.Raw(`
		SELECT c.relname AS tbl, a.attname AS col, coalesce(co.collname, '') AS coll
		  FROM pg_attribute a
		  JOIN pg_class c ON c.oid = a.attrelid
		  JOIN pg_namespace n ON n.oid = c.relnamespace
		  LEFT JOIN pg_collation co ON co.oid = a.attcollation
		 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
		   AND a.atttypid = 'text'::regtype
		 ORDER BY 1, 2`).Scan(&cols).Error; err != nil {
		t.Fatal(err)
	}
	nameLike := regexp.MustCompile(`(^|_)(name|title|label)(_fr|_en)?$`)
	checked := 0
	for _, c := range cols {
		if !nameLike.MatchString(c.Col) || namesNotSorted[c.Tbl+"."+c.Col] != "" {
			continue
		}
		checked++
		t.Run(c.Tbl+"."+c.Col, func(t *testing.T) {
			if c.Coll != "maillage_fr" {
				t.Fatalf("collation %q: give it COLLATE maillage_fr in its migration (or list it in namesNotSorted with the reason no list sorts on it)", c.Coll)
			}
		})
	}
	if checked < 20 {
		t.Fatalf("only %d name columns found: the walker is broken", checked)
	}

	t.Run("the database sorts as Go does", func(t *testing.T) {
		names := []string{"Zoo", "Foyer", "Échevin", "Eau", "Ecole", "Saint-Élie", "Saint-Elzéar", "Saint-Eustache",
			"Œuvre de Marie", "Oeuf", "Ozias", "Çà et là", "Caisse", "côté", "côte", "coté", "cote", "Lot 10", "Lot 2",
			"Montréal", "Montérégie", "abeille", "Abeille", "9123-4567 Québec inc.", "Érablière du Nord"}
		var fromDB []string
		if err := db.App.Raw(`SELECT x FROM unnest(string_to_array(?, '|')) x ORDER BY x COLLATE maillage_fr`, strings.Join(names, "|")).Scan(&fromDB).Error; err != nil {
			t.Fatal(err)
		}
		inGo := slices.Clone(names)
		quebec.SortNames(inGo, func(s string) string { return s })
		if !slices.Equal(fromDB, inGo) {
			t.Fatalf("database order\n%q\nGo order\n%q", fromDB, inGo)
		}
		if i, j := slices.Index(fromDB, "Échevin"), slices.Index(fromDB, "Foyer"); i > j {
			t.Fatalf("Échevin after Foyer: %q", fromDB)
		}
	})
}
