package tabular

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"maillage/app/errs"
)

// Default limits; an importer may lower or raise them through Options.
const (
	DefaultMaxBytes = 20 << 20 // 20 MiB: a register of 100,000 rows fits with room to spare
	DefaultMaxRows  = 100_000
)

// Options tune Read. The zero value detects everything and applies the default limits.
type Options struct {
	MaxBytes  int64    // file size limit; 0 means DefaultMaxBytes
	MaxRows   int      // data row limit; 0 means DefaultMaxRows
	Delimiter rune     // CSV delimiter; 0 means detect among comma, semicolon and tab
	Encoding  Encoding // CSV encoding; "" means detect
	Sheet     string   // XLSX sheet; "" means the first one
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

func (o Options) maxRows() int {
	if o.MaxRows > 0 {
		return o.MaxRows
	}
	return DefaultMaxRows
}

// Magic numbers: XLSX is a ZIP archive; legacy .xls is an OLE2 compound file.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Read decodes a CSV or XLSX file, recognised by its content rather than its name.
//
// File-level problems (too large, unknown format, no header, duplicate headers, too many
// rows) are returned as an *errs.Error and no table. Row-level problems (a malformed or
// broken row) are added to v, and the table is still returned so that a preview can show
// them next to the good rows; the caller must not import anything while v holds errors.
func Read(r io.Reader, opts Options, v *errs.Validation) (*Table, error) {
	limit := opts.maxBytes()
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read spreadsheet: %w", errs.E(errs.Invalid, "tabular.unreadable").Wrap(err))
	}
	if int64(len(data)) > limit {
		return nil, errs.E(errs.TooLarge, "tabular.too_large").With(map[string]any{"MaxMB": mebibytes(limit)})
	}
	var t *Table
	switch {
	case bytes.HasPrefix(data, zipMagic):
		t, err = readXLSX(data, opts)
	case bytes.HasPrefix(data, oleMagic):
		return nil, errs.E(errs.Unsupported, "tabular.xls_unsupported")
	case looksBinary(data):
		return nil, errs.E(errs.Unsupported, "tabular.unsupported_format")
	default:
		t, err = readCSV(data, opts, v)
	}
	if err != nil {
		return nil, err
	}
	if err := t.checkShape(opts.maxRows()); err != nil {
		return nil, err
	}
	return t, nil
}

// looksBinary reports NUL bytes in the first kilobytes, which no CSV of ours contains
// (UTF-16 text does, so it is only called after the BOM checks in readCSV fail to apply).
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 4096)]
	if hasUTF16BOM(head) || utf16NoBOM(head) != nil {
		return false
	}
	return bytes.IndexByte(head, 0) >= 0
}

// checkShape applies the rules common to both formats.
func (t *Table) checkShape(maxRows int) error {
	if len(t.Headers) == 0 {
		return errs.E(errs.Invalid, "tabular.empty")
	}
	if len(t.Rows) > maxRows {
		return errs.E(errs.Invalid, "tabular.too_many_rows").With(map[string]any{"Max": maxRows, "Count": len(t.Rows)})
	}
	// A NUL character is in no text anyone types; a database refuses it. The whole file is
	// refused, saying where, rather than importing a truncated value.
	for _, h := range t.Headers {
		if strings.IndexByte(h, 0) >= 0 {
			return errs.E(errs.Invalid, "tabular.nul_byte").With(map[string]any{"Line": 1})
		}
	}
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			if strings.IndexByte(c, 0) >= 0 {
				return errs.E(errs.Invalid, "tabular.nul_byte").With(map[string]any{"Line": r.Line})
			}
		}
	}
	if h, ok := looksLikeData(t.Headers); ok {
		return errs.E(errs.Invalid, "tabular.no_header").With(map[string]any{"Value": h})
	}
	seen := make(map[string]bool, len(t.Headers))
	for _, h := range t.Headers {
		n := Normalize(h)
		if seen[n] {
			return errs.E(errs.Invalid, "tabular.duplicate_header").With(map[string]any{"Header": h})
		}
		seen[n] = true
	}
	return nil
}

// build turns raw records (header first, blank records already dropped) into a Table.
// Empty header cells are named by their 1-based position so that they can still be mapped.
func build(header []string, records []record) *Table {
	t := &Table{Headers: make([]string, len(header))}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			h = "(" + strconv.Itoa(i+1) + ")"
		}
		t.Headers[i] = h
	}
	t.Rows = make([]Row, 0, len(records))
	for i, rec := range records {
		cells := make([]string, len(t.Headers))
		for j := range cells {
			if j < len(rec.cells) {
				cells[j] = strings.TrimSpace(rec.cells[j])
			}
		}
		t.Rows = append(t.Rows, Row{Number: i + 1, Line: rec.line, Cells: cells})
	}
	return t
}

// record is one raw row as read from a file, before shaping.
type record struct {
	line  int
	cells []string
}

// blank reports a row whose every cell is empty: spreadsheets are full of them.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

var (
	dataPostal = regexp.MustCompile(`^[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]$`)
	dataNumber = regexp.MustCompile(`^[0-9][0-9 .,()+-]*$`)
	dataEmail  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[a-z]{2,}$`)
	dataURL    = regexp.MustCompile(`(?i)^(https?://|www\.)`)
)

// looksLikeData reports a first row that is data rather than column names: a header is
// never a postal code, a number, an e-mail or a web address. It returns the cell that gave
// it away.
func looksLikeData(headers []string) (string, bool) {
	for _, h := range headers {
		h = strings.TrimSpace(h)
		if dataPostal.MatchString(h) || dataEmail.MatchString(h) || dataURL.MatchString(h) ||
			dataNumber.MatchString(h) && len(h) >= 6 {
			return h, true
		}
	}
	return "", false
}

func mebibytes(n int64) int64 { return (n + (1<<20 - 1)) >> 20 }
