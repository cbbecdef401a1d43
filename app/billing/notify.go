package billing

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"maillage/app/jobs"
	"maillage/app/mail"
	"maillage/tenants"
)

// StatusChangedJob is the handler of JobStatusChanged: it tells the body's billing contact, in French (the
// body's language of record) what the new status means and where to pay. translate renders a message ID.
func StatusChangedJob(db *gorm.DB, mails *mail.Templates, translate func(lang, id string) string, baseURL string) jobs.Handler {
	return func(ctx context.Context, payload json.RawMessage) error {
		var ch StatusChange
		if err := json.Unmarshal(payload, &ch); err != nil {
			return fmt.Errorf("status change payload: %w", err)
		}
		t, err := tenants.NewStore(db).ByID(ctx, ch.TenantID)
		if err != nil {
			return err
		}
		var sub *Subscription
		if err := tenants.ReadTx(ctx, db, t.ID, func(tx *gorm.DB) error {
			var err error
			sub, err = subscriptionTx(tx, t.ID, false)
			return err
		}); err != nil {
			return err
		}
		if sub == nil || sub.BillingEmail == "" || sub.Status != ch.To {
			return nil // no one to tell, or a newer change already superseded this one (its own job tells)
		}
		const lang = "fr"
		m, err := mails.Render("billing_status", lang, sub.BillingEmail, sub.BillingName, map[string]any{
			"RecipientName": sub.BillingName, "BodyName": t.Name, "Status": translate(lang, "billing.status."+ch.To),
			"Explanation": translate(lang, "billing.mail.explanation."+ch.To), "Link": strings.TrimRight(baseURL, "/") + "/t/" + t.Slug + "/admin/facturation"})
		if err != nil {
			return err
		}
		return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return mail.Enqueue(tx, m) })
	}
}
