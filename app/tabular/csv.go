package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"maillage/app/errs"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

func hasUTF16BOM(b []byte) bool {
	return bytes.HasPrefix(b, bomUTF16LE) || bytes.HasPrefix(b, bomUTF16BE)
}

// decodeText returns the file as UTF-8 and the encoding it was in. Without a BOM, a file
// that is valid UTF-8 is UTF-8; anything else is taken as Windows-1252, which is what
// Excel for Windows writes in French Canada ("CSV (séparateur : point-virgule)").
func decodeText(data []byte, forced Encoding) ([]byte, Encoding, error) {
	enc := forced
	if enc == "" {
		switch {
		case bytes.HasPrefix(data, bomUTF8):
			enc = UTF8BOM
		case hasUTF16BOM(data):
			enc = UTF16BOM
		case utf16NoBOM(data) != nil:
			out, _, err := transform.Bytes(unicode.UTF16(utf16NoBOM(data).(unicode.Endianness), unicode.IgnoreBOM).NewDecoder(), data)
			if err != nil || !utf8.Valid(out) {
				return nil, UTF16BOM, errs.E(errs.Unsupported, "tabular.unknown_encoding")
			}
			return out, UTF16BOM, nil
		case utf8.Valid(data):
			enc = UTF8
		case !plausibleWindows1252(data):
			return nil, "", errs.E(errs.Unsupported, "tabular.unknown_encoding")
		default:
			enc = Windows1252
		}
	}
	switch enc {
	case UTF8, UTF8BOM:
		data = bytes.TrimPrefix(data, bomUTF8)
		if !utf8.Valid(data) {
			return nil, enc, errs.E(errs.Unsupported, "tabular.bad_encoding").With(map[string]any{"Encoding": string(enc)})
		}
		return data, enc, nil
	case UTF16BOM:
		out, _, err := transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder(), data)
		if err != nil {
			return nil, enc, errs.E(errs.Unsupported, "tabular.bad_encoding").With(map[string]any{"Encoding": string(enc)}).Wrap(err)
		}
		return out, enc, nil
	case Windows1252:
		out, _, err := transform.Bytes(charmap.Windows1252.NewDecoder(), data)
		if err != nil {
			return nil, enc, errs.E(errs.Unsupported, "tabular.bad_encoding").With(map[string]any{"Encoding": string(enc)}).Wrap(err)
		}
		return out, enc, nil
	}
	return nil, enc, errs.E(errs.Unsupported, "tabular.bad_encoding").With(map[string]any{"Encoding": string(enc)})
}

// utf16NoBOM recognises UTF-16 text written without a byte-order mark (some exports do): in
// French text nearly every other byte is NUL. It returns the byte order, nil otherwise.
func utf16NoBOM(data []byte) any {
	head := data[:min(len(data), 4096)]
	if len(head) < 4 {
		return nil
	}
	even, odd := 0, 0
	for i, b := range head {
		if b == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := len(head) / 2
	switch {
	case odd > half*8/10 && even == 0:
		return unicode.LittleEndian
	case even > half*8/10 && odd == 0:
		return unicode.BigEndian
	}
	return nil
}

// plausibleWindows1252 tells Windows-1252 (what Excel writes in French Canada) from other
// 8-bit encodings: bytes Windows-1252 leaves undefined, or more of its rare letters (Ž, ˆ, ‰…
// which is how Mac Roman's é, à, ë read in Windows-1252) than French accented letters, mean
// the file is in an encoding we cannot tell, and guessing would corrupt every accent.
func plausibleWindows1252(data []byte) bool {
	rare, french := 0, 0
	for _, b := range data {
		switch {
		case b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D:
			return false
		case b >= 0x80 && b <= 0x9F && b != 0x92 && b != 0x93 && b != 0x94 && b != 0x96 && b != 0x97 && b != 0x85 && b != 0x80 && b != 0x9C && b != 0x8C && b != 0x91 && b != 0x95 && b != 0x99:
			rare++
		case b >= 0xC0:
			french++
		}
	}
	return rare <= french
}

// delimiters are the candidates, in order of preference when the evidence is equal.
var delimiters = []rune{';', ',', '\t'}

// detectDelimiter looks at the first lines (outside quotes) and picks the candidate that
// splits them into the same number of fields, most fields first. A French-Canadian export
// uses ';' because ',' is the decimal separator, so "12,50;Déneigement" must give ';'.
func detectDelimiter(text []byte) rune {
	lines := sampleLines(text, 20)
	best, bestScore := ',', -1
	for _, d := range delimiters {
		counts := make([]int, 0, len(lines))
		for _, l := range lines {
			counts = append(counts, countOutsideQuotes(l, byte(d)))
		}
		if len(counts) == 0 || counts[0] == 0 {
			continue
		}
		score := counts[0] * 10
		for _, c := range counts[1:] {
			if c == counts[0] {
				score += 10
			} else if c == 0 {
				score -= 20
			}
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

// sampleLines splits the start of text into logical lines, keeping quoted line breaks
// inside their line, and skips blank ones.
func sampleLines(text []byte, n int) [][]byte {
	var lines [][]byte
	inQuote, start := false, 0
	for i := 0; i < len(text) && len(lines) < n; i++ {
		switch text[i] {
		case '"':
			inQuote = !inQuote
		case '\n':
			if !inQuote {
				if l := bytes.TrimRight(text[start:i], "\r"); len(bytes.TrimSpace(l)) > 0 {
					lines = append(lines, l)
				}
				start = i + 1
			}
		}
	}
	if len(lines) < n && start < len(text) {
		if l := text[start:]; len(bytes.TrimSpace(l)) > 0 {
			lines = append(lines, l)
		}
	}
	return lines
}

func countOutsideQuotes(line []byte, d byte) int {
	n, inQuote := 0, false
	for _, c := range line {
		switch {
		case c == '"':
			inQuote = !inQuote
		case c == d && !inQuote:
			n++
		}
	}
	return n
}

// readCSV decodes, splits and shapes a CSV file. A row with the wrong number of fields or
// a quoting error is kept (so numbering matches what the user sees) and reported in v.
func readCSV(data []byte, opts Options, v *errs.Validation) (*Table, error) {
	text, enc, err := decodeText(data, opts.Encoding)
	if err != nil {
		return nil, err
	}
	// Classic Mac Excel ends lines with a lone CR, which encoding/csv does not split on.
	if bytes.IndexByte(text, '\n') < 0 {
		text = bytes.ReplaceAll(text, []byte{'\r'}, []byte{'\n'})
	}
	delim := opts.Delimiter
	if delim == 0 {
		delim = detectDelimiter(text)
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = delim
	cr.FieldsPerRecord = -1 // counted here, to report every broken row rather than stop
	var (
		header  []string
		records []record
	)
	for {
		cells, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var (
			perr *csv.ParseError
			line int
		)
		switch {
		case errors.As(err, &perr):
			line = perr.StartLine
		case err != nil:
			return nil, errs.E(errs.Invalid, "tabular.unreadable").Wrap(err)
		default:
			line, _ = cr.FieldPos(0)
		}
		if header == nil {
			if perr != nil {
				return nil, errs.E(errs.Invalid, "tabular.bad_header").With(map[string]any{"Line": line})
			}
			if blank(cells) {
				continue
			}
			header = cells
			continue
		}
		if perr == nil && blank(cells) {
			continue
		}
		records = append(records, record{line: line, cells: cells})
		switch { // rows are named by their line in the file, the one number a person sees
		case perr != nil:
			v.AddRow(line, "", "tabular.row_malformed", map[string]any{"Line": line})
		case !fits(cells, len(header)):
			v.AddRow(line, "", "tabular.row_field_count", map[string]any{"Line": line, "Expected": len(header), "Got": len(cells)})
		}
	}
	if header == nil {
		return nil, errs.E(errs.Invalid, "tabular.empty")
	}
	t := build(header, records)
	t.Format, t.Encoding, t.Delimiter = FormatCSV, enc, delim
	return t, nil
}

// fits reports whether a row has the header's number of cells. Extra cells are tolerated
// when they are all empty, as Excel adds trailing separators to some exports; a row with
// fewer cells, or with values past the last column (a delimiter left unquoted inside a
// value shifts everything), is broken.
func fits(cells []string, width int) bool {
	if len(cells) < width {
		return false
	}
	return blank(cells[width:])
}
