package web

// The audit log as people read it: sentences ("Mathieu Acheteur a accepté l'inscription de Coop X") with the
// person's and the object's names, filters (person, object, action, days) and a CSV export for auditors.

import (
	"encoding/csv"
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/quebec"
	"maillage/tenants"
)

type auditView struct {
	Lines   []auditLine
	Next    string
	Actors  []Choice
	Kinds   []Choice
	Actions []Choice
	Filter  url.Values // the filters as given (for the CSV link and the pager)
	CSV     string
	Object  string // the object's name when the log is narrowed to one object
}

// auditLine is one record told as a sentence, with the person's and the object's names.
type auditLine struct {
	audit.Record
	Who      string
	Email    string
	Object   string
	Sentence string
	Changes  []fieldChange
}

type fieldChange struct {
	Field, Before, After string
}

// auditFilter reads the filters of the page and of the CSV export. A malformed value is a field error.
func auditFilter(c *fiber.Ctx) (audit.Filter, url.Values, error) {
	q := audit.Filter{ObjectType: c.Query("kind"), ObjectID: c.Query("object"), Action: c.Query("action"), Loc: time.Local}
	kept := url.Values{}
	var v errs.Validation
	v.Key = "admin.audit_filter_invalid"
	if p := c.Query("person"); p != "" {
		id, err := uuid.Parse(p)
		if err != nil {
			v.Add("person", "admin.audit_person_unknown", nil)
		} else {
			q.ActorID = &id
		}
	}
	for name, dst := range map[string]*time.Time{"from": &q.From, "to": &q.To} {
		if raw := strings.TrimSpace(c.Query(name)); raw != "" {
			d, err := time.Parse(time.DateOnly, raw)
			if err != nil {
				v.Add(name, "admin.audit_date_invalid", map[string]any{"Value": raw})
				continue
			}
			*dst = d
		}
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		v.Add("to", "admin.audit_dates_order", nil)
	}
	for _, k := range []string{"person", "kind", "object", "action", "from", "to"} {
		if val := c.Query(k); val != "" {
			kept.Set(k, val)
		}
	}
	return q, kept, v.Err()
}

func (s *Server) auditPage(c *fiber.Ctx) error {
	t := tenant(c)
	q, kept, ferr := auditFilter(c)
	q.BeforeID, _ = strconv.ParseInt(c.Query("before"), 10, 64)
	q.Limit = 50
	v := auditView{Filter: kept}
	l := s.localizer(c)
	actors, err := s.tenants.store.AuditActors(ctx(c), t.ID)
	if err != nil {
		return err
	}
	quebec.SortNames(actors, func(p audit.Person) string { return p.Display() })
	v.Actors = []Choice{{Value: "", Label: translate(l, "admin.audit_anyone", nil)}}
	for _, a := range actors {
		v.Actors = append(v.Actors, Choice{Value: a.ID.String(), Label: a.Display()})
	}
	if ferr == nil {
		read, err := s.tenants.store.ReadAudit(ctx(c), t.ID, q)
		if err != nil {
			return err
		}
		v.Lines = auditLines(l, lang(c), read)
		if n := len(read.Records); n == q.Limit {
			next := url.Values{}
			for k, vs := range kept {
				next[k] = vs
			}
			next.Set("before", strconv.FormatInt(read.Records[n-1].ID, 10))
			v.Next = "/t/" + t.Slug + "/admin/audit?" + next.Encode()
		}
		if q.ObjectID != "" && len(v.Lines) > 0 {
			v.Object = v.Lines[0].Object
		}
	}
	v.Kinds = []Choice{{Value: "", Label: translate(l, "admin.audit_any_kind", nil)}}
	for _, k := range auditKinds {
		v.Kinds = append(v.Kinds, Choice{Value: k, Label: translate(l, "audit.kind."+k, nil)})
	}
	v.Actions = []Choice{{Value: "", Label: translate(l, "admin.audit_any_action", nil)}}
	for _, a := range auditActionFilters {
		v.Actions = append(v.Actions, Choice{Value: a, Label: translate(l, "audit.filter."+a, nil)})
	}
	v.CSV = "/t/" + t.Slug + "/admin/audit.csv"
	if enc := kept.Encode(); enc != "" {
		v.CSV += "?" + enc
	}
	if ferr != nil {
		return s.renderInvalid(c, "admin/audit", "admin.audit_title", v, ferr)
	}
	return s.render(c, "admin/audit", "admin.audit_title", v)
}

// auditKinds are the kinds of object a tenant's log speaks of (the filter's choices).
var auditKinds = []string{"supplier", "application", "contract", "declaration", "user", "member", "opportunity",
	"register_settings", "identity_provider", "policy_version", "purchase_advice", "contact", "document_type"}

// auditActionFilters are the actions people look for (the filter's choices; exact actions).
var auditActionFilters = []string{"application.approve", "application.reject", "application.request_info", "application.apply",
	"supplier.create", "supplier.update", "supplier.delete", "supplier.suspend", "supplier.import", "supplier.pull",
	"member.grant", "member.role", "member.remove", "contract.create", "contract.update", "contract.delete", "contract.import"}

// auditLines tells records as sentences, naming people and objects.
func auditLines(l *i18n.Localizer, lng string, read tenants.AuditRead) []auditLine {
	people, names, recs := read.People, read.Names, read.Records
	out := make([]auditLine, 0, len(recs))
	for _, r := range recs {
		line := auditLine{Record: r, Object: names[audit.ObjectKey(r)]}
		switch {
		case r.ActorID != nil && people[*r.ActorID].Email != "":
			p := people[*r.ActorID]
			line.Who, line.Email = p.Display(), p.Email
		case strings.HasPrefix(r.Actor, "system:"):
			line.Who = translate(l, "audit.system", nil)
		case r.Actor == "cli" || r.Actor == "":
			line.Who = translate(l, "audit.cli", nil)
		case r.Actor == "unknown": // written outside a request or a named task (audit.ActorFrom's default)
			line.Who = translate(l, "audit.unknown", nil)
		default:
			line.Who, line.Email = r.Actor, r.Actor
		}
		line.Sentence = auditSentence(l, r, line.Who, line.Object)
		line.Changes = summarize(l, lng, r.Before, r.After)
		out = append(out, line)
	}
	return out
}

// auditSentence is "Who did what to which object", from the action's message; an action without its own
// message still reads as a sentence (the kind of object and "changed").
func auditSentence(l *i18n.Localizer, r audit.Record, who, object string) string {
	what := object
	if what == "" {
		what = translate(l, "audit.unnamed."+r.ObjectType, nil)
		if what == "audit.unnamed."+r.ObjectType {
			what = translate(l, "audit.unnamed", nil)
		}
	}
	data := map[string]any{"Who": who, "What": what}
	key := "audit.action." + r.Action
	if msg := translate(l, key, data); msg != key {
		return msg
	}
	kind := translate(l, "audit.kind."+r.ObjectType, nil)
	if kind == "audit.kind."+r.ObjectType {
		kind = translate(l, "audit.kind.other", nil)
	}
	data["Kind"] = kind
	return translate(l, "audit.action_other", data)
}

// summarize lists the top-level fields whose values differ between before and after, named in words.
func summarize(l *i18n.Localizer, lang string, before, after json.RawMessage) []fieldChange {
	var b, a map[string]any
	_ = json.Unmarshal(before, &b)
	_ = json.Unmarshal(after, &a)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []fieldChange
	for k := range keys {
		if hiddenAuditField[k] || strings.HasSuffix(k, "_id") {
			continue
		}
		bv, okb := compact(l, lang, k, b[k])
		av, oka := compact(l, lang, k, a[k])
		if okb && oka && bv != av {
			out = append(out, fieldChange{Field: fieldLabel(l, k), Before: bv, After: av})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// hiddenAuditField are bookkeeping fields that say nothing to a reader.
var hiddenAuditField = map[string]bool{"id": true, "tenant_id": true, "version": true, "created_at": true, "updated_at": true,
	"search_text": true, "search_name": true, "enterprise_id": true, "catalogue_entry_id": true, "blob_key": true, "sha256": true}

// fieldLabel names a field of a record: its own message when there is one, else its words.
func fieldLabel(l *i18n.Localizer, k string) string {
	key := "audit.field." + k
	if msg := translate(l, key, nil); msg != key {
		return msg
	}
	return strings.ReplaceAll(k, "_", " ")
}

// compact writes a value of a record for a reader: text and numbers as they are, amounts in cents as money,
// lists joined; identifiers and structures say nothing to a reader and are left out ("" means skip).
func compact(l *i18n.Localizer, lang, field string, v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		if uuidText.MatchString(x) {
			return "", false
		}
		if prefix, ok := codedValue[field]; ok { // a code: its words when the messages have them
			if msg := translate(l, prefix+x, nil); msg != prefix+x {
				return msg, true
			}
		}
		return truncate(x), true
	case bool:
		if x {
			return translate(l, "audit.yes", nil), true
		}
		return translate(l, "audit.no", nil), true
	case float64:
		if strings.HasSuffix(field, "_cents") {
			return formatMoney(int64(x), lang), true
		}
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case []any:
		var parts []string
		for _, e := range x {
			s, ok := compact(l, lang, field, e)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return truncate(strings.Join(parts, ", ")), true
	}
	return "", false // a structure: the full record stays in the CSV export and the database
}

// codedValue are fields whose values are codes, with the prefix of the messages that name them.
var codedValue = map[string]string{"role": "roles.", "roles": "roles.", "legal_form": "quebec.form.", "coop_kind": "quebec.coop.",
	"status": "suppliers.state.", "ees_criteria": "suppliers.ees."}

var uuidText = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func truncate(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}

// auditCSV exports the filtered log for auditors: one line per record, the sentence, the person, the object,
// the changes, in the reader's language (UTF-8 with a byte-order mark, so that spreadsheets read accents).
func (s *Server) auditCSV(c *fiber.Ctx) error {
	t := tenant(c)
	q, _, err := auditFilter(c)
	if err != nil {
		return err
	}
	l := s.localizer(c)
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="journal-`+t.Slug+`-`+s.now().Format("2006-01-02")+`.csv"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	var b strings.Builder
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	head := []string{}
	for _, h := range []string{"date", "person", "email", "sentence", "kind", "object", "changes", "request"} {
		head = append(head, translate(l, "admin.audit_csv."+h, nil))
	}
	if err := w.Write(head); err != nil {
		return err
	}
	const page, max = 1000, 100_000
	q.Limit = page // pages of the log, each read in its own transaction; the cursor keeps them consistent
	for written := 0; written < max; {
		read, err := s.tenants.store.ReadAudit(ctx(c), t.ID, q)
		if err != nil {
			return err
		}
		for _, ln := range auditLines(l, lang(c), read) {
			var ch []string
			for _, x := range ln.Changes {
				ch = append(ch, x.Field+": "+orDash(x.Before)+" → "+orDash(x.After))
			}
			kind := translate(l, "audit.kind."+ln.ObjectType, nil)
			if kind == "audit.kind."+ln.ObjectType {
				kind = translate(l, "audit.kind.other", nil)
			}
			if err := w.Write([]string{ln.At.In(time.Local).Format("2006-01-02 15:04:05"), ln.Who, ln.Email, ln.Sentence, kind,
				ln.Object, strings.Join(ch, "; "), ln.RequestID}); err != nil {
				return err
			}
		}
		written += len(read.Records)
		if len(read.Records) < page {
			break
		}
		q.BeforeID = read.Records[len(read.Records)-1].ID
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return c.SendString(b.String())
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
