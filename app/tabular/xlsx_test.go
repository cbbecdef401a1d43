package tabular

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"maillage/app/errs"
)

// workbook builds an XLSX the way a person would in Excel: numbers as numbers, a date,
// blank rows, a value in a column without header.
func workbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	set := func(cell string, v any) {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "NEQ")
	set("B1", "Nom")
	set("C1", "Inscrit le")
	set("A2", 1143456789) // typed as a number, as Excel does with a pasted NEQ
	set("B2", "Coop de solidarité Éco-Logis")
	set("C2", time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC))
	// row 3 left blank
	set("A4", "1167890123")
	set("B4", "=1+1 (texte, pas une formule)")
	set("D4", "valeur orpheline")
	if err := f.SetCellFormula("Sheet1", "C4", "TODAY()"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Autre"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Autre", "A1", "Seule"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSX(t *testing.T) {
	data := workbook(t)
	t.Run("first sheet", func(t *testing.T) {
		var v errs.Validation
		tab, err := Read(bytes.NewReader(data), Options{}, &v)
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		if tab.Format != FormatXLSX || tab.Sheet != "Sheet1" {
			t.Errorf("format/sheet = %s/%s", tab.Format, tab.Sheet)
		}
		wantHeaders := []string{"NEQ", "Nom", "Inscrit le", "(4)"}
		if !reflect.DeepEqual(tab.Headers, wantHeaders) {
			t.Errorf("headers = %q, want %q", tab.Headers, wantHeaders)
		}
		if len(tab.Rows) != 2 {
			t.Fatalf("rows = %d, want 2", len(tab.Rows))
		}
		r1, r2 := tab.Rows[0], tab.Rows[1]
		if r1.Cells[0] != "1143456789" {
			t.Errorf("numeric NEQ read as %q, want 1143456789 (never scientific notation)", r1.Cells[0])
		}
		if r1.Cells[1] != "Coop de solidarité Éco-Logis" || r1.Cells[2] == "" {
			t.Errorf("row 1 = %q", r1.Cells)
		}
		if r2.Number != 2 || r2.Line != 4 {
			t.Errorf("row 2 number/line = %d/%d, want 2/4", r2.Number, r2.Line)
		}
		if r2.Cells[1] != "=1+1 (texte, pas une formule)" || r2.Cells[3] != "valeur orpheline" {
			t.Errorf("row 2 = %q", r2.Cells)
		}
		if err := v.Err(); err != nil {
			t.Errorf("row errors: %+v", v.Fields)
		}
	})
	t.Run("named sheet", func(t *testing.T) {
		var v errs.Validation
		tab, err := Read(bytes.NewReader(data), Options{Sheet: "Autre"}, &v)
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		if !reflect.DeepEqual(tab.Headers, []string{"Seule"}) || len(tab.Rows) != 0 {
			t.Errorf("headers %q rows %d", tab.Headers, len(tab.Rows))
		}
	})
	t.Run("missing sheet", func(t *testing.T) {
		var v errs.Validation
		_, err := Read(bytes.NewReader(data), Options{Sheet: "Nulle part"}, &v)
		if e := errs.As(err); e == nil || e.Key != "tabular.sheet_missing" {
			t.Fatalf("err = %v, want tabular.sheet_missing", err)
		}
	})
	t.Run("too many rows", func(t *testing.T) {
		var v errs.Validation
		_, err := Read(bytes.NewReader(data), Options{MaxRows: 1}, &v)
		if e := errs.As(err); e == nil || e.Key != "tabular.too_many_rows" {
			t.Fatalf("err = %v, want tabular.too_many_rows", err)
		}
	})
	t.Run("inflates past the limit (zip bomb)", func(t *testing.T) {
		f := excelize.NewFile()
		defer f.Close()
		for r := 1; r <= 5000; r++ {
			for c := 1; c <= 5; c++ {
				cell, _ := excelize.CoordinatesToCellName(c, r)
				if err := f.SetCellValue("Sheet1", cell, "même texte répété"); err != nil {
					t.Fatal(err)
				}
			}
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		var v errs.Validation
		// The file itself is under the limit; what it inflates to is not.
		_, err := Read(bytes.NewReader(buf.Bytes()), Options{MaxBytes: int64(buf.Len()) + 1}, &v)
		t.Logf("file %d bytes: %v", buf.Len(), err)
		if e := errs.As(err); e == nil || e.Key != "tabular.xlsx_unreadable" {
			t.Fatalf("err = %v (file %d bytes), want tabular.xlsx_unreadable", err, buf.Len())
		}
	})
	t.Run("truncated workbook", func(t *testing.T) {
		var v errs.Validation
		_, err := Read(bytes.NewReader(data[:len(data)/2]), Options{}, &v)
		if e := errs.As(err); e == nil || e.Kind != errs.Unsupported {
			t.Fatalf("err = %v, want unsupported", err)
		}
	})
}
