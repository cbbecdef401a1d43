package uploads

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path"
	"strings"
	"unicode"

	"github.com/gabriel-vasile/mimetype"

	"maillage/app/errs"
)

// DefaultMaxBytes is the size limit for a document (an attestation or a certificate
// scanned at a decent resolution fits well under it).
const DefaultMaxBytes = 10 << 20

// Allowed content types, as sniffed.
const (
	TypePDF  = "application/pdf"
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
)

// File is an accepted upload, held in memory (documents are small).
type File struct {
	Data      []byte
	MediaType string // sniffed: one of TypePDF, TypePNG, TypeJPEG
	Ext       string // ".pdf", ".png" or ".jpg", from the sniffed type
	Name      string // the client's file name made safe for display and Content-Disposition
	SHA256    string // lowercase hex of the content
}

// Size is the file's length in bytes.
func (f File) Size() int64 { return int64(len(f.Data)) }

// Check reads r (at most maxBytes; 0 means DefaultMaxBytes) and accepts it only when
// its content is a PDF, PNG or JPEG. Errors: TooLarge "uploads.too_large",
// Unsupported "uploads.type_not_allowed", Invalid "uploads.empty".
func Check(r io.Reader, clientName string, maxBytes int64) (File, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return File{}, errs.E(errs.Invalid, "uploads.unreadable").Wrap(err)
	}
	if int64(len(data)) > maxBytes {
		return File{}, errs.E(errs.TooLarge, "uploads.too_large").With(map[string]any{"MaxMB": (maxBytes + 1<<20 - 1) >> 20})
	}
	if len(data) == 0 {
		return File{}, errs.E(errs.Invalid, "uploads.empty")
	}
	mt := mimetype.Detect(data)
	var ext string
	switch {
	case mt.Is(TypePDF):
		ext = ".pdf"
	case mt.Is(TypePNG):
		ext = ".png"
	case mt.Is(TypeJPEG):
		ext = ".jpg"
	default:
		return File{}, errs.E(errs.Unsupported, "uploads.type_not_allowed").With(map[string]any{"Detected": mt.String()})
	}
	sum := sha256.Sum256(data)
	return File{
		Data:      data,
		MediaType: strings.SplitN(mt.String(), ";", 2)[0],
		Ext:       ext,
		Name:      SafeName(clientName, ext),
		SHA256:    hex.EncodeToString(sum[:]),
	}, nil
}

// SafeName keeps the last element of a client's file name, without control or path
// characters, at most 120 characters, and with the extension of the sniffed type (so
// "rapport.pdf.exe" holding a PDF downloads as "rapport.pdf.pdf", not as an .exe).
func SafeName(name, ext string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), r == '"', r == '/', r == ':', r == '*', r == '?', r == '<', r == '>', r == '|':
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(strings.TrimSuffix(name, path.Ext(name)))
	name = strings.Trim(name, ". ")
	if name == "" {
		name = "document"
	}
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	return name + ext
}
