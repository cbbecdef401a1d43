package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// multipartBody builds a multipart/form-data body with one file and some fields.
func multipartBody(t testing.TB, file string, data []byte, fields map[string]string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if file != "" {
		fw, err := w.CreateFormFile("file", file)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	w.Close()
	return &buf, w.FormDataContentType()
}

const minimalPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// TestSupplierAPIScenarios walks the register API as the people who use it, and as
// those who must not: each step gives the request, the expected status and fragments of
// the body.
func TestSupplierAPIScenarios(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.tenant("levis"), e.tenant("laval")
	buyerA := e.member("acheteuse@levis.example", &a, "buyer")
	buyerB := e.member("acheteur@laval.example", &b, "buyer")
	official := e.member("elu@levis.example", &a, "official")
	anon := e.anon()
	base := "/api/v1/t/levis/suppliers"

	created := buyerA.sendJSON("POST", base, map[string]any{
		"neq": "1143 456 789", "legal_name": "Coopérative de déneigement <script>alert(1)</script>", "legal_form": "cooperative",
		"municipality_code": "25213", "quebec_establishment": true, "unspsc": []string{"72101500"}, "website": "coopneige.example",
		"products_services": "=HYPERLINK(\"http://evil.example\")",
	})
	if created.Status != 201 {
		t.Fatalf("create: %d %s", created.Status, created.Body)
	}
	var sup struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
	}
	created.json(t, &sup)
	one := base + "/" + sup.ID

	type step struct {
		name   string
		do     func() resp
		status int
		has    []string
		hasNot []string
	}
	steps := []step{
		{name: "list finds it without accents", do: func() resp { return buyerA.get(base + "?q=deneigement") }, status: 200,
			has: []string{`"total":1`, `"neq":"1143456789"`, `"region_code":"12"`}},
		{name: "typo tolerant", do: func() resp { return buyerA.get(base + "?q=deneigment") }, status: 200, has: []string{`"total":1`}},
		{name: "filters", do: func() resp { return buyerA.get(base + "?region=12&category=72000000&status=approved") }, status: 200, has: []string{`"total":1`}},
		{name: "bad filter", do: func() resp { return buyerA.get(base + "?status=gone") }, status: 422, has: []string{"suppliers.status_unknown"}},
		{name: "get with history", do: func() resp { return buyerA.get(one) }, status: 200, has: []string{`"history":[`, `"action":"create"`}},
		{name: "official does not read the register", do: func() resp { return official.get(one) }, status: 403},
		{name: "official cannot write", do: func() resp { return official.sendJSON("PATCH", one, map[string]any{"legal_name": "X"}) }, status: 403},
		{name: "anonymous", do: func() resp { return anon.get(base) }, status: 401},
		{name: "other tenant: list empty", do: func() resp { return buyerB.get("/api/v1/t/laval/suppliers") }, status: 200, has: []string{`"total":0`}},
		{name: "other tenant: get", do: func() resp { return buyerB.get("/api/v1/t/laval/suppliers/" + sup.ID) }, status: 404},
		{name: "other tenant: patch", do: func() resp {
			return buyerB.sendJSON("PATCH", "/api/v1/t/laval/suppliers/"+sup.ID, map[string]any{"legal_name": "Volé", "version": 1})
		}, status: 404},
		{name: "other tenant: delete", do: func() resp { return buyerB.do("DELETE", "/api/v1/t/laval/suppliers/"+sup.ID, nil, "") }, status: 404},
		{name: "other tenant through A's slug", do: func() resp { return buyerB.get(one) }, status: 404},
		{name: "invalid NEQ", do: func() resp {
			return buyerA.sendJSON("POST", base, map[string]any{"neq": "123", "legal_name": "Coop", "legal_form": "other"})
		}, status: 422, has: []string{`"field":"neq"`, "quebec.neq_invalid"}},
		{name: "unknown municipality", do: func() resp {
			return buyerA.sendJSON("POST", base, map[string]any{"neq": "2264567890", "legal_name": "Coop", "legal_form": "other", "municipality_code": "99999"})
		}, status: 422, has: []string{"quebec.municipality_unknown"}},
		{name: "duplicate NEQ", do: func() resp {
			return buyerA.sendJSON("POST", base, map[string]any{"neq": "1143456789", "legal_name": "Doublon", "legal_form": "other"})
		}, status: 409, has: []string{"suppliers.neq_taken"}},
		{name: "unknown field refused", do: func() resp { return buyerA.sendJSON("PATCH", one, map[string]any{"salary": 1, "version": 1}) }, status: 422},
		{name: "status is changed by an action", do: func() resp { return buyerA.sendJSON("PATCH", one, map[string]any{"status": "suspended", "version": 1}) }, status: 422},
		{name: "stale version", do: func() resp { return buyerA.sendJSON("PATCH", one, map[string]any{"version": 99, "legal_name": "X"}) }, status: 409},
		{name: "patch", do: func() resp {
			return buyerA.sendJSON("PATCH", one, map[string]any{"version": 1, "other_names": []string{"Neige Plus"}})
		}, status: 200, has: []string{`"version":2`, `"Neige Plus"`, `"legal_form":"cooperative"`}},
		{name: "suspend without reason", do: func() resp { return buyerA.sendJSON("POST", one+"/status", map[string]any{"action": "suspend"}) }, status: 422,
			has: []string{"suppliers.reason_required"}},
		{name: "suspend", do: func() resp {
			return buyerA.sendJSON("POST", one+"/status", map[string]any{"action": "suspend", "reason": "Assurance échue"})
		}, status: 200, has: []string{`"status":"suspended"`}},
		{name: "illegal transition", do: func() resp {
			return buyerA.sendJSON("POST", one+"/status", map[string]any{"action": "suspend", "reason": "encore"})
		}, status: 409},
		{name: "reinstate", do: func() resp { return buyerA.sendJSON("POST", one+"/status", map[string]any{"action": "reinstate"}) }, status: 200},
		{name: "HTML page escapes script", do: func() resp { return buyerA.get("/t/levis/fournisseurs/" + sup.ID) }, status: 200,
			has: []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, hasNot: []string{"<script>alert(1)"}},
		{name: "list page", do: func() resp { return buyerA.get("/t/levis/fournisseurs?q=coop") }, status: 200, has: []string{"1143 456 789"}},
		{name: "CSV export defuses formulas", do: func() resp { return buyerA.get(base + "/export?format=csv") }, status: 200,
			has: []string{"\ufeffNEQ;", "'=HYPERLINK", "Coopérative"}},
		{name: "other tenant's export is empty", do: func() resp { return buyerB.get("/api/v1/t/laval/suppliers/export?format=csv") }, status: 200,
			hasNot: []string{"1143456789"}},
		{name: "bad export format", do: func() resp { return buyerA.get(base + "/export?format=pdf") }, status: 422},
		{name: "bulk all or nothing", do: func() resp {
			return buyerA.sendJSON("POST", base+"/bulk", map[string]any{"ids": []string{sup.ID, "5e0c9a8b-7d6f-4a3b-9c2d-1e0f8a7b6c5d"}, "action": "suspend", "reason": "x"})
		}, status: 404},
		{name: "unchanged after failed bulk", do: func() resp { return buyerA.get(one) }, status: 200, has: []string{`"status":"approved"`}},
		{name: "delete", do: func() resp { return buyerA.do("DELETE", one, nil, "") }, status: 204},
		{name: "gone", do: func() resp { return buyerA.get(one) }, status: 404},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			r := s.do()
			if r.Status != s.status {
				t.Fatalf("status %d, want %d: %s", r.Status, s.status, r.Body)
			}
			for _, h := range s.has {
				if !strings.Contains(r.Body, h) {
					t.Errorf("body lacks %q: %.600s", h, r.Body)
				}
			}
			for _, h := range s.hasNot {
				if strings.Contains(r.Body, h) {
					t.Errorf("body contains %q", h)
				}
			}
		})
	}
	t.Run("XLSX export", func(t *testing.T) {
		buyerA.sendJSON("POST", base, map[string]any{"neq": "3364567890", "legal_name": "Traiteur Solidaire", "legal_form": "nonprofit"})
		r := buyerA.get(base + "/export?format=xlsx")
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("status %d type %s", r.Status, r.Header.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(f.GetSheetList()[0])
		if len(rows) != 2 || rows[1][1] != "Traiteur Solidaire" {
			t.Fatalf("rows = %q", rows)
		}
	})
}

func TestSupplierImportAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.tenant("levis")
	a := e.tenant("sherbrooke")
	buyer := e.member("acheteuse@sherbrooke.example", &a, "buyer")
	good := "NEQ;Nom;Municipalité;Courriel\r\n1143456789;Coop A;Lévis;a@coop.example\r\n2264567890;Coop B;sherbrooke;\r\n"
	broken := good + "3364567890;Coop C;Gotham;;de trop\r\n"
	post := func(data, query string) resp {
		body, ct := multipartBody(t, "registre.csv", []byte(data), map[string]string{"contact_purpose": "Soumissions"})
		return buyer.do("POST", "/api/v1/t/sherbrooke/suppliers/import"+query, body, ct)
	}
	count := func() string { return buyer.get("/api/v1/t/sherbrooke/suppliers").Body }
	tests := []struct {
		name, data, query string
		status            int
		has               []string
		after             string
	}{
		{"broken row: nothing written", broken, "", 422, []string{`"row":4`, "tabular.row_field_count", "quebec.municipality_unknown", `"column":"Municipalité"`}, `"total":0`},
		{"a municipality corrected on the preview", "NEQ;Nom;Municipalité\r\n1199000001;Coop D;Springfield\r\n", "?dry_run=true&fixes=" +
			url.QueryEscape(`{"2":{"municipality":"Trois-Rivières (Québec)"}}`), 200, []string{`"rows":1`}, `"total":0`},
		{"a fix of a field that does not exist", good, "?dry_run=true&fixes=" + url.QueryEscape(`{"2":{"owner":"x"}}`), 422, []string{"suppliers.import_bad_fix"}, `"total":0`},
		{"the broken row left out: the rest imports", broken, "?dry_run=true&decisions=" + url.QueryEscape(`{"4":"skip"}`), 200, []string{`"skipped":[4]`, `"rows":3`}, `"total":0`},
		{"a municipality several regions share, decided by the postal code", "NEQ;Nom;Municipalité;Code postal\r\n1199000001;Coop D;Saint-Lambert (Québec);J4P 3N7\r\n" +
			"1199000002;Coop E;ST-TITE (QUÉBEC);G0X 3H0\r\n", "?dry_run=true", 200, []string{`"rows":2`}, `"total":0`},
		{"without a postal code, the same name is a question", "NEQ;Nom;Municipalité\r\n1199000001;Coop D;Saint-Lambert\r\n", "?dry_run=true", 422,
			[]string{"quebec.municipality_ambiguous", "Montérégie"}, `"total":0`},
		{"dry run", good, "?dry_run=true", 200, []string{`"dry_run":true`, `"rows":2`, `"NEQ":"neq"`}, `"total":0`},
		{"import", good, "", 200, []string{`"imported":2`}, `"total":2`},
		{"again: NEQs taken, nothing written", good, "", 422, []string{"suppliers.import_neq_taken"}, `"total":2`},
		{"not a spreadsheet", "MZ\x90\x00\x03\x00\x00\x00\x00\x00", "", 415, []string{"tabular.unsupported_format"}, `"total":2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(tt.data, tt.query)
			if r.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tt.status, r.Body)
			}
			for _, h := range tt.has {
				if !strings.Contains(r.Body, h) {
					t.Errorf("body lacks %q: %.800s", h, r.Body)
				}
			}
			if c := count(); !strings.Contains(c, tt.after) {
				t.Errorf("register after: %.300s, want %s", c, tt.after)
			}
		})
	}
}

func TestSupplierDocuments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.tenant("levis"), e.tenant("laval")
	buyerA := e.member("acheteuse@levis.example", &a, "buyer")
	buyerB := e.member("acheteur@laval.example", &b, "buyer")
	r := buyerA.sendJSON("POST", "/api/v1/t/levis/suppliers", map[string]any{"neq": "1143456789", "legal_name": "Coop A", "legal_form": "other"})
	var sup struct{ ID string }
	r.json(t, &sup)
	up := func(c *client, slug, name string, data []byte, fields map[string]string) resp {
		body, ct := multipartBody(t, name, data, fields)
		return c.do("POST", "/api/v1/t/"+slug+"/suppliers/"+sup.ID+"/documents", body, ct)
	}
	exe := append([]byte("MZ"), make([]byte, 200)...)
	tests := []struct {
		name   string
		c      *client
		slug   string
		file   string
		data   []byte
		fields map[string]string
		status int
		has    string
	}{
		{"exe renamed pdf", buyerA, "levis", "attestation.pdf", exe, map[string]string{"type": "rq_attestation"}, 415, "uploads.type_not_allowed"},
		{"oversized", buyerA, "levis", "big.pdf", append([]byte(minimalPDF), make([]byte, 10<<20)...), map[string]string{"type": "insurance"}, 413, "uploads.too_large"},
		{"bad dates", buyerA, "levis", "a.pdf", []byte(minimalPDF), map[string]string{"type": "insurance", "issued_on": "2026-05-01", "expires_on": "2026-01-01"}, 422, "suppliers.doc_dates_invalid"},
		{"other tenant", buyerB, "laval", "a.pdf", []byte(minimalPDF), map[string]string{"type": "insurance"}, 404, ""},
		{"pdf", buyerA, "levis", "attestation RQ.pdf", []byte(minimalPDF), map[string]string{"type": "rq_attestation", "expires_on": "2099-12-31"}, 201, `"state":"valid"`},
		{"RENA check without file", buyerA, "levis", "", nil, map[string]string{"type": "rena_check", "issued_on": "2026-11-01", "rena_result": "not_listed"}, 201, `"rena_result":"not_listed"`},
	}
	var docID string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := up(tt.c, tt.slug, tt.file, tt.data, tt.fields)
			if r.Status != tt.status || !strings.Contains(r.Body, tt.has) {
				t.Fatalf("status %d (want %d): %.400s", r.Status, tt.status, r.Body)
			}
			if tt.name == "pdf" {
				var d struct{ ID string }
				r.json(t, &d)
				docID = d.ID
			}
		})
	}
	t.Run("download", func(t *testing.T) {
		r := buyerA.get("/t/levis/documents/" + docID)
		if r.Status != 200 || r.Body != minimalPDF || r.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %v", r.Status, r.Header)
		}
		if r := buyerB.get("/t/laval/documents/" + docID); r.Status != 404 {
			t.Fatalf("other tenant downloads: %d", r.Status)
		}
	})
	t.Run("documents listed with state", func(t *testing.T) {
		r := buyerA.get("/api/v1/t/levis/suppliers/" + sup.ID + "/documents")
		if !strings.Contains(r.Body, `"type":"rq_attestation"`) || !strings.Contains(r.Body, `"type":"rena_check"`) {
			t.Fatalf("%s", r.Body)
		}
		if r := buyerA.get("/api/v1/t/levis/suppliers?doc_state=valid"); !strings.Contains(r.Body, `"total":1`) {
			t.Fatalf("doc_state filter: %.300s", r.Body)
		}
		if r := buyerA.get("/api/v1/t/levis/suppliers?doc_state=expired"); !strings.Contains(r.Body, `"total":0`) {
			t.Fatalf("doc_state filter: %.300s", r.Body)
		}
	})
}

// TestApplicationWorkflowHTTP runs the whole application through the pages as the
// enterprise and the buyers, checking the register, the e-mails and isolation.
func TestApplicationWorkflowHTTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.tenant("levis"), e.tenant("laval")
	buyer := e.member("acheteuse@levis.example", &a, "buyer")
	other := e.member("acheteur@laval.example", &b, "buyer")
	ent := e.member("marie@coopneige.example", nil, "enterprise")

	mustStatus := func(r resp, want int, what string) resp {
		t.Helper()
		if r.Status != want {
			t.Fatalf("%s: status %d, want %d: %.600s", what, r.Status, want, r.Body)
		}
		return r
	}
	mustStatus(e.anon().get("/t/levis/inscription"), 200, "public page")
	mustStatus(ent.postForm("/t/levis/inscription", url.Values{}), 303, "apply without profile redirects to profile")
	profile := url.Values{"neq": {"1143456789"}, "legal_name": {"Coopérative de déneigement de Lévis"}, "legal_form": {"cooperative"},
		"municipality": {"Lévis"}, "ees_declared": {"on"}, "ees_criteria": {"meets_needs", "independent", "democratic", "viable", "limited_surplus", "assets_to_similar"},
		"unspsc": {"72101500"}, "contact_email": {"marie@coopneige.example"}, "contact_purpose": {"Soumissions"}}
	bad := url.Values{"neq": {"12"}, "legal_name": {"X"}, "legal_form": {"cooperative"}}
	mustStatus(ent.postForm("/entreprise/profil", bad), 422, "bad profile")
	mustStatus(ent.postForm("/entreprise/profil", profile), 303, "profile")
	body, ct := multipartBody(t, "attestation.pdf", []byte(minimalPDF), map[string]string{"type": "rq_attestation", "expires_on": "2099-01-31"})
	mustStatus(ent.do("POST", "/entreprise/documents", body, ct), 303, "enterprise document")
	mustStatus(ent.postForm("/t/levis/inscription", url.Values{}), 303, "apply")

	var queue struct {
		Items []struct {
			ID, State string
		}
	}
	mustStatus(buyer.get("/api/v1/t/levis/applications"), 200, "queue").json(t, &queue)
	if len(queue.Items) != 1 || queue.Items[0].State != "applied" {
		t.Fatalf("queue = %+v", queue)
	}
	appID := queue.Items[0].ID
	mustStatus(other.get("/t/laval/candidatures/"+appID), 404, "other tenant's buyer")
	mustStatus(other.get("/api/v1/t/laval/applications/"+appID), 404, "other tenant's buyer (API)")
	if r := mustStatus(other.get("/api/v1/t/laval/applications"), 200, "other queue"); strings.Contains(r.Body, appID) {
		t.Fatal("other tenant's queue shows the application")
	}
	reg := mustStatus(buyer.get("/api/v1/t/levis/suppliers?status=applied"), 200, "register")
	if !strings.Contains(reg.Body, `"total":1`) {
		t.Fatalf("register does not show the applicant: %s", reg.Body)
	}
	detail := mustStatus(buyer.get("/t/levis/candidatures/"+appID), 200, "review page")
	if !strings.Contains(detail.Body, "attestation.pdf") {
		t.Error("review page lacks the enterprise's document")
	}
	mustStatus(buyer.postForm("/t/levis/candidatures/"+appID, url.Values{"action": {"request_info"}}), 422, "request info without message")
	mustStatus(buyer.postForm("/t/levis/candidatures/"+appID, url.Values{"action": {"request_info"}, "message": {"Quelle est votre capacité en hiver?"}}), 303, "request info")
	mustStatus(buyer.postForm("/t/levis/candidatures/"+appID, url.Values{"action": {"approve"}, "message": {""}}), 303, "approve while waiting is allowed")
	// Start over on a second body to test the answer step.
	mustStatus(ent.postForm("/t/laval/inscription", url.Values{}), 303, "apply to laval")
	mustStatus(other.get("/api/v1/t/laval/applications"), 200, "laval queue").json(t, &queue)
	lavalApp := queue.Items[0].ID
	mustStatus(other.postForm("/t/laval/candidatures/"+lavalApp, url.Values{"action": {"request_info"}, "message": {"Votre RENA?"}}), 303, "laval asks")
	mustStatus(buyer.postForm("/t/levis/candidatures/"+lavalApp, url.Values{"action": {"approve"}}), 404, "levis acts on laval's application")
	mine := mustStatus(ent.get("/entreprise/candidatures"), 200, "my applications")
	for _, want := range []string{"Ville levis", "Ville laval", "attestation.pdf"} {
		if !strings.Contains(mine.Body, want) {
			t.Errorf("my applications page lacks %q", want)
		}
	}
	path := fmt.Sprintf("/entreprise/candidatures/%s/%s", b.ID, lavalApp)
	mustStatus(ent.get(path), 200, "my application")
	stranger := e.member("intrus@example.com", nil, "enterprise")
	mustStatus(stranger.get(path), 404, "another enterprise")
	mustStatus(stranger.postForm(path, url.Values{"action": {"answer"}, "message": {"x"}}), 404, "another enterprise answers")
	mustStatus(ent.postForm(path, url.Values{"action": {"approve"}}), 403, "enterprise approves itself")
	mustStatus(ent.postForm(path, url.Values{"action": {"answer"}, "message": {"Absente du RENA, vérifié le 2026-11-20."}}), 303, "answer")
	mustStatus(other.postForm("/t/laval/candidatures/"+lavalApp, url.Values{"action": {"approve"}}), 303, "laval approves")
	if r := mustStatus(other.get("/api/v1/t/laval/suppliers?status=approved&ees=true"), 200, "laval register"); !strings.Contains(r.Body, `"total":1`) {
		t.Fatalf("approved EES supplier not in laval's register: %s", r.Body)
	}
	t.Run("profile changes reach every register", func(t *testing.T) {
		profile.Set("website", "coopneige.example")
		mustStatus(ent.postForm("/entreprise/profil", profile), 303, "profile update")
		for _, c := range []struct {
			cl   *client
			slug string
		}{{buyer, "levis"}, {other, "laval"}} {
			r := mustStatus(c.cl.get("/api/v1/t/"+c.slug+"/suppliers?q=1143456789"), 200, "register")
			if !strings.Contains(r.Body, "https://coopneige.example") || !strings.Contains(r.Body, `"status":"approved"`) {
				t.Errorf("%s register: %.400s", c.slug, r.Body)
			}
		}
		r := mustStatus(other.get("/api/v1/t/laval/applications/"+lavalApp), 200, "application")
		if !strings.Contains(r.Body, `"profile_update"`) || !strings.Contains(r.Body, "website") {
			t.Errorf("buyers do not see what changed: %.600s", r.Body)
		}
	})
	t.Run("e-mail at each step, in the outbox", func(t *testing.T) {
		var rows []struct{ ToAddress, Template string }
		if err := e.DB.Owner.Raw(`SELECT to_address, template FROM mail_outbox ORDER BY id`).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, r := range rows {
			got[r.Template+" "+r.ToAddress]++
		}
		for _, want := range []string{
			"application_received marie@coopneige.example", "application_new acheteuse@levis.example",
			"application_info_requested marie@coopneige.example", "application_approved marie@coopneige.example",
			"application_answered acheteur@laval.example",
		} {
			if got[want] == 0 {
				t.Errorf("no %s; outbox: %v", want, got)
			}
		}
		var jobs int64
		if err := e.DB.Owner.Raw(`SELECT count(*) FROM jobs WHERE kind = 'mail.send'`).Scan(&jobs).Error; err != nil {
			t.Fatal(err)
		}
		if jobs != int64(len(rows)) {
			t.Errorf("%d mail jobs for %d messages", jobs, len(rows))
		}
		admin := e.member("admin@maillage.example", nil, "platform_admin")
		if r := admin.get("/dev/courriels?to=marie@coopneige.example"); r.Status != http.StatusOK || !strings.Contains(r.Body, "Inscription acceptée") {
			t.Errorf("dev mailbox: %d %.300s", r.Status, r.Body)
		}
	})
}

// TestSupplierFormAndAudit goes through the HTML form: a buyer verifies an EES status
// (who and when are recorded), bad input re-renders the form with the message and
// changes nothing, and the tenant admin sees the audit trail on the record.
func TestSupplierFormAndAudit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("levis")
	buyer := e.member("acheteuse@levis.example", &a, "buyer")
	admin := e.member("admin@levis.example", &a, "tenant_admin")
	form := url.Values{"neq": {"1143456789"}, "legal_name": {"Coop Neige"}, "legal_form": {"cooperative"}, "municipality": {"levis"},
		"ees_verified": {"on"}, "ees_criteria": {"meets_needs", "independent", "democratic", "viable", "limited_surplus", "assets_to_similar"}}
	bad := url.Values{"neq": {"1143456789"}, "legal_name": {"Coop Neige"}, "legal_form": {"cooperative"}, "municipality": {"Gotham"}}
	r := buyer.postForm("/t/levis/fournisseurs", bad)
	if r.Status != 422 || !strings.Contains(r.Body, "Municipalité inconnue") || !strings.Contains(r.Body, `aria-invalid="true"`) {
		t.Fatalf("bad form: %d %.500s", r.Status, r.Body)
	}
	if r := buyer.get("/api/v1/t/levis/suppliers"); !strings.Contains(r.Body, `"total":0`) {
		t.Fatal("a refused form wrote a supplier")
	}
	r = buyer.postForm("/t/levis/fournisseurs", form)
	if r.Status != 303 {
		t.Fatalf("create: %d %.500s", r.Status, r.Body)
	}
	loc := r.Header.Get("Location")
	if r := buyer.get("/api/v1/t/levis/suppliers?ees=true"); !strings.Contains(r.Body, `"ees_attestation":"verified"`) || !strings.Contains(r.Body, `"ees_attested_by":"acheteuse@levis.example"`) {
		t.Fatalf("verification not recorded: %.500s", r.Body)
	}
	if r := admin.get(loc); r.Status != 200 || !strings.Contains(r.Body, "a ajouté Coop Neige au registre") || strings.Contains(r.Body, "supplier.create") {
		t.Fatalf("admin page lacks the audit trail: %d", r.Status)
	}
	if r := buyer.get(loc); strings.Contains(r.Body, "a ajouté Coop Neige au registre") {
		t.Fatal("a buyer sees the audit log")
	}
}

// TestProfilePrefilledFromCatalogue: an enterprise whose NEQ is in the shared catalogue
// gets its profile form filled in from there.
func TestProfilePrefilledFromCatalogue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ent := e.member("info@marmite.example", nil, "enterprise")
	if err := e.DB.Owner.Exec(`INSERT INTO catalogue_entries (neq, name, name_key, legal_form, municipality_code, unspsc, products, source_kind, source_name)
		VALUES ('1149999999', 'Traiteur La Marmite solidaire', 'traiteur la marmite solidaire', 'coop_solidarity', '25213', '{90100000}', '{repas}', 'demo', 'test')`).Error; err != nil {
		t.Fatal(err)
	}
	r := ent.get("/entreprise/profil?neq=1149999999")
	if r.Status != 200 || !strings.Contains(r.Body, `value="Traiteur La Marmite solidaire"`) || !strings.Contains(r.Body, `value="90100000"`) {
		t.Fatalf("not pre-filled: %d %.300s", r.Status, r.Body)
	}
	if r := ent.get("/entreprise/profil?neq=1140000000"); !strings.Contains(r.Body, `id="legal_name" name="legal_name" value=""`) {
		t.Fatal("an unknown NEQ pre-filled something")
	}
}

// TestImportPages goes through the import pages: upload, preview with the suggested
// mapping and every row error (nothing written), fix the mapping, confirm.
func TestImportPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("levis")
	buyer := e.member("acheteuse@levis.example", &a, "buyer")
	file := "No entreprise;Raison sociale;Ville;Note\r\n1143456789;Coop A;Lévis;x\r\n2264567890;Coop B;Gotham;y\r\n"
	body, ct := multipartBody(t, "registre.csv", []byte(file), nil)
	r := buyer.do("POST", "/t/levis/fournisseurs/importer", body, ct)
	if r.Status != 422 || !strings.Contains(r.Body, "Municipalité inconnue") || !strings.Contains(r.Body, "Rien n’a été importé") {
		t.Fatalf("preview: %d %.3000s", r.Status, r.Body)
	}
	if !strings.Contains(r.Body, `<option value="legal_name" selected>`) || !strings.Contains(r.Body, `<option value="neq" selected>`) {
		t.Errorf("suggested mapping not shown: %.1500s", r.Body)
	}
	id := between(r.Body, `name="import_id" value="`, `"`)
	if id == "" {
		t.Fatal("no import id")
	}
	if r := buyer.get("/api/v1/t/levis/suppliers"); !strings.Contains(r.Body, `"total":0`) {
		t.Fatal("the preview wrote suppliers")
	}
	// Correct the municipality of line 3 on the preview: checked again, then kept until the import.
	if !strings.Contains(r.Body, `name="fix.3.municipality" value="Gotham"`) {
		t.Fatalf("no field to correct line 3: %.3000s", r.Body)
	}
	fixed := url.Values{"import_id": {id}, "header": {"No entreprise", "Raison sociale", "Ville", "Note"},
		"map_No entreprise": {"neq"}, "map_Raison sociale": {"legal_name"}, "map_Ville": {"municipality"}, "fix.3.municipality": {"Lévis"}}
	r = buyer.postForm("/t/levis/fournisseurs/importer/confirmer", fixed)
	if r.Status != 200 || strings.Contains(r.Body, "Municipalité inconnue") || !strings.Contains(r.Body, `type="hidden" name="fix.3.municipality" value="Lévis"`) {
		t.Fatalf("recheck with the fix: %d %.3000s", r.Status, r.Body)
	}
	if r := buyer.postForm("/t/levis/fournisseurs/importer/confirmer", url.Values{"import_id": {id}, "header": {"Ville"}, "map_Ville": {"municipality"},
		"fix.x.municipality": {"Lévis"}}); r.Status != 422 {
		t.Fatalf("a fix of no line: %d", r.Status)
	}
	// Ignore the bad municipality column and confirm.
	form := url.Values{"import_id": {id}, "header": {"No entreprise", "Raison sociale", "Ville", "Note"},
		"map_No entreprise": {"neq"}, "map_Raison sociale": {"legal_name"}, "map_Ville": {""}, "confirm": {"1"}}
	r = buyer.postForm("/t/levis/fournisseurs/importer/confirmer", form)
	if r.Status != 200 || !strings.Contains(r.Body, "2 fournisseurs ont été importés") {
		t.Fatalf("confirm: %d %.600s", r.Status, r.Body)
	}
	if r := buyer.get("/api/v1/t/levis/suppliers"); !strings.Contains(r.Body, `"total":2`) {
		t.Fatalf("register after import: %.300s", r.Body)
	}
	other := e.tenant("laval")
	thief := e.member("acheteur@laval.example", &other, "buyer")
	if r := thief.postForm("/t/laval/fournisseurs/importer/confirmer", form); r.Status != 404 {
		t.Fatalf("another body confirms levis's file: %d", r.Status)
	}
}

// TestDocumentTypes: a body requires a document type and sets its warning window; the
// register's document-state filter follows; another body's settings are its own.
func TestDocumentTypes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.tenant("levis"), e.tenant("laval")
	buyer := e.member("acheteuse@levis.example", &a, "buyer")
	other := e.member("acheteur@laval.example", &b, "buyer")
	buyer.sendJSON("POST", "/api/v1/t/levis/suppliers", map[string]any{"neq": "1143456789", "legal_name": "Coop A", "legal_form": "other"})
	other.sendJSON("POST", "/api/v1/t/laval/suppliers", map[string]any{"neq": "1143456789", "legal_name": "Coop A", "legal_form": "other"})
	if r := buyer.get("/api/v1/t/levis/suppliers?doc_state=missing"); !strings.Contains(r.Body, `"total":0`) {
		t.Fatalf("nothing required yet: %.200s", r.Body)
	}
	form := url.Values{"code": {"rq_attestation", "insurance", "amp_authorization", "rena_check"},
		"warn_rq_attestation": {"45"}, "warn_insurance": {"30"}, "warn_amp_authorization": {"30"}, "warn_rena_check": {"30"},
		"required_insurance": {"on"}, "new_code": {"cnesst"}, "new_label": {"Attestation CNESST"}, "new_warn": {"15"}}
	if r := buyer.postForm("/t/levis/fournisseurs/documents-requis", form); r.Status != 303 {
		t.Fatalf("save: %d %.300s", r.Status, r.Body)
	}
	if r := buyer.get("/api/v1/t/levis/suppliers?doc_state=missing"); !strings.Contains(r.Body, `"total":1`) {
		t.Fatalf("a required type without a document is missing: %.200s", r.Body)
	}
	if r := buyer.get("/api/v1/t/levis/suppliers/document-types"); !strings.Contains(r.Body, `"code":"cnesst"`) || !strings.Contains(r.Body, `"warn_days":45`) {
		t.Fatalf("types: %.500s", r.Body)
	}
	if r := other.get("/api/v1/t/laval/suppliers?doc_state=missing"); !strings.Contains(r.Body, `"total":0`) {
		t.Fatalf("levis's requirement reached laval: %.200s", r.Body)
	}
	if r := other.get("/api/v1/t/laval/suppliers/document-types"); strings.Contains(r.Body, "cnesst") {
		t.Fatal("laval sees levis's own type")
	}
	if r := buyer.sendJSON("PUT", "/api/v1/t/levis/suppliers/document-types/x", map[string]any{"warn_days": 900}); r.Status != 422 {
		t.Fatalf("bad type: %d", r.Status)
	}
	if r := buyer.get("/t/levis/fournisseurs/documents-requis"); r.Status != 200 || !strings.Contains(r.Body, "Attestation CNESST") {
		t.Fatalf("page: %d", r.Status)
	}
}
