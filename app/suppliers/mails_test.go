package suppliers

import (
	"os"
	"strings"
	"testing"
	"time"

	"maillage/app/mail"
	"maillage/app/quebec"
)

func loadMails(t *testing.T) *mail.Templates {
	t.Helper()
	tpl, err := mail.Load(os.DirFS("../../frontend/mail"))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// TestStepMails renders the e-mail of every workflow action in both languages and
// checks it names the body and the enterprise, carries the link, carries the reason
// when the action has one, and escapes it in HTML.
func TestStepMails(t *testing.T) {
	t.Parallel()
	tpl := loadMails(t)
	data := MailData{
		BodyName:       "Ville de Lévis",
		EnterpriseName: "Coop <b>Éco</b> & fils",
		NEQ:            quebec.NEQ("1143456789").Display(),
		RecipientName:  "Marie",
		Message:        "Il manque l'attestation de Revenu Québec.\n<script>alert(1)</script>",
		Link:           "https://maillage.example/t/levis/candidatures/42",
	}
	for _, a := range Actions() {
		notices := StepNotices(a)
		if len(notices) == 0 {
			t.Errorf("%s sends no e-mail", a)
		}
		for _, n := range notices {
			for _, lang := range mail.Languages() {
				t.Run(string(a)+"/"+n.Template+"/"+lang, func(t *testing.T) {
					m, err := tpl.Render(n.Template, lang, "marie@coop.example", "Marie", data)
					if err != nil {
						t.Fatal(err)
					}
					if m.Subject == "" || strings.ContainsAny(m.Subject, "\r\n") {
						t.Errorf("subject = %q", m.Subject)
					}
					for _, part := range []string{m.Text, m.HTML} {
						if !strings.Contains(part, "https://maillage.example/t/levis/candidatures/42") {
							t.Error("link missing")
						}
						if !strings.Contains(part, "Marie") {
							t.Error("greeting missing the recipient")
						}
					}
					if !strings.Contains(m.Text, "Ville de Lévis") || !strings.Contains(m.HTML, "Ville de Lévis") {
						t.Error("body name missing")
					}
					if !strings.Contains(m.Text, data.EnterpriseName) || !strings.Contains(m.HTML, "Coop &lt;b&gt;Éco&lt;/b&gt; &amp; fils") {
						t.Error("enterprise name missing or not escaped")
					}
					if strings.Contains(m.HTML, "<script>") || strings.Contains(m.HTML, "<b>Éco") {
						t.Error("HTML carries unescaped input")
					}
					hasMsg := strings.Contains(m.Text, "Il manque l'attestation")
					if hasMsg != NeedsReason(a) {
						t.Errorf("reason shown = %v, action needs one = %v", hasMsg, NeedsReason(a))
					}
					if !strings.Contains(m.HTML, `<html lang="`+lang+`">`) {
						t.Error("HTML not marked with its language")
					}
				})
			}
		}
	}
}

func TestReminderMails(t *testing.T) {
	t.Parallel()
	tpl := loadMails(t)
	for _, st := range DocStates() {
		name := ReminderTemplate(st)
		if (name != "") != (st == DocExpiring || st == DocExpired) {
			t.Errorf("%s: reminder %q", st, name)
		}
	}
	data := MailData{
		BodyName: "MRC de Bellechasse", EnterpriseName: "Traiteur Solidaire", DocumentType: "Attestation de Revenu Québec",
		ExpiresOn: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), DaysLeft: 38, Link: "https://maillage.example/entreprise/documents",
	}
	tests := []struct {
		state DocState
		lang  string
		want  []string
	}{
		{DocExpiring, "fr", []string{"31 décembre 2026", "38 jour", "Attestation de Revenu Québec", "Traiteur Solidaire"}},
		{DocExpiring, "en", []string{"December 31, 2026", "38 day", "Attestation de Revenu Québec"}},
		{DocExpired, "fr", []string{"expiré", "31 décembre 2026", "MRC de Bellechasse"}},
		{DocExpired, "en", []string{"expired", "December 31, 2026"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.state)+"/"+tt.lang, func(t *testing.T) {
			m, err := tpl.Render(ReminderTemplate(tt.state), tt.lang, "x@example.com", "", data)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(m.Text, w) || !strings.Contains(m.HTML, w) {
					t.Errorf("%q missing from text or HTML:\n%s", w, m.Text)
				}
			}
			if !strings.HasPrefix(m.Text, "Bonjour,") && !strings.HasPrefix(m.Text, "Hello,") {
				t.Errorf("greeting without a name: %q", m.Text[:20])
			}
		})
	}
}
