package tabular

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// SafeCell defuses formula injection (CWE-1236): a cell that starts with = + - @ or a
// tab or carriage return would be run as a formula by Excel or LibreOffice, so it gets a
// leading apostrophe, which spreadsheets show as plain text. The cost is that "-12" is
// exported as "'-12": registers hold text, not arithmetic, so that is the safe trade.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// CSVOptions tune a CSVWriter.
type CSVOptions struct {
	Semicolon bool // ';' instead of ',' (what Excel expects in French-Canadian Windows)
	NoBOM     bool // omit the UTF-8 byte-order mark (Excel needs it to read UTF-8 accents)
}

// CSVWriter writes UTF-8 CSV with CRLF line ends, every cell passed through SafeCell.
type CSVWriter struct {
	w   *csv.Writer
	out io.Writer
	bom bool
}

// NewCSVWriter starts a CSV file on out; nothing is written before the first row.
func NewCSVWriter(out io.Writer, opts CSVOptions) *CSVWriter {
	w := csv.NewWriter(out)
	w.UseCRLF = true
	if opts.Semicolon {
		w.Comma = ';'
	}
	return &CSVWriter{w: w, out: out, bom: !opts.NoBOM}
}

// Write writes one row (the header is a row like any other).
func (c *CSVWriter) Write(cells []string) error {
	if c.bom {
		c.bom = false
		if _, err := c.out.Write(bomUTF8); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	safe := make([]string, len(cells))
	for i, s := range cells {
		safe[i] = SafeCell(s)
	}
	if err := c.w.Write(safe); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// Close flushes the rows; it does not close out.
func (c *CSVWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// XLSXWriter streams rows into a one-sheet workbook (memory stays flat for large
// exports); every value is written as text through SafeCell, with the header row bold
// and frozen.
type XLSXWriter struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	out    io.Writer
	row    int
	header int // style id of the header row
}

// NewXLSXWriter starts a workbook whose only sheet is named sheet ("" means "Sheet1").
func NewXLSXWriter(out io.Writer, sheet string) (*XLSXWriter, error) {
	f := excelize.NewFile()
	if sheet != "" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			return nil, fmt.Errorf("xlsx sheet name: %w", err)
		}
	} else {
		sheet = "Sheet1"
	}
	style, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, fmt.Errorf("xlsx style: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("xlsx stream: %w", err)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("xlsx panes: %w", err)
	}
	return &XLSXWriter{f: f, sw: sw, out: out, header: style}, nil
}

// Write appends one row; the first row written is styled as the header.
func (x *XLSXWriter) Write(cells []string) error {
	x.row++
	vals := make([]any, len(cells))
	for i, s := range cells {
		vals[i] = SafeCell(xmlSafe(s))
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return fmt.Errorf("write xlsx row %d: %w", x.row, err)
	}
	var opts []excelize.RowOpts
	if x.row == 1 {
		opts = append(opts, excelize.RowOpts{StyleID: x.header})
	}
	if err := x.sw.SetRow(cell, vals, opts...); err != nil {
		return fmt.Errorf("write xlsx row %d: %w", x.row, err)
	}
	return nil
}

// Close finishes the workbook and writes it to out.
func (x *XLSXWriter) Close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	if err := x.f.Write(x.out); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// xmlSafe drops the control characters XML 1.0 cannot carry (a workbook holding one
// does not open); tab, line feed and carriage return are kept.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		if r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
}
