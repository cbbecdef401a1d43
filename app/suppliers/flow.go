package suppliers

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/mail"
	"maillage/app/uploads"
	"maillage/tenants"
)

// Actor is who acts on an application, as the web layer established it.
type Actor struct {
	Role   Role
	UserID uuid.UUID // for RoleEnterprise: must own the application's enterprise
	Label  string
}

const appCols = `a.tenant_id, t.slug AS tenant_slug, t.name AS tenant_name, a.id, a.enterprise_id, a.supplier_id,
	coalesce(a.invite_email::text, '') AS invite_email, a.state, coalesce(e.profile->>'legal_name', '') AS enterprise_name,
	coalesce(e.neq, '') AS neq, a.score_willingness, a.score_fit, a.score_capacity,
	coalesce(e.version, 0) > a.profile_seen_version AS profile_changed, a.version, a.created_at, a.updated_at`

const appFrom = ` FROM applications a JOIN tenants t ON t.id = a.tenant_id LEFT JOIN enterprises e ON e.id = a.enterprise_id `

// Apply submits the enterprise's application to a body (first time, after an invitation,
// or again after a refusal or a withdrawal). The body's register gets (or updates) a
// record from the profile, in state "applied".
func (a *Applications) Apply(ctx context.Context, tenantID uuid.UUID, userID uuid.UUID, ref *Reference) (Application, error) {
	ent, err := a.Mine(ctx, userID)
	if err != nil {
		return Application{}, err
	}
	var cat *CatalogueEES
	if a.catalogue != nil && ent.Profile.NEQ != "" {
		c, found, err := a.catalogue(ctx, string(ent.Profile.NEQ))
		if err != nil {
			return Application{}, err
		}
		if found {
			cat = &c
		}
	}
	var out Application
	err = tenants.Tx(ctx, a.db, tenantID, func(tx *gorm.DB) error {
		var existing []Application
		if err := tx.Raw(`SELECT `+appCols+appFrom+` WHERE a.tenant_id = ? AND (a.enterprise_id = ? OR (a.enterprise_id IS NULL AND a.invite_email = (SELECT email FROM users WHERE id = ?))) FOR UPDATE OF a`,
			tenantID, ent.ID, userID).Scan(&existing).Error; err != nil {
			return fmt.Errorf("apply: %w", err)
		}
		from := StateNone
		if len(existing) > 0 {
			from = existing[0].State
		}
		to, err := Next(from, ActApply, RoleEnterprise, "")
		if err != nil {
			return err
		}
		if err := a.checkReadiness(ctx, tx, tenantID, ent); err != nil {
			return err
		}
		rec := withCatalogueEES(mergeProfile(Supplier{}, ent.Profile), cat)
		rec.Status, rec.EnterpriseID = to.RegisterStatus(), &ent.ID
		var supID uuid.UUID
		var found []uuid.UUID
		if err := tx.Raw(`SELECT id FROM suppliers WHERE tenant_id = ? AND neq = ? FOR UPDATE`, tenantID, string(ent.Profile.NEQ)).Scan(&found).Error; err != nil {
			return err
		}
		if len(found) == 0 {
			if err := insert(ctx, tx, tenantID, &rec, "apply"); err != nil {
				return err
			}
			supID = rec.ID
		} else {
			supID = found[0]
			before, err := get(tx, tenantID, supID, true)
			if err != nil {
				return err
			}
			after := withCatalogueEES(mergeProfile(before, ent.Profile), cat)
			after.Status, after.EnterpriseID = to.RegisterStatus(), &ent.ID
			if err := save(tx, tenantID, &after); err != nil {
				return err
			}
			if err := history(ctx, tx, tenantID, supID, before.Status, after.Status, "apply", ""); err != nil {
				return err
			}
		}
		var appID uuid.UUID
		if len(existing) == 0 {
			if err := tx.Raw(`INSERT INTO applications (tenant_id, enterprise_id, supplier_id, state, profile_seen_version)
				VALUES (?, ?, ?, ?, ?) RETURNING id`, tenantID, ent.ID, supID, string(to), ent.Version).Row().Scan(&appID); err != nil {
				return fmt.Errorf("apply: %w", err)
			}
		} else {
			appID = existing[0].ID
			if err := tx.Exec(`UPDATE applications SET enterprise_id = ?, supplier_id = ?, state = ?, profile_seen_version = ?,
				version = version + 1, updated_at = now() WHERE tenant_id = ? AND id = ?`, ent.ID, supID, string(to), ent.Version, tenantID, appID).Error; err != nil {
				return fmt.Errorf("apply: %w", err)
			}
		}
		if err := a.step(ctx, tx, tenantID, appID, ActApply, RoleEnterprise, "", nil, from, to); err != nil {
			return err
		}
		out, err = getApp(tx, tenantID, appID)
		return err
	})
	return out, err
}

// Invite records a buyer's invitation to an e-mail address and writes to it.
func (a *Applications) Invite(ctx context.Context, tenantID uuid.UUID, email string) (Application, error) {
	email = strings.TrimSpace(strings.ToLower(email))
	if !strings.Contains(email, "@") || strings.ContainsAny(email, " <>\"") {
		return Application{}, (&errs.Validation{}).ErrWith("email", "suppliers.email_invalid", map[string]any{"Value": email})
	}
	var out Application
	err := tenants.Tx(ctx, a.db, tenantID, func(tx *gorm.DB) error {
		to, err := Next(StateNone, ActInvite, RoleBuyer, "")
		if err != nil {
			return err
		}
		var id uuid.UUID
		if err := tx.Raw(`INSERT INTO applications (tenant_id, invite_email, state) VALUES (?, ?, ?) RETURNING id`, tenantID, email, string(to)).
			Row().Scan(&id); err != nil {
			return fmt.Errorf("invite: %w", err)
		}
		if err := a.step(ctx, tx, tenantID, id, ActInvite, RoleBuyer, "", nil, StateNone, to); err != nil {
			return err
		}
		out, err = getApp(tx, tenantID, id)
		return err
	})
	return out, err
}

// Act applies a workflow action to an application: the transition table decides, the
// register record follows, the message is kept, the e-mails go out with the commit.
func (a *Applications) Act(ctx context.Context, tenantID, appID uuid.UUID, who Actor, act Action, message string) (Application, error) {
	return a.ActWith(ctx, tenantID, appID, who, act, message, nil)
}

// Attachment is a document an enterprise joins to its answer: it becomes one of its documents, in the same
// transaction as the step.
type Attachment struct {
	Doc   NewDoc
	File  uploads.File
	Blobs uploads.Store
}

// ActWith is Act with an optional attachment (enterprises only).
func (a *Applications) ActWith(ctx context.Context, tenantID, appID uuid.UUID, who Actor, act Action, message string, att *Attachment) (Application, error) {
	if act == ActApply || act == ActInvite {
		return Application{}, errs.E(errs.Conflict, "suppliers.transition_illegal")
	}
	message = strings.TrimSpace(message)
	if len([]rune(message)) > maxLongText {
		return Application{}, (&errs.Validation{}).ErrWith("reason", "suppliers.text_too_long", map[string]any{"Max": maxLongText})
	}
	if att == nil {
		return a.act(ctx, tenantID, appID, who, act, message, nil)
	}
	if who.Role != RoleEnterprise {
		return Application{}, errs.E(errs.Forbidden, "suppliers.transition_forbidden")
	}
	if err := att.Doc.check(); err != nil {
		return Application{}, err
	}
	ent, err := a.Mine(ctx, who.UserID)
	if err != nil {
		return Application{}, err
	}
	var out Application
	err = a.withEnterpriseBlob(ctx, ent.ID, att.File, att.Blobs, func(id uuid.UUID, key uploads.Key) error {
		var err error
		out, err = a.act(ctx, tenantID, appID, who, act, message, func(tx *gorm.DB) (*uuid.UUID, error) {
			_, err := insertEnterpriseDoc(ctx, tx, ent.ID, id, att.Doc, att.File, key)
			return &id, err
		})
		return err
	})
	return out, err
}

// act runs one step; attach, when set, writes the attached document in the step's transaction.
func (a *Applications) act(ctx context.Context, tenantID, appID uuid.UUID, who Actor, act Action, message string, attach func(*gorm.DB) (*uuid.UUID, error)) (Application, error) {
	var out Application
	err := tenants.Tx(ctx, a.db, tenantID, func(tx *gorm.DB) error {
		ap, err := getAppLocked(tx, tenantID, appID)
		if err != nil {
			return err
		}
		if who.Role == RoleEnterprise {
			owner, err := a.owns(tx, who.UserID, ap.EnterpriseID)
			if err != nil {
				return err
			}
			if !owner {
				return errs.E(errs.NotFound, "suppliers.application_not_found")
			}
		}
		to, err := Next(ap.State, act, who.Role, message)
		if err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE applications SET state = ?, version = version + 1, updated_at = now() WHERE tenant_id = ? AND id = ?`,
			string(to), tenantID, appID).Error; err != nil {
			return fmt.Errorf("%s application: %w", act, err)
		}
		if ap.SupplierID != nil && to.RegisterStatus() != ap.State.RegisterStatus() {
			if err := tx.Exec(`UPDATE suppliers SET status = ?, status_reason = ?, version = version + 1, updated_at = now()
				WHERE tenant_id = ? AND id = ?`, string(to.RegisterStatus()), message, tenantID, *ap.SupplierID).Error; err != nil {
				return fmt.Errorf("%s application: register: %w", act, err)
			}
			if err := history(ctx, tx, tenantID, *ap.SupplierID, ap.State.RegisterStatus(), to.RegisterStatus(), string(act), message); err != nil {
				return err
			}
		}
		var docID *uuid.UUID
		if attach != nil {
			if docID, err = attach(tx); err != nil {
				return err
			}
		}
		if err := a.step(ctx, tx, tenantID, appID, act, who.Role, message, docID, ap.State, to); err != nil {
			return err
		}
		out, err = getApp(tx, tenantID, appID)
		return err
	})
	return out, err
}

// owns reports whether the user owns the enterprise.
func (a *Applications) owns(tx *gorm.DB, userID uuid.UUID, enterpriseID *uuid.UUID) (bool, error) {
	if enterpriseID == nil {
		return false, nil
	}
	var n int64
	if err := tx.Raw(`SELECT count(*) FROM enterprises WHERE id = ? AND owner_user_id = ?`, *enterpriseID, userID).Scan(&n).Error; err != nil {
		return false, fmt.Errorf("check the enterprise's owner: %w", err)
	}
	return n == 1, nil
}

// messagesSQL reads an application's conversation, with the name of each attached document.
const messagesSQL = `SELECT m.action, m.author_role, m.author, m.body, m.from_state, m.to_state, m.at, m.document_id,
	coalesce(d.file_name, '') AS document_name, coalesce(d.type, '') AS document_type
	FROM application_messages m LEFT JOIN enterprise_documents d ON d.id = m.document_id
	WHERE m.tenant_id = ? AND m.application_id = ? ORDER BY m.id`

// step records a transition: message line, audit, and the step's e-mails.
func (a *Applications) step(ctx context.Context, tx *gorm.DB, tenantID, appID uuid.UUID, act Action, role Role, message string, docID *uuid.UUID, from, to State) error {
	actor := audit.ActorFrom(ctx).Label
	if err := tx.Exec(`INSERT INTO application_messages (tenant_id, application_id, action, author_role, author, body, from_state, to_state, document_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, tenantID, appID, string(act), string(role), actor, message, string(from), string(to), docID).Error; err != nil {
		return fmt.Errorf("application message: %w", err)
	}
	if err := audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "application." + string(act), ObjectType: "application", ObjectID: appID.String(),
		Before: map[string]any{"state": from}, After: map[string]any{"state": to, "message": message}}); err != nil {
		return err
	}
	return a.notify(tx, tenantID, appID, act, message)
}

type recipient struct {
	Email  string
	Name   string
	Locale string
}

// notify renders and enqueues the e-mails of a step in tx.
func (a *Applications) notify(tx *gorm.DB, tenantID, appID uuid.UUID, act Action, message string) error {
	ap, err := getApp(tx, tenantID, appID)
	if err != nil {
		return err
	}
	data := MailData{BodyName: ap.TenantName, EnterpriseName: ap.EnterpriseName, NEQ: ap.NEQ.Display(), Message: message}
	for _, n := range StepNotices(act) {
		var to []recipient
		switch n.To {
		case RoleEnterprise:
			data.Link = a.baseURL + "/entreprise/candidatures"
			if ap.EnterpriseID == nil {
				data.Link = a.baseURL + "/t/" + ap.TenantSlug + "/inscription"
				to = []recipient{{Email: ap.InviteEmail, Locale: "fr"}}
				if data.EnterpriseName == "" {
					data.EnterpriseName = ap.InviteEmail
				}
			} else if err := tx.Raw(`SELECT u.email, u.name, u.locale FROM enterprises e JOIN users u ON u.id = e.owner_user_id WHERE e.id = ?`,
				*ap.EnterpriseID).Scan(&to).Error; err != nil {
				return err
			}
		case RoleBuyer:
			data.Link = a.baseURL + "/t/" + ap.TenantSlug + "/candidatures/" + appID.String()
			if err := tx.Raw(`SELECT DISTINCT u.email, u.name, u.locale FROM memberships m JOIN users u ON u.id = m.user_id
				WHERE m.tenant_id = ? AND m.role IN ('buyer', 'tenant_admin') ORDER BY u.email`, tenantID).Scan(&to).Error; err != nil {
				return err
			}
		}
		for _, r := range to {
			data.RecipientName = r.Name
			m, err := a.mails.Render(n.Template, r.Locale, r.Email, r.Name, data)
			if err != nil {
				return err
			}
			if err := mail.Enqueue(tx, m); err != nil {
				return err
			}
		}
	}
	return nil
}

func getApp(tx *gorm.DB, tenantID, appID uuid.UUID) (Application, error) {
	var out []Application
	if err := tx.Raw(`SELECT `+appCols+appFrom+` WHERE a.tenant_id = ? AND a.id = ?`, tenantID, appID).Scan(&out).Error; err != nil {
		return Application{}, fmt.Errorf("application %s: %w", appID, err)
	}
	if len(out) == 0 {
		return Application{}, errs.E(errs.NotFound, "suppliers.application_not_found")
	}
	return out[0], nil
}

func getAppLocked(tx *gorm.DB, tenantID, appID uuid.UUID) (Application, error) {
	var n int64
	if err := tx.Raw(`SELECT count(*) FROM (SELECT 1 FROM applications WHERE tenant_id = ? AND id = ? FOR UPDATE) x`, tenantID, appID).Scan(&n).Error; err != nil {
		return Application{}, err
	}
	return getApp(tx, tenantID, appID)
}

// Queue lists a body's applications, waiting ones first.
func (a *Applications) Queue(ctx context.Context, tenantID uuid.UUID, state State) ([]Application, error) {
	var out []Application
	err := tenants.ReadTx(ctx, a.db, tenantID, func(tx *gorm.DB) error {
		q := `SELECT ` + appCols + appFrom + ` WHERE a.tenant_id = ?`
		args := []any{tenantID}
		if state != "" {
			q, args = q+` AND a.state = ?`, append(args, string(state))
		}
		return tx.Raw(q+` ORDER BY CASE a.state WHEN 'applied' THEN 0 WHEN 'under_review' THEN 1 WHEN 'info_requested' THEN 2 ELSE 3 END, a.updated_at`, args...).Scan(&out).Error
	})
	return out, err
}

// Detail is an application with its conversation and the enterprise's profile.
type Detail struct {
	Application
	Messages []Message `json:"messages"`
	Profile  *Supplier `json:"profile,omitempty"`
	Docs     []DocInfo `json:"documents"`
}

// Get returns an application for a buyer of its body, and marks the profile as seen.
func (a *Applications) Get(ctx context.Context, tenantID, appID uuid.UUID) (Detail, error) {
	var d Detail
	err := tenants.Tx(ctx, a.db, tenantID, func(tx *gorm.DB) error {
		var err error
		if d.Application, err = getApp(tx, tenantID, appID); err != nil {
			return err
		}
		if err := tx.Raw(messagesSQL, tenantID, appID).Scan(&d.Messages).Error; err != nil {
			return err
		}
		if d.EnterpriseID != nil {
			e, err := enterpriseWhere(tx, "id = ?", *d.EnterpriseID)
			if err != nil {
				return err
			}
			d.Profile = &e.Profile
			if d.Docs, err = enterpriseDocs(tx, e.ID, a.now()); err != nil {
				return err
			}
			return tx.Exec(`UPDATE applications SET profile_seen_version = ? WHERE tenant_id = ? AND id = ?`, e.Version, tenantID, appID).Error
		}
		return nil
	})
	return d, err
}

// MyApplications lists a user's enterprise's applications across bodies.
func (a *Applications) MyApplications(ctx context.Context, userID uuid.UUID) ([]Application, error) {
	ent, err := a.Mine(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []Application
	err = tenants.AsEnterprise(ctx, a.db, ent.ID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT `+appCols+appFrom+` WHERE a.enterprise_id = ? ORDER BY t.name`, ent.ID).Scan(&out).Error
	})
	return out, err
}

// MyApplication returns one of the user's applications with its conversation.
func (a *Applications) MyApplication(ctx context.Context, userID, tenantID, appID uuid.UUID) (Detail, error) {
	ent, err := a.Mine(ctx, userID)
	if err != nil {
		return Detail{}, err
	}
	var d Detail
	err = tenants.AsEnterprise(ctx, a.db, ent.ID, func(tx *gorm.DB) error {
		var apps []Application
		if err := tx.Raw(`SELECT `+appCols+appFrom+` WHERE a.tenant_id = ? AND a.id = ? AND a.enterprise_id = ?`, tenantID, appID, ent.ID).Scan(&apps).Error; err != nil {
			return err
		}
		if len(apps) == 0 {
			return errs.E(errs.NotFound, "suppliers.application_not_found")
		}
		d.Application = apps[0]
		return tx.Raw(messagesSQL, tenantID, appID).Scan(&d.Messages).Error
	})
	return d, err
}

// Score records the optional scoring grid (0–5 each; nil clears).
func (a *Applications) Score(ctx context.Context, tenantID, appID uuid.UUID, willingness, fit, capacity *int) error {
	for name, v := range map[string]*int{"score_willingness": willingness, "score_fit": fit, "score_capacity": capacity} {
		if v != nil && (*v < 0 || *v > 5) {
			return (&errs.Validation{}).ErrWith(name, "suppliers.score_invalid", nil)
		}
	}
	return tenants.Tx(ctx, a.db, tenantID, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE applications SET score_willingness = ?, score_fit = ?, score_capacity = ?, updated_at = now()
			WHERE tenant_id = ? AND id = ?`, willingness, fit, capacity, tenantID, appID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "suppliers.application_not_found")
		}
		return audit.Tenant(ctx, tx, tenantID, audit.Entry{Action: "application.score", ObjectType: "application", ObjectID: appID.String(),
			After: map[string]any{"willingness": willingness, "fit": fit, "capacity": capacity}})
	})
}
