package uploads

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"maillage/app/errs"
)

const minimalPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{200, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exeBytes is the start of a Windows PE executable: "MZ" DOS header pointing at "PE\0\0".
func exeBytes() []byte {
	b := make([]byte, 256)
	copy(b, "MZ")
	b[0x3c] = 0x80
	copy(b[0x80:], "PE\x00\x00")
	return b
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name     string
		data     []byte
		client   string
		max      int64
		kind     errs.Kind
		key      string
		wantType string
		wantName string
	}{
		{"pdf", []byte(minimalPDF), "attestation RQ.pdf", 0, "", "", TypePDF, "attestation RQ.pdf"},
		{"png", pngBytes(t), "C:\\Users\\marie\\assurance.PNG", 0, "", "", TypePNG, "assurance.png"},
		{"jpeg named .jpeg", jpegBytes(t), "photo.jpeg", 0, "", "", TypeJPEG, "photo.jpg"},
		{"pdf named .png is stored as pdf", []byte(minimalPDF), "scan.png", 0, "", "", TypePDF, "scan.pdf"},
		{"exactly at the limit", []byte(minimalPDF), "a.pdf", int64(len(minimalPDF)), "", "", TypePDF, "a.pdf"},
		{"exe renamed .pdf", exeBytes(), "attestation.pdf", 0, errs.Unsupported, "uploads.type_not_allowed", "", ""},
		{"html renamed .pdf", []byte("<!DOCTYPE html><script>alert(1)</script>"), "a.pdf", 0, errs.Unsupported, "uploads.type_not_allowed", "", ""},
		{"svg with script", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "logo.png", 0, errs.Unsupported, "uploads.type_not_allowed", "", ""},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "a.gif", 0, errs.Unsupported, "uploads.type_not_allowed", "", ""},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), "a.pdf", 0, errs.Unsupported, "uploads.type_not_allowed", "", ""},
		{"plain text", []byte("bonjour"), "a.pdf", 0, errs.Unsupported, "uploads.type_not_allowed", "", ""},
		{"empty", nil, "a.pdf", 0, errs.Invalid, "uploads.empty", "", ""},
		{"one byte over the limit", []byte(minimalPDF), "a.pdf", int64(len(minimalPDF)) - 1, errs.TooLarge, "uploads.too_large", "", ""},
		{"oversized with the default limit", append([]byte(minimalPDF), make([]byte, DefaultMaxBytes)...), "big.pdf", 0, errs.TooLarge, "uploads.too_large", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Check(bytes.NewReader(tt.data), tt.client, tt.max)
			if tt.key != "" {
				e := errs.As(err)
				if e == nil || e.Kind != tt.kind || e.Key != tt.key {
					t.Fatalf("Check err = %v, want %s %s", err, tt.kind, tt.key)
				}
				return
			}
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			sum := sha256.Sum256(tt.data)
			if f.MediaType != tt.wantType || f.Name != tt.wantName || f.SHA256 != hex.EncodeToString(sum[:]) || f.Size() != int64(len(tt.data)) {
				t.Errorf("got type %q name %q sha %s size %d", f.MediaType, f.Name, f.SHA256, f.Size())
			}
		})
	}
}

func TestSafeName(t *testing.T) {
	tests := []struct{ in, ext, want string }{
		{"rapport.pdf", ".pdf", "rapport.pdf"},
		{"../../etc/passwd", ".pdf", "passwd.pdf"},
		{"..\\..\\windows\\system32\\evil.exe", ".pdf", "evil.pdf"},
		{"rapport.pdf.exe", ".pdf", "rapport.pdf.pdf"},
		{"a\"b\r\nc<d>.png", ".png", "abcd.png"},
		{"", ".jpg", "document.jpg"},
		{"...", ".pdf", "document.pdf"},
		{"Attestation de Revenu Québec – 2026.pdf", ".pdf", "Attestation de Revenu Québec – 2026.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := SafeName(tt.in, tt.ext); got != tt.want {
				t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	long := SafeName(string(bytes.Repeat([]byte("é"), 300))+".pdf", ".pdf")
	if n := len([]rune(long)); n != 124 {
		t.Errorf("long name has %d runes, want 124", n)
	}
}
