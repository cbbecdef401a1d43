package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Filter narrows a tenant's audit log: who, on what, which action, between which days, and pages it.
type Filter struct {
	ActorID    *uuid.UUID
	ObjectType string
	ObjectID   string
	Action     string    // an exact action ("application.approve") or a kind of object ("application.")
	From, To   time.Time // inclusive days in loc; zero leaves the side open
	Loc        *time.Location
	BeforeID   int64 // cursor: records with id < BeforeID; 0 = newest
	Limit      int   // 1–5000, default 50
}

// ListTenant returns the tenant's records matching q, newest first; tx must be a tenant transaction of
// tenantID.
func ListTenant(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, q Filter) ([]Record, error) {
	if q.Limit <= 0 || q.Limit > 5000 {
		q.Limit = 50
	}
	loc := q.Loc
	if loc == nil {
		loc = time.Local
	}
	db := tx.WithContext(ctx).Table("audit_log").Where("tenant_id = ?", tenantID)
	if q.ActorID != nil {
		db = db.Where("actor_id = ?", *q.ActorID)
	}
	if q.ObjectType != "" {
		db = db.Where("object_type = ?", q.ObjectType)
	}
	if q.ObjectID != "" {
		db = db.Where("object_id = ?", q.ObjectID)
	}
	switch {
	case strings.HasSuffix(q.Action, "."):
		db = db.Where("starts_with(action, ?)", q.Action)
	case q.Action != "":
		db = db.Where("action = ?", q.Action)
	}
	if !q.From.IsZero() {
		db = db.Where("at >= ?", dayStart(q.From, loc))
	}
	if !q.To.IsZero() {
		db = db.Where("at < ?", dayStart(q.To, loc).AddDate(0, 0, 1))
	}
	if q.BeforeID > 0 {
		db = db.Where("id < ?", q.BeforeID)
	}
	var out []Record
	if err := db.Order("id DESC").Limit(q.Limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list audit: %w", err)
	}
	return out, nil
}

func dayStart(d time.Time, loc *time.Location) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

// Person is someone named in the log.
type Person struct {
	ID    uuid.UUID
	Name  string
	Email string
}

// Display is the person's name, or the e-mail when no name is known.
func (p Person) Display() string {
	if p.Name != "" {
		return p.Name
	}
	return p.Email
}

// Actors lists the people who appear as actors in the tenant's log, by name.
func Actors(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID) ([]Person, error) {
	var out []Person
	err := tx.WithContext(ctx).Raw(`SELECT u.id, u.name, u.email::text AS email FROM users u
		WHERE u.id IN (SELECT DISTINCT actor_id FROM audit_log WHERE tenant_id = ? AND actor_id IS NOT NULL)
		ORDER BY lower(coalesce(nullif(u.name, ''), u.email::text))`, tenantID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("audit actors: %w", err)
	}
	return out, nil
}

// People returns the named people of records (actors, and users the records are about).
func People(ctx context.Context, tx *gorm.DB, ids []uuid.UUID) (map[uuid.UUID]Person, error) {
	out := map[uuid.UUID]Person{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Person
	if err := tx.WithContext(ctx).Raw(`SELECT id, name, email::text AS email FROM users WHERE id = ANY(CAST(? AS uuid[]))`, uuidArray(ids)).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("audit people: %w", err)
	}
	for _, p := range rows {
		out[p.ID] = p
	}
	return out, nil
}

// objectNames says, per kind of object, how to find the names of objects of the tenant by id.
var objectNames = map[string]string{
	"supplier": `SELECT id::text AS id, legal_name AS name FROM suppliers WHERE tenant_id = @t AND id::text = ANY(CAST(@ids AS text[]))`,
	"application": `SELECT a.id::text AS id, coalesce(nullif(e.profile->>'legal_name', ''), a.invite_email::text, '') AS name
		FROM applications a LEFT JOIN enterprises e ON e.id = a.enterprise_id WHERE a.tenant_id = @t AND a.id::text = ANY(CAST(@ids AS text[]))`,
	"contract":    `SELECT id::text AS id, object || ' — ' || supplier_name AS name FROM contracts WHERE tenant_id = @t AND id::text = ANY(CAST(@ids AS text[]))`,
	"declaration": `SELECT id::text AS id, to_char(period_start, 'YYYY-MM-DD') || ' – ' || to_char(period_end, 'YYYY-MM-DD') AS name FROM declarations WHERE tenant_id = @t AND id::text = ANY(CAST(@ids AS text[]))`,
	"opportunity": `SELECT id::text AS id, title AS name FROM opportunities WHERE tenant_id = @t AND id::text = ANY(CAST(@ids AS text[]))`,
	"user":        `SELECT id::text AS id, coalesce(nullif(name, ''), email::text) AS name FROM users WHERE id::text = ANY(CAST(@ids AS text[]))`,
	"member":      `SELECT id::text AS id, coalesce(nullif(name, ''), email::text) AS name FROM users WHERE id::text = ANY(CAST(@ids AS text[]))`,
}

// nameKeys are the fields of a record's before/after that name its object when the object is gone.
var nameKeys = []string{"legal_name", "enterprise_name", "name", "title", "object", "email", "label", "supplier_name"}

// ObjectNames names the objects of records: from the object itself when it still exists, else from the
// names the record kept. The key is ObjectKey(record); objects without a name are absent.
func ObjectNames(ctx context.Context, tx *gorm.DB, tenantID uuid.UUID, recs []Record) (map[string]string, error) {
	byType := map[string][]string{}
	for _, r := range recs {
		if _, known := objectNames[r.ObjectType]; known && r.ObjectID != "" {
			byType[r.ObjectType] = append(byType[r.ObjectType], r.ObjectID)
		}
	}
	out := map[string]string{}
	for typ, ids := range byType {
		var rows []struct{ ID, Name string }
		if err := tx.WithContext(ctx).Raw(objectNames[typ], map[string]any{"t": tenantID, "ids": textArray(ids)}).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("audit names of %s: %w", typ, err)
		}
		for _, r := range rows {
			if r.Name != "" {
				out[typ+"/"+r.ID] = r.Name
			}
		}
	}
	for _, r := range recs {
		k := ObjectKey(r)
		if _, ok := out[k]; ok {
			continue
		}
		if n := nameIn(r.After); n != "" {
			out[k] = n
		} else if n := nameIn(r.Before); n != "" {
			out[k] = n
		}
	}
	return out, nil
}

// ObjectKey identifies a record's object in ObjectNames' answer.
func ObjectKey(r Record) string { return r.ObjectType + "/" + r.ObjectID }

func nameIn(raw json.RawMessage) string {
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	for _, k := range nameKeys {
		if s, ok := m[k].(string); ok && strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// textArray and uuidArray write PostgreSQL array literals for ANY(?) (pgx takes them as text).
func textArray(xs []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(x))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

func uuidArray(ids []uuid.UUID) string {
	xs := make([]string, len(ids))
	for i, id := range ids {
		xs[i] = id.String()
	}
	return textArray(xs)
}
