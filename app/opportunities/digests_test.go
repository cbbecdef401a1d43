package opportunities

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/google/uuid"

	"maillage/app/mail"
	"maillage/frontend"
)

func loadTemplates(t *testing.T) *mail.Templates {
	t.Helper()
	sub, err := fs.Sub(frontend.Mail, "mail")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := mail.Load(sub)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// TestDigests: one e-mail per alert, in the person's language, closing soonest first, each item with
// its reasons in words, a one-click unsubscribe link that works without login; nothing of another
// person's alert; sent once.
func TestDigests(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tpl := loadTemplates(t)
	body := f.tenant(t, "trois-rivieres", "Ville de Trois-Rivières", "04")
	buyer := f.user(t, "buyer@tr.example")
	fr := f.user(t, "coop@fr.example")
	en := f.user(t, "coop@en.example")
	f.exec(t, `UPDATE users SET locale = 'en', name = 'Pat' WHERE id = ?`, en)
	f.exec(t, `UPDATE users SET name = 'Camille' WHERE id = ?`, fr)
	subFR, err := f.svc.CreateSubscription(f.ctx, fr, SubscriptionInput{Name: "Informatique", UNSPSC: []string{"43000000"}, Regions: []string{"04"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CreateSubscription(f.ctx, en, SubscriptionInput{Name: "Catering", Keywords: []string{"traiteur"}, Frequency: "daily"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CreateSubscription(f.ctx, en, SubscriptionInput{Name: "Weekly", Keywords: []string{"traiteur"}, Frequency: "weekly"}); err != nil {
		t.Fatal(err)
	}
	publish := func(title string, codes []string, days int) Opportunity {
		o, err := f.svc.Create(f.ctx, body, buyer, Input{Kind: "quote_request", Title: title, UNSPSC: codes, ClosesAt: closing(days), Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	publish("Licences de logiciel de gestion", []string{"43231500"}, 20)
	publish("Postes de travail", []string{"43211500"}, 5)
	publish("Service de traiteur pour le conseil", []string{"90101600"}, 12)
	inv := Input{Kind: "quote_request", Title: "Serveurs (sur invitation)", UNSPSC: []string{"43211500"}, ClosesAt: closing(3),
		Visibility: "invited", Invitees: []Invitee{{Name: "Autre", Email: "a@b.example"}}}
	if _, err := f.svc.Create(f.ctx, body, buyer, inv); err != nil {
		t.Fatal(err)
	}

	rep, err := f.svc.SendDigests(f.ctx, tpl, "https://maillage.example", "daily")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Digests != 2 || rep.Items != 3 {
		t.Fatalf("report = %+v, want 2 digests, 3 items", rep)
	}
	msgs, err := mail.Recent(f.ctx, f.db.App, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	byTo := map[string]mail.Stored{}
	for _, m := range msgs {
		byTo[m.To] = m
	}
	cases := []struct {
		to, lang  string
		want      []string // in this order
		forbidden []string
	}{
		{"coop@fr.example", "fr", []string{"2 nouvelles occasions pour votre alerte « Informatique »", "Bonjour Camille",
			"Postes de travail", "catégorie 43211500", "sous votre alerte 43000000", "région Mauricie desservie",
			"Licences de logiciel", "/desabonnement?jeton="}, []string{"traiteur", "Serveurs", "Pat"}},
		{"coop@en.example", "en", []string{"1 new opportunity for your alert “Catering”", "Hello Pat", "Service de traiteur",
			"word “traiteur” in the title or description", "Stop receiving this e-mail"}, []string{"Postes", "Camille", "Serveurs"}},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m, ok := byTo[tc.to]
			if !ok {
				t.Fatalf("no digest to %s", tc.to)
			}
			text := m.Subject + "\n" + m.Text
			if m.Lang != tc.lang {
				t.Errorf("lang = %s", m.Lang)
			}
			at := 0
			for _, w := range tc.want {
				i := strings.Index(text[at:], w)
				if i < 0 {
					t.Fatalf("missing (or out of order) %q in:\n%s", w, text)
				}
				at += i
			}
			for _, w := range tc.forbidden {
				if strings.Contains(text, w) || strings.Contains(m.HTML, w) {
					t.Errorf("digest to %s contains %q", tc.to, w)
				}
			}
			if !strings.Contains(m.HTML, "desabonnement?jeton=") {
				t.Error("no unsubscribe link in the HTML part")
			}
		})
	}
	var headers string
	if err := f.db.App.Raw(`SELECT headers::text FROM mail_outbox WHERE to_address = 'coop@fr.example'`).Row().Scan(&headers); err != nil ||
		!strings.Contains(headers, "List-Unsubscribe-Post") || !strings.Contains(headers, subFR.ID.String()) {
		t.Fatalf("headers = %s (%v)", headers, err)
	}
	t.Run("sent once", func(t *testing.T) {
		again, err := f.svc.SendDigests(f.ctx, tpl, "https://maillage.example", "daily")
		if err != nil || again.Digests != 0 {
			t.Fatalf("second run = %+v, %v", again, err)
		}
	})
	t.Run("one-click unsubscribe", func(t *testing.T) {
		if _, err := f.svc.Unsubscribe(f.ctx, subFR.ID, "wrong"); err == nil {
			t.Fatal("wrong token accepted")
		}
		if _, err := f.svc.Unsubscribe(f.ctx, uuid.New(), f.svc.UnsubscribeToken(subFR.ID)); err == nil {
			t.Fatal("token of another alert accepted")
		}
		s, err := f.svc.Unsubscribe(f.ctx, subFR.ID, f.svc.UnsubscribeToken(subFR.ID))
		if err != nil || s.Frequency != "never" {
			t.Fatalf("unsubscribe = %+v, %v", s, err)
		}
		publish("Écrans tactiles", []string{"43211900"}, 9)
		rep, err := f.svc.SendDigests(f.ctx, tpl, "https://maillage.example", "daily")
		if err != nil || rep.Digests != 0 {
			t.Fatalf("after unsubscribe = %+v, %v", rep, err)
		}
	})
}
