package tabular

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"maillage/app/errs"
)

func TestSafeCell(t *testing.T) {
	tests := map[string]string{
		"":                       "",
		"Déneigement":            "Déneigement",
		"=HYPERLINK(\"evil\")":   "'=HYPERLINK(\"evil\")",
		"+1 514 555 0000":        "'+1 514 555 0000",
		"-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
		"@SUM(A1)":               "'@SUM(A1)",
		"\t=1":                   "'\t=1",
		"\r=1":                   "'\r=1",
		"a=1":                    "a=1",
		" =1":                    " =1",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := SafeCell(in); got != want {
				t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

var exportRows = [][]string{
	{"NEQ", "Nom", "Note"},
	{"1143456789", "Coopérative « Été »", "=cmd|' /C calc'!A0"},
	{"1167890123", "Ligne\nmultiple; avec, séparateurs", "@SUM(1)"},
	{"1170000001", "\x01contrôle<script>", "-5"},
}

func TestCSVWriter(t *testing.T) {
	tests := []struct {
		name  string
		opts  CSVOptions
		delim rune
		enc   Encoding
	}{
		{"default: comma with BOM", CSVOptions{}, ',', UTF8BOM},
		{"semicolon", CSVOptions{Semicolon: true}, ';', UTF8BOM},
		{"no BOM", CSVOptions{NoBOM: true}, ',', UTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewCSVWriter(&buf, tt.opts)
			for _, r := range exportRows {
				if err := w.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			if hasBOM := bytes.HasPrefix(out, bomUTF8); hasBOM != !tt.opts.NoBOM {
				t.Errorf("BOM present = %v", hasBOM)
			}
			if !bytes.Contains(out, []byte("\r\n")) {
				t.Error("lines do not end with CRLF")
			}
			var v errs.Validation
			tab, err := Read(bytes.NewReader(out), Options{}, &v)
			if err != nil || v.Err() != nil {
				t.Fatalf("reading back: %v %+v", err, v.Fields)
			}
			if tab.Delimiter != tt.delim || tab.Encoding != tt.enc {
				t.Errorf("read back as %q/%s, want %q/%s", tab.Delimiter, tab.Encoding, tt.delim, tt.enc)
			}
			assertDefused(t, tab)
		})
	}
}

func TestXLSXWriter(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewXLSXWriter(&buf, "Fournisseurs")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range exportRows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var v errs.Validation
	tab, err := Read(bytes.NewReader(buf.Bytes()), Options{}, &v)
	if err != nil {
		t.Fatalf("reading back: %v", err)
	}
	if tab.Format != FormatXLSX || tab.Sheet != "Fournisseurs" {
		t.Errorf("format/sheet = %s/%s", tab.Format, tab.Sheet)
	}
	assertDefused(t, tab)
	if got := tab.Rows[2].Cells[1]; got != "contrôle<script>" {
		t.Errorf("control character not dropped: %q", got)
	}
}

// assertDefused checks the exported values survive, except that would-be formulas now
// start with an apostrophe.
func assertDefused(t *testing.T, tab *Table) {
	t.Helper()
	if !reflect.DeepEqual(tab.Headers, exportRows[0]) {
		t.Errorf("headers = %q", tab.Headers)
	}
	if len(tab.Rows) != len(exportRows)-1 {
		t.Fatalf("rows = %d", len(tab.Rows))
	}
	for i, r := range tab.Rows {
		want := exportRows[i+1]
		if r.Cells[0] != want[0] || !strings.Contains(r.Cells[1], strings.TrimPrefix(want[1], "\x01")) {
			t.Errorf("row %d = %q, want %q", i+1, r.Cells, want)
		}
		if note := r.Cells[2]; note != "'"+want[2] {
			t.Errorf("row %d note = %q, want it defused as %q", i+1, note, "'"+want[2])
		}
	}
}
