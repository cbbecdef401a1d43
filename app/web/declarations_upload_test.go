package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// multipartForm builds a form with fields and one file.
func multipartForm(t *testing.T, fields map[string]string, fileField, fileName string, content []byte) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if fileField != "" {
		fw, err := w.CreateFormFile(fileField, fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, w.FormDataContentType()
}

const testPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

func TestResolutionUploadAndAdoption(t *testing.T) {
	t.Parallel()
	f := newDeclarationFixture(t)
	// A draft for 2026 to adopt with its resolution.
	r := f.admin.sendJSON("POST", "/api/v1/t/rimouski/declarations", map[string]any{"period_start": "2026-01-01", "period_end": "2026-12-31",
		"text_fr": "Texte", "eligibility": map[string]any{"rule": "all"}})
	if r.Status != 201 {
		t.Fatalf("create draft: %d %s", r.Status, r.Body)
	}
	id := between(r.Body, `"id":"`, `"`)
	adopt := func(number string, name string, content []byte) resp {
		body, ct := multipartForm(t, map[string]string{"resolution_number": number, "resolution_date": "2025-06-15"}, "resolution_file", name, content)
		return f.admin.do(http.MethodPost, "/t/rimouski/declarations/"+id+"/adopt", body, ct)
	}
	t.Run("an executable named .pdf refuses the whole adoption", func(t *testing.T) {
		exe := append([]byte("MZ"), make([]byte, 300)...)
		if r := adopt("CM-2025-300", "resolution.pdf", exe); r.Status != http.StatusUnsupportedMediaType {
			t.Fatalf("status %d", r.Status)
		}
		if r := f.admin.get("/api/v1/t/rimouski/declarations/" + id); !strings.Contains(r.Body, `"status":"draft"`) {
			t.Errorf("declaration adopted despite the refused file: %s", r.Body)
		}
	})
	t.Run("adoption with its signed resolution", func(t *testing.T) {
		if r := adopt("CM-2025-300", `C:\greffe\Résolution CM-2025-300.pdf`, []byte(testPDF)); r.Status != http.StatusSeeOther {
			t.Fatalf("status %d: %.300s", r.Status, r.Body)
		}
		r := f.official.get("/t/rimouski/declarations/" + id + "/resolution.pdf")
		if r.Status != 200 || r.Body != testPDF || r.Header.Get("Content-Type") != "application/pdf" ||
			!strings.Contains(r.Header.Get("Content-Disposition"), "Résolution CM-2025-300.pdf") {
			t.Errorf("download: %d %q %q", r.Status, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
		}
	})
	t.Run("another tenant cannot download it", func(t *testing.T) {
		other := f.e.tenant("gaspe")
		stranger := f.e.member("admin@gaspe.test", &other, "tenant_admin")
		for _, p := range []string{"/t/rimouski/declarations/" + id + "/resolution.pdf", "/t/gaspe/declarations/" + id + "/resolution.pdf"} {
			if r := stranger.get(p); r.Status != http.StatusNotFound {
				t.Errorf("%s: %d", p, r.Status)
			}
		}
	})
	t.Run("replacing it by upload", func(t *testing.T) {
		v2 := strings.Replace(testPDF, "1.4", "1.7", 1)
		body, ct := multipartForm(t, nil, "resolution_file", "v2.pdf", []byte(v2))
		if r := f.admin.do(http.MethodPost, "/t/rimouski/declarations/"+id+"/resolution", body, ct); r.Status != http.StatusSeeOther {
			t.Fatalf("status %d", r.Status)
		}
		if r := f.admin.get("/t/rimouski/declarations/" + id + "/resolution.pdf"); r.Body != v2 {
			t.Errorf("download after replace: %q", r.Body)
		}
	})
}

func TestResolutionAPI(t *testing.T) {
	t.Parallel()
	f := newDeclarationFixture(t)
	api := f.e.tokenClient(userID(t, f.e, "admin@rimouski.test"))
	path := "/api/v1/t/rimouski/declarations/" + f.decl.ID + "/resolution"
	if r := api.do(http.MethodPut, path, strings.NewReader("<html>not a pdf</html>"), "application/pdf"); r.Status != http.StatusUnsupportedMediaType {
		t.Errorf("HTML as a PDF: %d %s", r.Status, r.Body)
	}
	if r := api.do(http.MethodPut, path, strings.NewReader(testPDF), "application/pdf"); r.Status != 200 || !strings.Contains(r.Body, `"sha256":"`) {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	if r := api.get(path); r.Status != 200 || r.Body != testPDF {
		t.Errorf("download: %d", r.Status)
	}
	if r := f.official.do(http.MethodPut, path, strings.NewReader(testPDF), "application/pdf"); r.Status != http.StatusForbidden {
		t.Errorf("official upload: %d", r.Status)
	}
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	if j := strings.Index(s, b); j >= 0 {
		return s[:j]
	}
	return s
}
