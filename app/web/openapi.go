package web

import (
	"regexp"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// APIDoc documents one API route for the OpenAPI document, which is generated from the route table so the
// two cannot drift apart (and a test fails if an /api/ route has no Doc).
type APIDoc struct {
	Summary  string
	Tag      string
	Request  string   // name of a schema in the components (request body), "" for none
	Response string   // name of a schema in the components (200 body), "" for a generic object
	Query    []string // query parameters, e.g. "q", "limit", "cursor"
	Status   int      // success status, default 200
	Also     int      // another success status with the same body (200 for a preview that saves nothing)
	// Binary is a non-JSON body's content type (e.g. "text/csv"), for request or response; several the
	// route may send or take are listed with commas ("text/csv, application/vnd.…sheet").
	Binary string
}

// BinaryTypes lists the content types of Binary.
func (d APIDoc) BinaryTypes() []string {
	var out []string
	for _, t := range strings.Split(d.Binary, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// binaryContent is an OpenAPI content map giving every type of Binary a binary body.
func (d APIDoc) binaryContent() map[string]any {
	m := map[string]any{}
	for _, t := range d.BinaryTypes() {
		m[t] = map[string]any{"schema": str("binary")}
	}
	return m
}

// schemas are the OpenAPI components; each area adds its own in its file through apiSchemas().
func apiSchemas() map[string]any {
	m := map[string]any{
		"Tenant": obj(map[string]any{
			"id": str("uuid"), "slug": str(""), "name": str(""), "kind": str(""), "region_code": str(""),
			"municipality_code": str(""), "population": map[string]any{"type": "integer"}, "status": str(""),
		}),
		"Me": obj(map[string]any{
			"user":           obj(map[string]any{"id": str("uuid"), "email": str("email"), "name": str(""), "locale": str("")}),
			"platform_roles": arr(obj(map[string]any{"role": str(""), "regions": arr(str(""))})),
			"memberships":    arr(obj(map[string]any{"tenant_id": str("uuid"), "slug": str(""), "name": str(""), "role": str("")})),
		}),
		"Problem": obj(map[string]any{
			"type": str(""), "title": str(""), "status": map[string]any{"type": "integer"}, "detail": str(""),
			"instance": str(""), "code": str(""), "request_id": str(""),
			"errors": arr(obj(map[string]any{"row": map[string]any{"type": "integer"}, "field": str(""), "code": str(""), "message": str("")})),
		}),
	}
	for _, area := range []map[string]any{declarationSchemas(), catalogueSchemas(), identitySchemas(), rulesSchemas(), supplierSchemas(), provincialSchemas(), registerSettingsSchemas(), billingSchemas(), opportunitySchemas(), seaoBuyerSchemas()} {
		for k, v := range area {
			m[k] = v
		}
	}
	return m
}

func obj(props map[string]any) map[string]any {
	return map[string]any{"type": "object", "properties": props}
}

// nullable lets a value be JSON null too (a figure withheld, no subscription yet): OpenAPI 3.1 type lists.
func nullable(s map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range s {
		out[k] = v
	}
	out["type"] = []any{s["type"], "null"}
	return out
}

// optionalURI is an address that may be left empty ("" when none was given).
func optionalURI() map[string]any { return emptyOr("uri") }

// emptyOr is a string of the format (uri, email, uuid…) or "" when there is none.
func emptyOr(format string) map[string]any {
	return map[string]any{"type": "string", "anyOf": []any{map[string]any{"maxLength": 0}, map[string]any{"format": format}}}
}

func arr(items any) map[string]any { return map[string]any{"type": "array", "items": items} }
func str(format string) map[string]any {
	if format == "" {
		return map[string]any{"type": "string"}
	}
	return map[string]any{"type": "string", "format": format}
}

var fiberParam = regexp.MustCompile(`:([a-zA-Z_]+)\??`)

// OpenAPIPath converts a Fiber path to OpenAPI syntax (/t/:slug → /t/{slug}).
func OpenAPIPath(p string) string { return fiberParam.ReplaceAllString(p, "{$1}") }

// OpenAPI builds the document from the route table.
func (s *Server) OpenAPI() map[string]any {
	paths := map[string]any{}
	for _, r := range s.table {
		if !r.IsAPI() || r.Doc == nil {
			continue
		}
		p := OpenAPIPath(r.Path)
		item, _ := paths[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[p] = item
		}
		item[strings.ToLower(r.Method)] = operation(r)
	}
	return map[string]any{
		"openapi": "3.1.0", // schemas are JSON Schema 2020-12 (type lists for null), checked by TestAPIResponsesMatchOpenAPI
		"info": map[string]any{"title": "Maillage API", "version": "1",
			"description": "Multi-tenant API of Maillage. Authenticate with a personal API token: `Authorization: Bearer mlg_…`. " +
				"Errors are RFC 9457 problem documents (application/problem+json). Lists are paginated with ?limit= and ?cursor=."},
		"paths":      paths,
		"security":   []any{map[string]any{"bearer": []any{}}},
		"components": map[string]any{"schemas": apiSchemas(), "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
}

func operation(r Route) map[string]any {
	d := r.Doc
	op := map[string]any{"summary": d.Summary, "tags": []string{d.Tag},
		"x-permission": map[string]string{"scope": r.Scope.String(), "object": r.Obj, "action": r.Act}}
	var params []any
	for _, m := range fiberParam.FindAllStringSubmatch(r.Path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": str("")})
	}
	qs := append([]string(nil), d.Query...)
	sort.Strings(qs)
	for _, q := range qs {
		params = append(params, map[string]any{"name": q, "in": "query", "schema": str("")})
	}
	if params != nil {
		op["parameters"] = params
	}
	if d.Request != "" {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"application/json": map[string]any{"schema": ref(d.Request)}}}
	}
	if d.Binary != "" && d.Request == "" && r.Method != "GET" {
		op["requestBody"] = map[string]any{"required": true, "content": d.binaryContent()}
	}
	status := d.Status
	if status == 0 {
		status = 200
	}
	body := map[string]any{"type": "object"}
	if d.Response != "" {
		body = ref(d.Response)
	}
	content := map[string]any{"application/json": map[string]any{"schema": body}}
	if d.Binary != "" && r.Method == "GET" {
		content = d.binaryContent()
	}
	problem := map[string]any{"description": "Problem", "content": map[string]any{"application/problem+json": map[string]any{"schema": ref("Problem")}}}
	success := map[string]any{"description": "OK", "content": content}
	if status == fiber.StatusNoContent {
		success = map[string]any{"description": "No content"} // a 204 carries no body
	}
	op["responses"] = map[string]any{itoa(status): success, "default": problem}
	if d.Also != 0 {
		op["responses"].(map[string]any)[itoa(d.Also)] = map[string]any{"description": "OK", "content": content}
	}
	return op
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

func (s *Server) openAPIHandler(c *fiber.Ctx) error { return c.JSON(s.OpenAPI()) }
