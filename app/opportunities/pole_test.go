package opportunities

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"maillage/app/errs"
)

// TestPoleForwardAndReach: a pôle of Mauricie sees a public opportunity of its region with its matching
// members, forwards it with a note (once per member, only to its members), and its reach counts sent,
// opened, interested and the contract the member then won from that body.
func TestPoleForwardAndReach(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.svc.WithMail(loadTemplates(t), "https://maillage.example")
	body := f.tenant(t, "trois-rivieres", "Ville de Trois-Rivières", "04")
	buyer := f.user(t, "buyer@tr.example")
	steward := f.user(t, "pole@mauricie.example")
	entry := func(name, neq, municipality, email string, unspsc string) uuid.UUID {
		var id uuid.UUID
		if err := f.db.App.Raw(`INSERT INTO catalogue_entries (name, name_key, neq, legal_form, municipality_code, unspsc, email, source_kind)
			VALUES (?, lower(?), ?, 'coop', ?, ARRAY[?], ?, 'steward') RETURNING id`, name, name, neq, municipality, unspsc, email).Row().Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	member := entry("Coop Paysage Mauricie", "1000000001", "37067", "info@paysage.example", "70111700")
	noMail := entry("Coop Sans Courriel", "1000000002", "37067", "", "70110000")
	outside := entry("Coop de Montréal", "1000000003", "66023", "mtl@coop.example", "70111700")
	o, err := f.svc.Create(f.ctx, body, buyer, Input{Kind: "quote_request", Title: "Entretien des plates-bandes", UNSPSC: []string{"70111700"},
		ClosesAt: closing(10), Visibility: "public"})
	if err != nil {
		t.Fatal(err)
	}
	feed, err := f.svc.PoleFeed(f.ctx, steward, []string{"04"}, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(feed) != 1 || feed[0].ID != o.ID || len(feed[0].Members) != 2 {
		t.Fatalf("feed = %+v", feed)
	}
	if other, err := f.svc.PoleFeed(f.ctx, steward, []string{"06"}, 50); err != nil || len(other) != 0 {
		t.Fatalf("feed of Montréal = %d, %v", len(other), err)
	}
	if _, err := f.svc.Forward(f.ctx, steward, "Pôle Mauricie", []string{"04"}, ForwardInput{ItemID: o.ID, Entries: []uuid.UUID{outside}}); !errs.Is(err, errs.Invalid) {
		t.Fatalf("forward outside the regions = %v", err)
	}
	n, err := f.svc.Forward(f.ctx, steward, "Pôle Mauricie", []string{"04"}, ForwardInput{ItemID: o.ID, Entries: []uuid.UUID{member, noMail}, Note: "Pour vous !"})
	if err != nil || n != 1 {
		t.Fatalf("forward = %d, %v", n, err)
	}
	if again, err := f.svc.Forward(f.ctx, steward, "Pôle Mauricie", []string{"04"}, ForwardInput{ItemID: o.ID, Entries: []uuid.UUID{member}}); err != nil || again != 0 {
		t.Fatalf("second forward = %d, %v", again, err)
	}
	var text string
	if err := f.db.App.Raw(`SELECT text_body FROM mail_outbox WHERE to_address = 'info@paysage.example'`).Row().Scan(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Pour vous !") || !strings.Contains(text, "Pôle Mauricie") || !strings.Contains(text, "?relais=") {
		t.Fatalf("forward e-mail:\n%s", text)
	}
	token := text[strings.Index(text, "?relais=")+8:]
	token = strings.Fields(token)[0]
	reach := func() ReachRow {
		t.Helper()
		rows, err := f.svc.Reach(f.ctx, steward)
		if err != nil || len(rows) != 1 {
			t.Fatalf("reach = %+v, %v", rows, err)
		}
		return rows[0]
	}
	if r := reach(); r.Sent != 1 || r.Opened != 0 || r.Interested != 0 || r.Won != 0 || r.Title != o.Title {
		t.Fatalf("reach after sending = %+v", r)
	}
	if err := f.svc.OpenForward(f.ctx, token); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ForwardInterested(f.ctx, token); err != nil {
		t.Fatal(err)
	}
	f.inTenant(t, body, `INSERT INTO contracts (tenant_id, supplier_name, supplier_neq, object, nature, procedure, awarded_cents, awarded_on, source)
		VALUES (?, 'Coop Paysage Mauricie', '1000000001', 'Entretien des plates-bandes', 'services', 'gre_a_gre', 1500000, current_date + 1, 'typed')`, body)
	if r := reach(); r.Sent != 1 || r.Opened != 1 || r.Interested != 1 || r.Won != 1 {
		t.Fatalf("reach = %+v", r)
	}
	if rows, err := f.svc.Reach(f.ctx, buyer); err != nil || len(rows) != 0 {
		t.Fatalf("another steward's reach = %+v, %v", rows, err)
	}
}
