package opportunities

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestRematchEntries: a catalogue entry that starts selling what an open item asks for joins the item's
// entries at the next re-match; a retired one leaves; a closed item keeps what it had.
func TestRematchEntries(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	body := f.tenant(t, "trois-rivieres", "Ville de Trois-Rivières", "04")
	buyer := f.user(t, "buyer@tr.example")
	entry := func(name, neq, unspsc string) uuid.UUID {
		var id uuid.UUID
		if err := f.db.App.Raw(`INSERT INTO catalogue_entries (name, name_key, neq, legal_form, municipality_code, regions_served, unspsc, email, source_kind)
			VALUES (?, lower(?), ?, 'coop', '37067', ARRAY['03', '04'], ARRAY[?], 'x@coop.example', 'steward') RETURNING id`, name, name, neq, unspsc).Row().Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	names := map[uuid.UUID]string{}
	for _, e := range []struct{ name, neq, unspsc string }{
		{"Coop Abris", "1000000001", "72000000"}, {"Coop Mobilier", "1000000002", "56101500"}, {"Coop Traiteur", "1000000003", "90101600"},
	} {
		names[entry(e.name, e.neq, e.unspsc)] = e.name
	}
	file, err := os.Open(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, err := f.svc.LoadNotices(f.ctx, file); err != nil {
		t.Fatal(err)
	}
	parc, err := f.svc.Create(f.ctx, body, buyer, Input{Kind: "quote_request", Title: "Bancs de parc", UNSPSC: []string{"56101500"},
		ClosesAt: closing(10), Visibility: "public"})
	if err != nil {
		t.Fatal(err)
	}
	closed, err := f.svc.Create(f.ctx, body, buyer, Input{Kind: "quote_request", Title: "Tables de pique-nique", UNSPSC: []string{"56101500"},
		ClosesAt: closing(10), Visibility: "public"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetStatus(f.ctx, body, closed.ID, "closed"); err != nil {
		t.Fatal(err)
	}
	var notice uuid.UUID
	if err := f.db.App.Raw(`SELECT id FROM seao_notices LIMIT 1`).Row().Scan(&notice); err != nil {
		t.Fatal(err)
	}
	// entriesOf names an item's matched entries, sorted.
	entriesOf := func(item uuid.UUID) string {
		t.Helper()
		var ids []uuid.UUID
		if err := f.db.App.Raw(`SELECT catalogue_entry_id FROM item_entry_matches WHERE item_id = ?`, item).Scan(&ids).Error; err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, id := range ids {
			out = append(out, names[id])
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	steps := []struct {
		name               string
		change             string // SQL run on the catalogue before the re-match ("" for none)
		notice, open, shut string
	}{
		{"as loaded and published", "", "Coop Abris", "Coop Mobilier", "Coop Mobilier"},
		{"the caterer starts building shelters and park furniture",
			`UPDATE catalogue_entries SET unspsc = ARRAY['72120000', '56101500'] WHERE name = 'Coop Traiteur'`,
			"Coop Abris,Coop Traiteur", "Coop Mobilier,Coop Traiteur", "Coop Mobilier"},
		{"the furniture maker is retired", `UPDATE catalogue_entries SET status = 'retired' WHERE name = 'Coop Mobilier'`,
			"Coop Abris,Coop Traiteur", "Coop Traiteur", "Coop Mobilier"},
		{"the shelter builder now only caters", `UPDATE catalogue_entries SET unspsc = ARRAY['90101600'] WHERE name = 'Coop Abris'`,
			"Coop Traiteur", "Coop Traiteur", "Coop Mobilier"},
		{"nothing changed: the same again", "", "Coop Traiteur", "Coop Traiteur", "Coop Mobilier"},
	}
	for i, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.change != "" {
				f.exec(t, st.change)
			}
			if i > 0 {
				rep, err := f.svc.RematchEntries(f.ctx)
				if err != nil {
					t.Fatal(err)
				}
				if st.change != "" && (rep.Entries == 0 || rep.Items != 2) {
					t.Fatalf("report = %+v (want the changed entries against the 2 open items)", rep)
				}
			}
			if got := entriesOf(notice); got != st.notice {
				t.Errorf("notice's entries = %q, want %q", got, st.notice)
			}
			if got := entriesOf(parc.ID); got != st.open {
				t.Errorf("open opportunity's entries = %q, want %q", got, st.open)
			}
			if got := entriesOf(closed.ID); got != st.shut {
				t.Errorf("closed opportunity's entries = %q, want %q", got, st.shut)
			}
		})
	}
}
