package web

import (
	"encoding/json"
	"net/url"
	"sort"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"maillage/app/audit"
)

type auditView struct {
	Records []auditRow
	Next    string
}

// auditRow is one record with its change summarised field by field (the full before/after
// stay available, folded, on the page).
type auditRow struct {
	audit.Record
	Changes []fieldChange
}

type fieldChange struct {
	Field, Before, After string
}

// summarize lists the top-level fields whose values differ between before and after.
func summarize(before, after json.RawMessage) []fieldChange {
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
		bv, av := compact(b[k]), compact(a[k])
		if bv != av {
			out = append(out, fieldChange{Field: k, Before: bv, After: av})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

func compact(v any) string {
	if v == nil {
		return ""
	}
	raw, _ := json.Marshal(v)
	s := string(raw)
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}

func (s *Server) auditPage(c *fiber.Ctx) error {
	t := tenant(c)
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	records, err := s.tenants.AuditLog(ctx(c), t.ID, audit.Filter{BeforeID: before, Limit: 50})
	if err != nil {
		return err
	}
	var v auditView
	for _, r := range records {
		v.Records = append(v.Records, auditRow{Record: r, Changes: summarize(r.Before, r.After)})
	}
	if len(records) == 50 {
		v.Next = "/t/" + t.Slug + "/admin/audit?before=" + url.QueryEscape(strconv.FormatInt(records[49].ID, 10))
	}
	return s.render(c, "admin/audit", "admin.audit_title", v)
}
