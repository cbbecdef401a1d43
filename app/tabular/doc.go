// Package tabular reads and writes spreadsheets as rows of strings: CSV (UTF-8 with or
// without BOM, UTF-16 with BOM, or Windows-1252; comma, semicolon or tab) and XLSX.
//
// It knows nothing about suppliers or any other domain: importers describe their target
// fields with Target values, map source columns onto them with a Mapping (suggested from
// the headers, accent- and case-insensitively), show a Preview, and collect row-level
// errors in an errs.Validation so that an import is all-or-nothing. Writers protect every
// cell against formula injection, because exported registers are opened in Excel.
package tabular

// Format is the kind of file a Table was read from.
type Format string

const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// Encoding is the character encoding a CSV file was decoded from.
type Encoding string

const (
	UTF8        Encoding = "utf-8"
	UTF8BOM     Encoding = "utf-8-bom"
	UTF16BOM    Encoding = "utf-16-bom"
	Windows1252 Encoding = "windows-1252"
)

// Row is one data row of a table (the header row is not a Row).
type Row struct {
	Number int      // 1-based data row number, the Row of errs.FieldError
	Line   int      // 1-based line of the CSV file or row of the sheet, what a person sees in Excel
	Cells  []string // always len(Table.Headers) cells, padded or truncated
}

// Table is a decoded file: its header row and data rows.
type Table struct {
	Format    Format
	Encoding  Encoding // CSV only
	Delimiter rune     // CSV only
	Sheet     string   // XLSX only
	Headers   []string
	Rows      []Row
}
