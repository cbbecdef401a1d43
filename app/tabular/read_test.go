package tabular

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"maillage/app/errs"
)

// rowErr is the part of an errs.FieldError a test compares.
type rowErr struct {
	Row  int
	Key  string
	Line int
}

func rowErrs(v *errs.Validation) []rowErr {
	var out []rowErr
	for _, f := range v.Fields {
		line, _ := f.Args["Line"].(int)
		out = append(out, rowErr{f.Row, f.Key, line})
	}
	return out
}

func TestReadFixtures(t *testing.T) {
	tests := []struct {
		file      string
		encoding  Encoding
		delimiter rune
		headers   []string
		rows      [][]string
		lines     []int
		errors    []rowErr
	}{
		{
			file:      "register_win1252_semicolon.csv",
			encoding:  Windows1252,
			delimiter: ';',
			headers:   []string{"NEQ", "Nom de l'entreprise", "Forme juridique", "Municipalité", "Produits et services", "Montant"},
			rows: [][]string{
				{"1143456789", "Coopérative de déneigement Sainte-Thérèse", "Coopérative", "Sainte-Thérèse", "Déneigement, entretien", "12,50"},
				{"1167890123", "Les Entreprises Œuvre; Été inc.", "Société par actions", "Québec", "Traiteur « bio »", "1 000,00"},
				{"2264567890", "Atelier Émeraude", "OBNL", "Lévis", `=HYPERLINK("x")`, "0,99"},
			},
			lines: []int{2, 4, 5}, // the blank line 3 is skipped but still counted
		},
		{
			file:      "register_utf8_bom.csv",
			encoding:  UTF8BOM,
			delimiter: ',',
			headers:   []string{"neq", "Raison sociale", "Site Web", "Description"},
			rows: [][]string{
				{"1143456789", "Café Équitable coop", "https://cafe.example", "Torréfaction\net livraison, sur deux lignes"},
				{"1170000001", "Ébénisterie Côté", "", "Meubles"},
			},
			lines: []int{2, 4},
		},
		{
			file:      "broken_row.csv",
			encoding:  UTF8,
			delimiter: ',',
			headers:   []string{"NEQ", "Nom", "Ville"},
			rows: [][]string{
				{"1143456789", "Bonne ligne", "Montréal"},
				{"1143456780", "Trop", "de"},
				nil, // content of a malformed row is whatever the parser salvaged: not asserted
				{"1143456782", "Pas assez", ""},
				{"1143456783", "Autre bonne", "Gatineau"}, // a trailing empty cell is tolerated
			},
			lines: []int{2, 3, 4, 5, 6},
			errors: []rowErr{
				{3, "tabular.row_field_count", 3}, // rows are named by their line in the file
				{4, "tabular.row_malformed", 4},
				{5, "tabular.row_field_count", 5},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var v errs.Validation
			tab, err := Read(f, Options{}, &v)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if tab.Format != FormatCSV || tab.Encoding != tt.encoding || tab.Delimiter != tt.delimiter {
				t.Errorf("format/encoding/delimiter = %s/%s/%q, want csv/%s/%q", tab.Format, tab.Encoding, tab.Delimiter, tt.encoding, tt.delimiter)
			}
			if !reflect.DeepEqual(tab.Headers, tt.headers) {
				t.Errorf("headers = %q, want %q", tab.Headers, tt.headers)
			}
			if len(tab.Rows) != len(tt.rows) {
				t.Fatalf("got %d rows, want %d", len(tab.Rows), len(tt.rows))
			}
			for i, want := range tt.rows {
				got := tab.Rows[i]
				if got.Number != i+1 || got.Line != tt.lines[i] {
					t.Errorf("row %d: number/line = %d/%d, want %d/%d", i, got.Number, got.Line, i+1, tt.lines[i])
				}
				if len(got.Cells) != len(tt.headers) {
					t.Errorf("row %d has %d cells, want %d", i, len(got.Cells), len(tt.headers))
				}
				if want != nil && !reflect.DeepEqual(got.Cells, want) {
					t.Errorf("row %d = %q, want %q", i, got.Cells, want)
				}
			}
			if got := rowErrs(&v); !reflect.DeepEqual(got, tt.errors) {
				t.Errorf("row errors = %+v, want %+v", got, tt.errors)
			}
		})
	}
}

func utf16WithBOM(t *testing.T, s string) []byte {
	t.Helper()
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadGenerated(t *testing.T) {
	tests := []struct {
		name      string
		data      []byte
		opts      Options
		encoding  Encoding
		delimiter rune
		headers   []string
		rows      [][]string
	}{
		{"utf-16 tab (Excel 'Unicode text')", utf16WithBOM(t, "NEQ\tNom\r\n1143456789\tÉcole Saint-Jérôme\r\n"), Options{},
			UTF16BOM, '\t', []string{"NEQ", "Nom"}, [][]string{{"1143456789", "École Saint-Jérôme"}}},
		{"classic Mac line ends", []byte("a;b\r1;2\r3;4\r"), Options{},
			UTF8, ';', []string{"a", "b"}, [][]string{{"1", "2"}, {"3", "4"}}},
		{"comma with decimal commas quoted", []byte("nom,montant\n\"Déneigement\",\"12,50\"\n"), Options{},
			UTF8, ',', []string{"nom", "montant"}, [][]string{{"Déneigement", "12,50"}}},
		{"semicolon beats commas inside values", []byte("nom;montant\nA, B et C;12,50\nD;1,00\n"), Options{},
			UTF8, ';', []string{"nom", "montant"}, [][]string{{"A, B et C", "12,50"}, {"D", "1,00"}}},
		{"single column", []byte("NEQ\n1143456789\n"), Options{},
			UTF8, ',', []string{"NEQ"}, [][]string{{"1143456789"}}},
		{"forced delimiter and encoding", []byte("a|b\n\xe9|\xe8\n"), Options{Delimiter: '|', Encoding: Windows1252},
			Windows1252, '|', []string{"a", "b"}, [][]string{{"é", "è"}}},
		{"blank header cell gets its position", []byte("a,,c\n1,2,3\n"), Options{},
			UTF8, ',', []string{"a", "(2)", "c"}, [][]string{{"1", "2", "3"}}},
		{"leading blank lines and spaces trimmed", []byte("\n\n a , b \n 1 ,\u00a02\u00a0\n"), Options{},
			UTF8, ',', []string{"a", "b"}, [][]string{{"1", "2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v errs.Validation
			tab, err := Read(bytes.NewReader(tt.data), tt.opts, &v)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if err := v.Err(); err != nil {
				t.Fatalf("row errors: %+v", v.Fields)
			}
			if tab.Encoding != tt.encoding || tab.Delimiter != tt.delimiter {
				t.Errorf("encoding/delimiter = %s/%q, want %s/%q", tab.Encoding, tab.Delimiter, tt.encoding, tt.delimiter)
			}
			if !reflect.DeepEqual(tab.Headers, tt.headers) {
				t.Errorf("headers = %q, want %q", tab.Headers, tt.headers)
			}
			var rows [][]string
			for _, r := range tab.Rows {
				rows = append(rows, r.Cells)
			}
			if !reflect.DeepEqual(rows, tt.rows) {
				t.Errorf("rows = %q, want %q", rows, tt.rows)
			}
		})
	}
}

func TestReadRejects(t *testing.T) {
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), bytes.Repeat([]byte{0}, 64)...)
	tests := []struct {
		name string
		data []byte
		opts Options
		kind errs.Kind
		key  string
	}{
		{"too large", bytes.Repeat([]byte("a,b\n"), 100), Options{MaxBytes: 100}, errs.TooLarge, "tabular.too_large"},
		{"legacy xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 32)...), Options{}, errs.Unsupported, "tabular.xls_unsupported"},
		{"executable renamed .csv", exe, Options{}, errs.Unsupported, "tabular.unsupported_format"},
		{"zip that is no workbook", append([]byte("PK\x03\x04"), bytes.Repeat([]byte("x"), 64)...), Options{}, errs.Unsupported, "tabular.xlsx_unreadable"},
		{"empty", nil, Options{}, errs.Invalid, "tabular.empty"},
		{"blank lines only", []byte("\n ; \n\n"), Options{}, errs.Invalid, "tabular.empty"},
		{"duplicate header up to accents and case", []byte("Nom;Municipalité;NOM\n1;2;3\n"), Options{}, errs.Invalid, "tabular.duplicate_header"},
		{"duplicate header folded", []byte("Municipalité,municipalite\n1,2\n"), Options{}, errs.Invalid, "tabular.duplicate_header"},
		{"too many rows", []byte("a\n1\n2\n3\n"), Options{MaxRows: 2}, errs.Invalid, "tabular.too_many_rows"},
		{"forced utf-8 on windows-1252 bytes", []byte("nom\nd\xe9neigement\n"), Options{Encoding: UTF8}, errs.Unsupported, "tabular.bad_encoding"},
		{"malformed header", []byte("\"a,b\nc\n"), Options{}, errs.Invalid, "tabular.bad_header"},
		{"a NUL byte deep in a row", append(append([]byte("nom;ville\n"), bytes.Repeat([]byte("Coop A;Laval\n"), 600)...), []byte("Coop\x00B;Laval\n")...), Options{}, errs.Invalid, "tabular.nul_byte"},
		{"no header row: a postal code", []byte("Coop A;Shawinigan;G9N 1A1\nCoop B;Laval;H7N 2B3\n"), Options{}, errs.Invalid, "tabular.no_header"},
		{"no header row: a NEQ", []byte("1164123456,Coop A,Shawinigan\n"), Options{}, errs.Invalid, "tabular.no_header"},
		{"no header row: an e-mail", []byte("Coop A,info@coop-a.example\n"), Options{}, errs.Invalid, "tabular.no_header"},
		{"Mac Roman is not Windows-1252", []byte("nom;ville\nCoop d\x8eneigement;L\x8fvis\n"), Options{}, errs.Unsupported, "tabular.unknown_encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v errs.Validation
			tab, err := Read(bytes.NewReader(tt.data), tt.opts, &v)
			if err == nil {
				t.Fatalf("Read succeeded with %d rows, want %s", len(tab.Rows), tt.key)
			}
			e := errs.As(err)
			if e == nil || e.Kind != tt.kind || e.Key != tt.key {
				t.Fatalf("err = %v, want %s %s", err, tt.kind, tt.key)
			}
			if tab != nil {
				t.Error("a table came back with a file-level error")
			}
		})
	}
}

func TestReadUTF16WithoutBOM(t *testing.T) {
	for _, order := range []unicode.Endianness{unicode.LittleEndian, unicode.BigEndian} {
		enc := unicode.UTF16(order, unicode.IgnoreBOM).NewEncoder()
		data, err := enc.Bytes([]byte("Nom;Ville\nCoopérative Énergie;Trois-Rivières\n"))
		if err != nil {
			t.Fatal(err)
		}
		var v errs.Validation
		tab, err := Read(bytes.NewReader(data), Options{}, &v)
		if err != nil || len(tab.Rows) != 1 || tab.Rows[0].Cells[1] != "Trois-Rivières" {
			t.Errorf("order %v: %+v %v", order, tab, err)
		}
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		text string
		want rune
	}{
		{"a,b,c\n1,2,3\n", ','},
		{"a;b;c\n1;2;3\n", ';'},
		{"a\tb\tc\n1\t2\t3\n", '\t'},
		{"nom;montant\n\"x;y\";1,5\n", ';'},
		{"\"a;b\",c\n\"1;2\",3\n", ','},    // semicolons only inside quotes
		{"a;b\n1;2,5\n3;4,25\n", ';'},      // French decimals
		{"a\tb\tc,d\n1\t2\t3,4\n", '\t'},   // tab delimits, commas are data
		{"seul\nvaleur\n", ','},            // no delimiter at all
		{"\"multi\nligne\";b\n1;2\n", ';'}, // quoted line break does not split the sample
	}
	for _, tt := range tests {
		t.Run(strings.ReplaceAll(tt.text, "\n", `\n`), func(t *testing.T) {
			if got := detectDelimiter([]byte(tt.text)); got != tt.want {
				t.Errorf("detectDelimiter = %q, want %q", got, tt.want)
			}
		})
	}
}
