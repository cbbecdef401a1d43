package suppliers

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/jobs"
	"maillage/app/mail"
	"maillage/tenants"
)

// JobExpiryReminders is the job kind of the daily document-expiry run.
const JobExpiryReminders = "suppliers.expiry_reminders"

// ScheduleReminders enqueues today's run once, however many instances call it.
func ScheduleReminders(db *gorm.DB, now time.Time) error {
	return jobs.Enqueue(db, JobExpiryReminders, map[string]string{"day": dayString(now)}, time.Time{}, "expiry-reminders:"+dayString(now))
}

// ReminderJob is the handler of JobExpiryReminders.
func (a *Applications) ReminderJob() jobs.Handler {
	return func(ctx context.Context, payload json.RawMessage) error {
		var p struct{ Day string }
		_ = json.Unmarshal(payload, &p)
		day, err := time.Parse(time.DateOnly, p.Day)
		if err != nil {
			day = a.now()
		}
		_, err = a.RemindExpiring(ctx, day)
		return err
	}
}

// dueDoc is a document whose expiry calls for a reminder.
type dueDoc struct {
	Key          string // "s:<id>" or "e:<id>" in document_reminders
	Type         string
	ExpiresOn    time.Time
	WarnDays     int
	Holder       string     // supplier or enterprise name
	EnterpriseID *uuid.UUID // set for the enterprise's own documents
}

// RemindExpiring writes, in every body, one e-mail per document that is expiring or
// expired on day and was not reminded yet for that state and expiry date: the body's
// buyers for documents they keep, the enterprise for its own documents. Only the
// document expiring last of each type counts (a renewal silences the old one). It runs
// as a named system context, one tenant transaction at a time.
func (a *Applications) RemindExpiring(ctx context.Context, day time.Time) (int, error) {
	sent := 0
	err := tenants.RunSystem(ctx, a.db, "expiry-reminders", func(ctx context.Context, sys *tenants.System) error {
		return sys.ForEachTenant(ctx, func(tx *gorm.DB, t tenants.Tenant) error {
			var docs []dueDoc
			if err := tx.Raw(`
				SELECT 's:' || d.id AS key, d.type, d.expires_on, coalesce(dt.warn_days, 30) AS warn_days, s.legal_name AS holder, NULL::uuid AS enterprise_id
				  FROM supplier_documents d JOIN suppliers s ON s.tenant_id = d.tenant_id AND s.id = d.supplier_id
				  LEFT JOIN supplier_document_types dt ON dt.tenant_id = d.tenant_id AND dt.code = d.type
				 WHERE d.tenant_id = @t AND d.expires_on IS NOT NULL AND s.status = 'approved' AND d.withdrawn_at IS NULL
				   AND d.expires_on <= CAST(@day AS date) + coalesce(dt.warn_days, 30)
				   AND d.expires_on = (SELECT max(x.expires_on) FROM supplier_documents x WHERE x.tenant_id = d.tenant_id AND x.supplier_id = d.supplier_id AND x.type = d.type AND x.withdrawn_at IS NULL)
				UNION ALL
				SELECT 'e:' || d.id, d.type, d.expires_on, coalesce(dt.warn_days, 30), e.profile->>'legal_name', e.id
				  FROM enterprise_documents d JOIN enterprises e ON e.id = d.enterprise_id
				  LEFT JOIN supplier_document_types dt ON dt.tenant_id = @t AND dt.code = d.type
				 WHERE d.expires_on IS NOT NULL AND d.withdrawn_at IS NULL
				   AND EXISTS (SELECT 1 FROM applications ap WHERE ap.tenant_id = @t AND ap.enterprise_id = e.id AND ap.state IN ('applied', 'under_review', 'info_requested', 'approved'))
				   AND d.expires_on <= CAST(@day AS date) + coalesce(dt.warn_days, 30)
				   AND d.expires_on = (SELECT max(x.expires_on) FROM enterprise_documents x WHERE x.enterprise_id = d.enterprise_id AND x.type = d.type AND x.withdrawn_at IS NULL)`,
				map[string]any{"t": t.ID, "day": dayString(day)}).Scan(&docs).Error; err != nil {
				return err
			}
			for _, d := range docs {
				st := (&Document{Type: d.Type, ExpiresOn: &d.ExpiresOn}).State(day, d.WarnDays)
				tpl := ReminderTemplate(st)
				if tpl == "" {
					continue
				}
				res := tx.Exec(`INSERT INTO document_reminders (tenant_id, document_key, state, expires_on) VALUES (?, ?, ?, ?)
					ON CONFLICT DO NOTHING`, t.ID, d.Key, string(st), d.ExpiresOn)
				if res.Error != nil {
					return res.Error
				}
				if res.RowsAffected == 0 {
					continue // already reminded
				}
				var to []recipient
				if d.EnterpriseID != nil {
					if err := tx.Raw(`SELECT u.email, u.name, u.locale FROM enterprises e JOIN users u ON u.id = e.owner_user_id WHERE e.id = ?`, *d.EnterpriseID).Scan(&to).Error; err != nil {
						return err
					}
				} else if err := tx.Raw(`SELECT DISTINCT u.email, u.name, u.locale FROM memberships m JOIN users u ON u.id = m.user_id
					WHERE m.tenant_id = ? AND m.role IN ('buyer', 'tenant_admin') ORDER BY u.email`, t.ID).Scan(&to).Error; err != nil {
					return err
				}
				for _, r := range to {
					link := a.baseURL + "/entreprise/candidatures#documents"
					if d.EnterpriseID == nil {
						link = a.baseURL + "/t/" + t.Slug + "/fournisseurs?doc_state=" + string(st)
					}
					data := MailData{BodyName: t.Name, EnterpriseName: d.Holder, RecipientName: r.Name, Link: link,
						DocumentType: docTypeLabel(d.Type, r.Locale), ExpiresOn: d.ExpiresOn, DaysLeft: int(Day(d.ExpiresOn).Sub(Day(day)).Hours() / 24)}
					m, err := a.mails.Render(tpl, r.Locale, r.Email, r.Name, data)
					if err != nil {
						return err
					}
					if err := mail.Enqueue(tx, m); err != nil {
						return err
					}
					sent++
				}
			}
			return nil
		})
	})
	return sent, err
}

// docTypeLabel names a built-in document type in a language (a body's own types keep
// their code until they have a label of their own).
func docTypeLabel(code, lang string) string {
	fr := map[string]string{DocRQAttestation: "Attestation de Revenu Québec", DocInsurance: "Certificat d’assurance responsabilité",
		DocAMPAuthorization: "Autorisation de l’AMP", DocRENACheck: "Vérification au RENA"}
	en := map[string]string{DocRQAttestation: "Revenu Québec attestation", DocInsurance: "Liability insurance certificate",
		DocAMPAuthorization: "AMP authorization", DocRENACheck: "RENA check"}
	m := fr
	if lang == "en" {
		m = en
	}
	if l, ok := m[code]; ok {
		return l
	}
	return code
}
