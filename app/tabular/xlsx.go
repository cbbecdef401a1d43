package tabular

import (
	"bytes"

	"github.com/xuri/excelize/v2"

	"maillage/app/errs"
)

// readXLSX reads one sheet of a workbook. Cells come back as Excel displays them
// (formatted), so dates and codes look the same as on screen. The unzip limits guard
// against a small file that inflates into gigabytes.
func readXLSX(data []byte, opts Options) (*Table, error) {
	limit := 8 * opts.maxBytes()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    limit,
		UnzipXMLSizeLimit: min(limit, excelize.StreamChunkSize),
	})
	if err != nil {
		return nil, errs.E(errs.Unsupported, "tabular.xlsx_unreadable").Wrap(err)
	}
	defer f.Close()
	sheet := opts.Sheet
	if sheet == "" {
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, errs.E(errs.Invalid, "tabular.empty")
		}
		sheet = sheets[0]
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, errs.E(errs.Invalid, "tabular.sheet_missing").With(map[string]any{"Sheet": sheet}).Wrap(err)
	}
	defer rows.Close()
	var (
		header  []string
		records []record
		line    int
	)
	maxRows := opts.maxRows()
	for rows.Next() {
		line++
		cells, err := rows.Columns()
		if err != nil {
			return nil, errs.E(errs.Unsupported, "tabular.xlsx_unreadable").Wrap(err)
		}
		if blank(cells) {
			continue
		}
		if header == nil {
			header = cells
			continue
		}
		records = append(records, record{line: line, cells: cells})
		if len(records) > maxRows { // stop reading early; checkShape reports it
			break
		}
	}
	if err := rows.Error(); err != nil {
		return nil, errs.E(errs.Unsupported, "tabular.xlsx_unreadable").Wrap(err)
	}
	if header == nil {
		return nil, errs.E(errs.Invalid, "tabular.empty")
	}
	// Trailing empty header cells come from formatting, not data: drop them. Values in
	// columns past the header get a column of their own (named by position) rather than
	// being dropped without a word.
	for len(header) > 0 && header[len(header)-1] == "" {
		header = header[:len(header)-1]
	}
	for _, r := range records {
		for w := len(r.cells); w > len(header); w-- {
			if r.cells[w-1] != "" {
				header = append(header, make([]string, w-len(header))...)
				break
			}
		}
	}
	t := build(header, records)
	t.Format, t.Sheet = FormatXLSX, sheet
	return t, nil
}
